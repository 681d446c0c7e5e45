/**
 * Every operational failure of kstreams is a {@link StreamsError} with a stable `code`.
 * Codes never change within a major version; messages may, and each says what to do.
 * Programmer misuse (a wrong argument type or range) throws TypeError / RangeError instead.
 */

/** The stable codes of {@link StreamsError}. */
export type StreamsErrorCode =
  | 'INVALID_TOPOLOGY'
  | 'UNKNOWN_STATE_STORE'
  | 'DUPLICATE_SOURCE_TOPIC'
  | 'DUPLICATE_NODE_NAME'
  | 'NOT_COPARTITIONED'
  | 'UNKNOWN_TOPIC'
  | 'SERIALIZATION'
  | 'DESERIALIZATION'
  | 'PROCESSING'
  | 'INVALID_CONFIG'
  | 'STORE'
  | 'NO_SUCH_ELEMENT'
  | 'ILLEGAL_STATE'
  | 'INCOMPATIBLE_SCHEMA'
  | 'SCHEMA_REGISTRY'
  | 'BROKER';

export interface StreamsErrorOptions {
  retriable?: boolean;
  taskId?: string;
  cause?: unknown;
}

/** Root of every error kstreams raises while building or running a topology. */
export class StreamsError extends Error {
  readonly code: StreamsErrorCode;
  readonly retriable: boolean;
  readonly taskId: string | undefined;

  constructor(code: StreamsErrorCode, message: string, options: StreamsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.taskId = options.taskId;
  }
}

/** A topology that cannot run as built. Kafka Streams prefixes these with "Invalid topology:"; so do we. */
export class TopologyError extends StreamsError {
  constructor(message: string, code: StreamsErrorCode = 'INVALID_TOPOLOGY') {
    super(code, `Invalid topology: ${message}`);
  }
}

/** A processor asks for a state store that was never added to the topology, or not connected to it. */
export class UnknownStateStoreError extends TopologyError {
  constructor(readonly storeName: string, detail: string) {
    super(detail, 'UNKNOWN_STATE_STORE');
  }
}

/** Two sources (or a source and a table) read the same topic. */
export class DuplicateSourceTopicError extends TopologyError {
  constructor(readonly topic: string, detail: string) {
    super(detail, 'DUPLICATE_SOURCE_TOPIC');
  }
}

/** Two nodes of one topology were given the same name. */
export class DuplicateNodeNameError extends TopologyError {
  constructor(readonly nodeName: string, detail: string) {
    super(detail, 'DUPLICATE_NODE_NAME');
  }
}

/** The inputs of a join do not have the same number of partitions. */
export class CopartitionError extends TopologyError {
  constructor(detail: string) {
    super(detail, 'NOT_COPARTITIONED');
  }
}

/** A record was piped to or requested from a topic that no part of the topology knows. */
export class UnknownTopicError extends StreamsError {
  constructor(readonly topic: string, message: string) {
    super('UNKNOWN_TOPIC', message);
  }
}

/** Where a record came from, for error messages. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: bigint | number;
}

/** A serde could not turn a value into bytes. */
export class SerializationError extends StreamsError {
  constructor(readonly topic: string, message: string, cause?: unknown) {
    super('SERIALIZATION', message, { cause });
  }
}

/** A record's bytes could not be read; names the topic, partition and offset so the record can be found. */
export class DeserializationError extends StreamsError {
  constructor(readonly position: RecordPosition, message: string, cause?: unknown) {
    super('DESERIALIZATION', message, { cause });
  }
}

/** A user's processor, mapper, predicate or aggregator threw while processing a record. */
export class ProcessingError extends StreamsError {
  constructor(message: string, options: StreamsErrorOptions & { position?: RecordPosition; processorName?: string }) {
    super('PROCESSING', message, options);
  }
}

/** One or more configuration fields are invalid; `problems` lists every one of them. */
export class ConfigError extends StreamsError {
  constructor(readonly problems: readonly string[]) {
    super('INVALID_CONFIG', `Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** A state store failed or was used in a state that does not allow the call. */
export class StoreError extends StreamsError {
  constructor(readonly storeName: string, message: string, cause?: unknown) {
    super('STORE', message, { cause });
  }
}

/** Reading from a test output topic that is uninitialized or empty (Kafka's NoSuchElementException). */
export class NoSuchElementError extends StreamsError {
  constructor(message: string) {
    super('NO_SUCH_ELEMENT', message);
  }
}

/** A call that the object's current state does not allow (Kafka's IllegalStateException). */
export class IllegalStateError extends StreamsError {
  constructor(message: string) {
    super('ILLEGAL_STATE', message);
  }
}

/**
 * A schema registry refused a schema because it breaks the subject's compatibility level; nothing was
 * registered or produced. Names the subject, the level, the registered version it clashes with and the field at fault.
 */
export class IncompatibleSchemaError extends StreamsError {
  constructor(
    readonly subject: string,
    readonly level: string,
    /** The registered version the schema clashes with (undefined when the registry did not say). */
    readonly version: number | undefined,
    /** One line per incompatibility, each starting with the path of the field at fault. */
    readonly messages: readonly string[],
    /** The path of the first field at fault, e.g. `/fields/tip_amount` (undefined when the registry did not say). */
    readonly field: string | undefined,
  ) {
    super(
      'INCOMPATIBLE_SCHEMA',
      `Schema for subject ${subject} is incompatible with version ${version ?? '?'} under compatibility level ${level}: ` +
        `${messages.length === 0 ? 'the registry gave no reason' : messages.join('; ')}. ` +
        'Give new fields a default, keep removed fields\' defaults, add aliases for renames, or change the subject\'s level.',
    );
  }
}

/** A schema registry call failed (not found, invalid schema, HTTP or network failure); `status` and `errorCode` as the registry sent them. */
export class SchemaRegistryError extends StreamsError {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly errorCode: number | undefined,
    options: StreamsErrorOptions = {},
  ) {
    super('SCHEMA_REGISTRY', message, options);
  }
}
