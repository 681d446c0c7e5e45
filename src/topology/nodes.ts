import type { AsyncCapableSerde, Headers, Serde } from '../serdes/serde.js';
import type { StateStore } from '../state/store.js';
import { ProcessingError, SerializationError, StreamsError, UnknownStateStoreError } from '../errors.js';
import { defaultPartition } from '../internal/murmur2.js';
import { isPromise, type Cancellable, type Processor, type ProcessorContext, type ProcessResult, type Punctuator, type PunctuationType } from './processor.js';
import { StreamRecord, type RecordMetadata } from './record.js';
import { resolveSerde, type ProcessorNodeDef, type SinkNodeDef } from './topology.js';
import type { TaskServices } from './task-services.js';

/** A node as it runs inside a task. */
export interface RuntimeNode {
  readonly name: string;
  readonly children: RuntimeNode[];
  process(record: StreamRecord<unknown, unknown>): ProcessResult;
}

/** Sends `record` to each node in order; continues asynchronously only after a child returned a Promise. */
export function forwardTo(children: readonly RuntimeNode[], record: StreamRecord<unknown, unknown>, from = 0): ProcessResult {
  if (children.length === 1 && from === 0) return (children[0] as RuntimeNode).process(record); // the common chain
  for (let i = from; i < children.length; i++) {
    const result = (children[i] as RuntimeNode).process(record);
    if (result !== undefined && isPromise(result)) return result.then(() => forwardTo(children, record, i + 1));
  }
}

/** Entry node of a sub-topology: forwards deserialized input records. */
export class SourceRuntimeNode implements RuntimeNode {
  readonly children: RuntimeNode[] = [];
  constructor(readonly name: string) {}

  process(record: StreamRecord<unknown, unknown>): ProcessResult {
    return forwardTo(this.children, record);
  }
}

/** Runs one user or DSL processor with its own context. */
export class ProcessorRuntimeNode implements RuntimeNode {
  readonly children: RuntimeNode[] = [];
  readonly processor: Processor<unknown, unknown, unknown, unknown>;
  readonly context: NodeContext;

  constructor(readonly def: ProcessorNodeDef, services: TaskServices) {
    this.processor = def.supplier();
    this.context = new NodeContext(this, services);
  }

  get name(): string {
    return this.def.name;
  }

  init(): void | Promise<void> {
    return this.processor.init?.(this.context);
  }

  process(record: StreamRecord<unknown, unknown>): ProcessResult {
    try {
      const result = this.processor.process(record, this.context);
      if (result !== undefined && isPromise(result)) return result.catch((error: unknown) => this.#fail(error));
      return result;
    } catch (error) {
      return this.#fail(error);
    }
  }

  #fail(error: unknown): never {
    if (error instanceof StreamsError) throw error;
    const where = this.context.recordMetadata();
    const position = where === undefined ? '' : `, topic=${where.topic}, partition=${where.partition}, offset=${where.offset}`;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProcessingError(`Exception caught in process. taskId=${this.context.taskId()}, processor=${this.name}${position}: ${reason}`, {
      taskId: this.context.taskId(),
      processorName: this.name,
      cause: error,
      ...(where === undefined ? {} : { position: where }),
    });
  }
}

/** Serializes and partitions records, and hands them to the task's record collector. */
export class SinkRuntimeNode implements RuntimeNode {
  readonly children: RuntimeNode[] = [];
  readonly #keySerde: Serde<unknown>;
  readonly #valueSerde: Serde<unknown>;

  constructor(
    readonly def: SinkNodeDef,
    readonly services: TaskServices,
  ) {
    this.#keySerde = requireSerde(resolveSerde(def.options.keySerde, services.defaultKeySerde), 'key', def.name);
    this.#valueSerde = requireSerde(resolveSerde(def.options.valueSerde, services.defaultValueSerde), 'value', def.name);
  }

  get name(): string {
    return this.def.name;
  }

  process(record: StreamRecord<unknown, unknown>): ProcessResult {
    const services = this.services;
    const meta = services.recordMetadata();
    const logical =
      typeof this.def.topic === 'string'
        ? this.def.topic
        : this.def.topic(record.key, record.value, {
            topic: meta?.topic,
            partition: meta?.partition,
            offset: meta?.offset,
            timestamp: record.timestamp,
          });
    const topic = services.physicalTopic(logical);
    const fail = (error: unknown): never => {
      throw new SerializationError(
        topic,
        `Sink ${this.name} could not serialize a record for topic ${topic}: ${error instanceof Error ? error.message : String(error)}. ` +
          'Pass serdes that match the record types with Produced.with(keySerde, valueSerde).',
        error,
      );
    };
    let key: Buffer | null | Promise<Buffer | null>;
    let value: Buffer | null | Promise<Buffer | null>;
    try {
      const keySerde: AsyncCapableSerde<unknown> = this.#keySerde;
      const valueSerde: AsyncCapableSerde<unknown> = this.#valueSerde;
      key = record.key === null || record.key === undefined ? null : keySerde.serialize(topic, record.key, record.headers);
      value = record.value === null || record.value === undefined ? null : valueSerde.serialize(topic, record.value, record.headers);
    } catch (error) {
      return fail(error);
    }
    // A serde returns a Promise only when it must do I/O (a registry serde registering a schema, API.md).
    if (isPromise(key) || isPromise(value)) {
      return Promise.all([key, value]).then(([k, v]) => this.#send(topic, record, k, v), fail);
    }
    this.#send(topic, record, key, value);
  }

  #send(topic: string, record: StreamRecord<unknown, unknown>, key: Buffer | null, value: Buffer | null): void {
    this.services.send(topic, this.#partition(topic, record, key), key, value, record.timestamp, record.headers);
  }

  #partition(topic: string, record: StreamRecord<unknown, unknown>, key: Buffer | null): number | undefined {
    const partitions = this.services.partitionsFor(topic);
    if (partitions === undefined) return undefined;
    const chosen = this.def.options.partitioner?.(topic, record.key, record.value, partitions);
    if (chosen !== undefined) return chosen;
    return key === null ? undefined : defaultPartition(key, partitions);
  }
}

function requireSerde(serde: Serde<unknown> | undefined, what: string, nodeName: string): Serde<unknown> {
  if (serde === undefined) {
    throw new StreamsError(
      'INVALID_CONFIG',
      `Node ${nodeName} has no ${what} serde. Pass one (Consumed.with / Produced.with / Materialized.with / Grouped.with), ` +
        `or set default${what === 'key' ? 'Key' : 'Value'}Serde in the config.`,
    );
  }
  return serde;
}

/** The ProcessorContext of one processor node. */
export class NodeContext implements ProcessorContext<unknown, unknown> {
  constructor(
    readonly node: ProcessorRuntimeNode,
    readonly services: TaskServices,
  ) {}

  forward(record: StreamRecord<unknown, unknown>, childName?: string): ProcessResult {
    const children = this.node.children;
    if (childName === undefined) return forwardTo(children, record);
    const child = children.find((c) => c.name === childName);
    if (child === undefined) {
      throw new StreamsError('INVALID_TOPOLOGY', `Unknown downstream node: ${childName} is not a child of ${this.node.name}.`);
    }
    return child.process(record);
  }

  getStateStore<S extends StateStore = StateStore>(name: string): S {
    if (!this.node.def.stores.includes(name)) {
      const global = this.services.globalStore?.(name);
      if (global !== undefined) return global as S;
      throw new UnknownStateStoreError(
        name,
        `Processor ${this.node.name} has no access to StateStore ${name} as the store is not connected to the processor. ` +
          `Connect it by naming the store when adding the processor (stream.process(supplier, '${name}')), or with addStateStore(builder, '${this.node.name}').`,
      );
    }
    return this.services.getStore(name) as S;
  }

  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    return this.services.schedule(this.node.name, intervalMs, type, punctuator);
  }

  recordMetadata(): RecordMetadata | undefined {
    return this.services.recordMetadata();
  }

  currentStreamTimeMs(): number {
    return this.services.streamTimeMs();
  }

  currentSystemTimeMs(): number {
    return this.services.wallClockMs();
  }

  taskId(): string {
    return this.services.taskId;
  }

  applicationId(): string {
    return this.services.applicationId;
  }

  recordDropped(reason: string): void {
    this.services.recordDropped(this.node.name, reason);
  }
}

export type { Headers };
export { StreamRecord };

/**
 * The default key and value serdes of the task running `context` (the config's), for processors that serialize
 * internally when the DSL had no serde (Kafka's SerdeGetter / setIfUnset). Undefined outside a task.
 */
export function taskDefaultSerdes(context: ProcessorContext<unknown, unknown>): { key: Serde<unknown> | undefined; value: Serde<unknown> | undefined } {
  return context instanceof NodeContext
    ? { key: context.services.defaultKeySerde, value: context.services.defaultValueSerde }
    : { key: undefined, value: undefined };
}

/**
 * False when forwarding from `context` reaches no processor (a node without children, such as a table kept only
 * for interactive queries), so a processor may skip building records nobody receives. True for other contexts.
 */
export function hasDownstream(context: ProcessorContext<unknown, unknown>): boolean {
  return !(context instanceof NodeContext) || context.node.children.length > 0;
}
