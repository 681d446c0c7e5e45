import type { StateStore } from '../state/store.js';
import type { RecordMetadata, StreamRecord } from './record.js';

/** What a processor's `process` may return: nothing, or a Promise that holds back only its own task. */
export type ProcessResult = void | Promise<void>;

/** When a punctuator fires: on stream time (record timestamps) or on the wall clock. */
export type PunctuationType = 'STREAM_TIME' | 'WALL_CLOCK_TIME';

/** A scheduled callback; receives the time (ms) at which it fires. */
export type Punctuator = (timestampMs: number) => ProcessResult;

/** Returned by `schedule`; cancels the punctuation. */
export interface Cancellable {
  cancel(): void;
}

/**
 * The context a processor runs in: forward records downstream, reach its state stores, schedule punctuations.
 * One context per processor node; it is handed to `init` and as the second argument of `process`.
 */
export interface ProcessorContext<KOut = unknown, VOut = unknown> {
  /**
   * Sends a record to every child (or to the named child). Returns a Promise only when a downstream
   * processor is asynchronous; return it from `process` so the task waits for it.
   */
  forward<K extends KOut, V extends VOut>(record: StreamRecord<K, V>, childName?: string): ProcessResult;
  /** A state store connected to this processor. Throws UnknownStateStoreError for any other name. */
  getStateStore<S extends StateStore = StateStore>(name: string): S;
  /** Calls `punctuator` every `intervalMs` of stream time or wall-clock time. */
  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable;
  /** Topic, partition and offset of the input record being processed; undefined inside a punctuation. */
  recordMetadata(): RecordMetadata | undefined;
  /** The largest timestamp the task has seen so far (-1 before the first record). */
  currentStreamTimeMs(): number;
  /** The current wall-clock time of the task's clock (the test driver's mock clock in tests). */
  currentSystemTimeMs(): number;
  /** The id of the task, `<subtopology>_<partition>`. */
  taskId(): string;
  /** The application id (consumer group and internal-topic prefix). */
  applicationId(): string;
  /** Records a dropped record in the task metrics (`dropped-records-total`) with a reason. */
  recordDropped(reason: string): void;
}

/**
 * A node of the Processor API: receives records one at a time.
 *
 * @example
 * const upper: ProcessorSupplier<string, string, string, string> = () => ({
 *   process(record, ctx) { return ctx.forward(record.withValue(record.value.toUpperCase())); },
 * });
 */
export interface Processor<KIn, VIn, KOut = never, VOut = never> {
  init?(context: ProcessorContext<KOut, VOut>): void | Promise<void>;
  process(record: StreamRecord<KIn, VIn>, context: ProcessorContext<KOut, VOut>): ProcessResult;
  /** Called at every commit before the stores flush: finish what was accepted (an App agent waits here for its acks). */
  flush?(): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** Creates a fresh processor for each task (Kafka's ProcessorSupplier, as a plain function). */
export type ProcessorSupplier<KIn, VIn, KOut = never, VOut = never> = () => Processor<KIn, VIn, KOut, VOut>;

export { isPromise } from '../internal/promise.js';
