/**
 * Avro serdes (reference/avro-schema-registry.md §1, §4): `avroSerde` writes the bare Avro body; a
 * `schemaRegistrySerde` writes Confluent's wire format (magic byte 0, big-endian int32 schema id, Avro body) and
 * reads any writer schema into its reader schema, with one avsc resolver per (writer id, reader schema) built on
 * first sight and cached, so after the first record of a schema no registry call is made.
 */
import type { Resolver } from 'avsc';
import { SerializationError } from '../errors.js';
import { isPromise } from '../internal/promise.js';
import { parseAvroSchema, type AvroType } from './schema-registry/avro-schema.js';
import { hasSyncLookups, subjectName, type AvroSchema, type SchemaRegistry, type SubjectNameStrategy } from './schema-registry/registry.js';
import type { Headers, Serde } from './serde.js';

const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

/**
 * A serde of raw Avro bodies (no header, no schema id): the writer and the reader must agree on `schema`.
 * Values are checked against the schema on the way out; bytes that do not fit it (truncated, trailing data)
 * throw SerializationError on the way in. `null` maps to `null` both ways.
 * @example const rides = avroSerde<TaxiRide>(JSON.parse(readFileSync('taxi_ride_value.avsc', 'utf8')));
 */
export function avroSerde<T>(schema: AvroSchema): Serde<T> {
  const type = parseAvroSchema(schema);
  return Object.freeze({
    serialize(topic: string, data: T): Buffer | null {
      if (data === null) return null;
      try {
        return type.toBuffer(data);
      } catch (error) {
        throw invalidValue(topic, type, data, error);
      }
    },
    deserialize(topic: string, data: Buffer | null): T {
      if (data === null) return null as T;
      try {
        return type.fromBuffer(data) as T;
      } catch (error) {
        throw new SerializationError(
          topic,
          `avroSerde cannot deserialize ${data.length} bytes from topic "${topic}" with schema ${describeType(type)}: ${(error as Error).message}. ` +
            'Check that the producer writes raw Avro with this schema (a Schema Registry producer needs schemaRegistrySerde).',
          error,
        );
      }
    },
  });
}

/** Options of {@link schemaRegistrySerde}. */
export interface SchemaRegistrySerdeOptions {
  /** The subject to register and look up under; overrides `subjectNameStrategy`. */
  readonly subject?: string;
  /** The writer schema; also the reader schema unless `readerSchema` is given. Without it, serialize uses the subject's latest version. */
  readonly schema?: AvroSchema;
  /** The schema records are read into, whatever schema wrote them (Avro resolution); default: `schema`, else each writer's own. */
  readonly readerSchema?: AvroSchema;
  /** How subjects are named from topics. @default 'TopicName' (`<topic>-key` / `<topic>-value`) */
  readonly subjectNameStrategy?: SubjectNameStrategy;
  /** True for a key serde (subject `<topic>-key`). @default false */
  readonly isKey?: boolean;
}

/**
 * A Confluent wire-format serde. `serialize`/`deserialize` answer synchronously whenever the schemas they need
 * are cached, and always with an in-process registry (EmbeddedSchemaRegistry); with a remote registry, the first
 * record of a schema returns a Promise (typed as the plain result, as API.md allows), which the engine awaits.
 * Code of your own that calls the serde directly should use `serializeAsync`/`deserializeAsync`.
 */
export interface SchemaRegistrySerde<T> extends Serde<T> {
  serializeAsync(topic: string, data: T, headers?: Headers): Promise<Buffer | null>;
  deserializeAsync(topic: string, data: Buffer | null, headers?: Headers): Promise<T>;
  /** The subject this serde registers under for `topic`. */
  subjectFor(topic: string): string;
}

interface Writer {
  readonly id: number;
  readonly type: AvroType;
}

interface Reader {
  /** The type that decodes: the reader schema when there is one, else the writer's. */
  readonly type: AvroType;
  readonly resolver: Resolver | undefined;
}

/**
 * A serde of Confluent's wire format through a schema registry: magic byte 0, the schema's global id as a
 * big-endian int32, then the Avro body. Serializing registers (or finds) `schema` under the topic's subject once
 * per topic; an incompatible schema fails there, before anything is produced. Deserializing reads the id, fetches
 * that schema once, and resolves it into the reader schema. Bytes not in the wire format (another magic byte,
 * fewer than 5 bytes, an unknown id, a truncated or overlong body) throw SerializationError, which the engine
 * reports as a DeserializationError with the record's topic, partition and offset. `null` maps to `null`.
 * @example
 * const registry = new EmbeddedSchemaRegistry();
 * builder.stream('rides', Consumed.with(
 *   schemaRegistrySerde<RideKey>(registry, { schema: keySchema, isKey: true }),
 *   schemaRegistrySerde<TaxiRide>(registry, { schema: valueSchema }),
 * ));
 */
export function schemaRegistrySerde<T>(registry: SchemaRegistry, options: SchemaRegistrySerdeOptions = {}): SchemaRegistrySerde<T> {
  const isKey = options.isKey ?? false;
  const strategy = options.subjectNameStrategy ?? 'TopicName';
  const configured = options.schema === undefined ? undefined : parseAvroSchema(options.schema);
  const readerSchema = options.readerSchema === undefined ? configured : parseAvroSchema(options.readerSchema);
  const sync = hasSyncLookups(registry) ? registry : undefined;
  const writers = new Map<string, Writer>(); // per topic
  const pendingWriters = new Map<string, Promise<Writer>>();
  const readers = new Map<number, Reader>(); // per writer id (the reader schema is this serde's)
  const pendingReaders = new Map<number, Promise<Reader>>();
  let scratch = Buffer.allocUnsafe(1024);

  const subjectFor = (topic: string, type: AvroType | undefined = configured): string =>
    options.subject ?? subjectName(strategy, topic, isKey, type?.name);

  const resolveWriter = (topic: string): Writer | Promise<Writer> => {
    if (configured !== undefined) {
      const subject = subjectFor(topic);
      if (sync !== undefined) return remember(writers, topic, { id: sync.registerSync(subject, options.schema as AvroSchema), type: configured });
      return registry.register(subject, options.schema as AvroSchema).then((id) => remember(writers, topic, { id, type: configured }));
    }
    // No schema given: write with the subject's latest version (a record-name strategy needs a schema).
    const subject = subjectFor(topic, undefined);
    if (sync !== undefined) {
      const latest = sync.getLatestSync(subject);
      return remember(writers, topic, { id: latest.id, type: parseAvroSchema(latest.schema) });
    }
    return registry.getLatest(subject).then((latest) => remember(writers, topic, { id: latest.id, type: parseAvroSchema(latest.schema) }));
  };

  const buildReader = (id: number, text: string): Reader => {
    const writer = parseAvroSchema(text);
    if (readerSchema === undefined) return remember(readers, id, { type: writer, resolver: undefined });
    return remember(readers, id, { type: readerSchema, resolver: readerSchema.createResolver(writer, { ignoreNamespaces: true }) });
  };

  const resolveReader = (id: number): Reader | Promise<Reader> => {
    if (sync !== undefined) return buildReader(id, sync.getByIdSync(id));
    let pending = pendingReaders.get(id);
    if (pending === undefined) {
      pending = registry.getById(id).then((text) => buildReader(id, text));
      pendingReaders.set(id, pending);
      // A failure is not cached: the next record with this id asks again.
      void pending.then(
        () => pendingReaders.delete(id),
        () => pendingReaders.delete(id),
      );
    }
    return pending;
  };

  const encode = (topic: string, writer: Writer, data: T): Buffer => {
    let end: number;
    try {
      end = writer.type.encode(data, scratch, HEADER_BYTES);
      while (end < 0) {
        scratch = Buffer.allocUnsafe(Math.max(scratch.length * 2, scratch.length - end + HEADER_BYTES));
        end = writer.type.encode(data, scratch, HEADER_BYTES);
      }
    } catch (error) {
      throw invalidValue(topic, writer.type, data, error);
    }
    const out = Buffer.allocUnsafe(end);
    out[0] = MAGIC_BYTE;
    out.writeInt32BE(writer.id, 1);
    scratch.copy(out, HEADER_BYTES, HEADER_BYTES, end);
    return out;
  };

  const decode = (topic: string, reader: Reader, id: number, data: Buffer): T => {
    let decoded: { value: unknown; offset: number };
    try {
      decoded = reader.type.decode(data, HEADER_BYTES, reader.resolver) as { value: unknown; offset: number };
    } catch (error) {
      throw badBytes(topic, data, `its Avro body does not match schema ${id} (${(error as Error).message})`, error);
    }
    if (decoded.offset < 0) throw badBytes(topic, data, `its Avro body is truncated (schema ${id} needs more than the ${data.length - HEADER_BYTES} bytes after the header)`);
    if (decoded.offset !== data.length) {
      throw badBytes(topic, data, `${data.length - decoded.offset} byte(s) follow the Avro body of schema ${id}: the record is not one datum of that schema`);
    }
    return decoded.value as T;
  };

  const failedWriter = (topic: string, error: unknown): never => {
    if (error instanceof SerializationError) throw error;
    throw new SerializationError(
      topic,
      `schemaRegistrySerde cannot get a schema id for topic "${topic}" (subject ${safeSubject(subjectFor, topic)}): ${(error as Error).message}`,
      error,
    );
  };

  const failedReader = (topic: string, data: Buffer, id: number, error: unknown): never => {
    if (error instanceof SerializationError) throw error;
    throw badBytes(topic, data, `schema id ${id} cannot be read: ${(error as Error).message}`, error);
  };

  const serialize = (topic: string, data: T): Buffer | null | Promise<Buffer | null> => {
    if (data === null) return null;
    const writer = writers.get(topic);
    if (writer !== undefined) return encode(topic, writer, data);
    let resolved: Writer | Promise<Writer>;
    try {
      resolved = pendingWriters.get(topic) ?? resolveWriter(topic);
    } catch (error) {
      return failedWriter(topic, error);
    }
    if (!isPromise(resolved)) return encode(topic, resolved, data);
    pendingWriters.set(topic, resolved);
    return resolved.then(
      (w) => {
        pendingWriters.delete(topic);
        return encode(topic, w, data);
      },
      (error: unknown) => {
        pendingWriters.delete(topic);
        return failedWriter(topic, error);
      },
    );
  };

  const deserialize = (topic: string, data: Buffer | null): T | Promise<T> => {
    if (data === null) return null as T;
    if (data.length < HEADER_BYTES) throw badBytes(topic, data, `it has ${data.length} byte(s), fewer than the 5-byte header (magic byte 0 and a 4-byte schema id)`);
    if (data[0] !== MAGIC_BYTE) {
      throw badBytes(topic, data, `its first byte is 0x${(data[0] as number).toString(16).padStart(2, '0')}, not the magic byte 0x00 of the Schema Registry wire format`);
    }
    const id = data.readInt32BE(1);
    const reader = readers.get(id);
    if (reader !== undefined) return decode(topic, reader, id, data);
    let resolved: Reader | Promise<Reader>;
    try {
      resolved = resolveReader(id);
    } catch (error) {
      return failedReader(topic, data, id, error);
    }
    if (!isPromise(resolved)) return decode(topic, resolved, id, data);
    return resolved.then(
      (r) => decode(topic, r, id, data),
      (error: unknown) => failedReader(topic, data, id, error),
    );
  };

  return Object.freeze({
    // A Promise only on the first record of a schema with a remote registry: API.md lets a serde return one then.
    serialize: serialize as (topic: string, data: T) => Buffer | null,
    deserialize: deserialize as (topic: string, data: Buffer | null) => T,
    serializeAsync: async (topic: string, data: T): Promise<Buffer | null> => serialize(topic, data),
    deserializeAsync: async (topic: string, data: Buffer | null): Promise<T> => deserialize(topic, data),
    subjectFor: (topic: string): string => subjectFor(topic),
  });
}

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  cache.set(key, value);
  return value;
}

function safeSubject(subjectFor: (topic: string) => string, topic: string): string {
  try {
    return subjectFor(topic);
  } catch {
    return '?';
  }
}

function describeType(type: AvroType): string {
  return type.name ?? type.typeName;
}

function badBytes(topic: string, data: Buffer, reason: string, cause?: unknown): SerializationError {
  return new SerializationError(
    topic,
    `schemaRegistrySerde cannot deserialize ${data.length} bytes from topic "${topic}": ${reason}. ` +
      'Check that the producer writes Confluent Schema Registry Avro to this topic, against the same registry.',
    cause,
  );
}

function invalidValue(topic: string, type: AvroType, data: unknown, cause: unknown): SerializationError {
  const paths: string[] = [];
  try {
    type.isValid(data, { errorHook: (path: string[]) => void paths.push(path.length === 0 ? '(the value)' : path.join('.')) });
  } catch {
    // isValid itself may throw on values of the wrong shape; the original error still says why.
  }
  return new SerializationError(
    topic,
    `Cannot serialize a value for topic "${topic}" with Avro schema ${describeType(type)}: ` +
      `${paths.length > 0 ? `invalid field(s) ${paths.join(', ')}` : (cause as Error).message}. Give every field a value of its schema type.`,
    cause,
  );
}
