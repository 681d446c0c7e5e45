import { requireNonEmptyString, requireObject } from '../internal/assert.js';
import type { Windowed } from '../windows/windowed.js';

/** What a full suppression buffer does: emit its oldest entries early, or stop the application (Kafka's BufferFullStrategy). */
export type BufferFullStrategy = 'EMIT' | 'SHUT_DOWN';

/** `Number.POSITIVE_INFINITY` (no bound) or a non-negative integer. */
function requireLimit(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`Expected ${name} to be a number, received ${typeof value}`);
  if (!(value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value >= 0))) {
    throw new RangeError(`Expected ${name} to be a non-negative integer or Infinity, received ${String(value)}`);
  }
}

/**
 * The size limits and full-buffer behaviour of a suppression buffer (Kafka's Suppressed.BufferConfig). A
 * `BufferConfig<'SHUT_DOWN'>` is Kafka's StrictBufferConfig (never emits early; the only kind
 * `Suppressed.untilWindowCloses` takes), a `BufferConfig<'EMIT'>` its EagerBufferConfig. The buffer is an in-memory
 * store backed by a changelog topic unless `withLoggingDisabled()`.
 *
 * @example
 * BufferConfig.unbounded()                              // strict: no bound
 * BufferConfig.maxRecords(1_000).emitEarlyWhenFull()     // eager (the default of maxRecords/maxBytes)
 * BufferConfig.maxBytes(1 << 20).shutDownWhenFull()       // strict: fail when more than 1 MiB is buffered
 */
export class BufferConfig<S extends BufferFullStrategy = BufferFullStrategy> {
  private constructor(
    /** At most this many keys are buffered (Infinity: no bound). */
    readonly maxRecords: number,
    /** At most this many bytes (Kafka's size estimate of keys, values and record context) are buffered. */
    readonly maxBytes: number,
    readonly bufferFullStrategy: S,
    /** Changelog topic configs; undefined when logging is disabled. */
    readonly logConfig: Readonly<Record<string, string>> | undefined,
  ) {}

  /** An eager buffer of at most `recordLimit` keys: emits its oldest entries early when full. */
  static maxRecords(recordLimit: number): BufferConfig<'EMIT'> {
    requireLimit('recordLimit', recordLimit);
    return new BufferConfig(recordLimit, Number.POSITIVE_INFINITY, 'EMIT', {});
  }

  /** An eager buffer of at most `byteLimit` bytes: emits its oldest entries early when full. */
  static maxBytes(byteLimit: number): BufferConfig<'EMIT'> {
    requireLimit('byteLimit', byteLimit);
    return new BufferConfig(Number.POSITIVE_INFINITY, byteLimit, 'EMIT', {});
  }

  /** A strict buffer without bounds: it grows until the application runs out of memory, but never emits early. */
  static unbounded(): BufferConfig<'SHUT_DOWN'> {
    return new BufferConfig(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 'SHUT_DOWN', {});
  }

  /** The same config with a record limit. */
  withMaxRecords(recordLimit: number): BufferConfig<S> {
    requireLimit('recordLimit', recordLimit);
    return new BufferConfig(recordLimit, this.maxBytes, this.bufferFullStrategy, this.logConfig);
  }

  /** The same config with a byte limit. */
  withMaxBytes(byteLimit: number): BufferConfig<S> {
    requireLimit('byteLimit', byteLimit);
    return new BufferConfig(this.maxRecords, byteLimit, this.bufferFullStrategy, this.logConfig);
  }

  /** A strict config without bounds. */
  withNoBound(): BufferConfig<'SHUT_DOWN'> {
    return new BufferConfig(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 'SHUT_DOWN', this.logConfig);
  }

  /** Strict: when the buffer is over a limit, the task fails with a StreamsError instead of emitting early. */
  shutDownWhenFull(): BufferConfig<'SHUT_DOWN'> {
    return new BufferConfig(this.maxRecords, this.maxBytes, 'SHUT_DOWN', this.logConfig);
  }

  /** Eager: when the buffer is over a limit, its oldest entries are emitted early until it is not. */
  emitEarlyWhenFull(): BufferConfig<'EMIT'> {
    return new BufferConfig(this.maxRecords, this.maxBytes, 'EMIT', this.logConfig);
  }

  /** No changelog: a restarted task starts with an empty buffer (buffered updates are lost). */
  withLoggingDisabled(): BufferConfig<S> {
    return new BufferConfig(this.maxRecords, this.maxBytes, this.bufferFullStrategy, undefined);
  }

  /** Backs the buffer with a changelog topic with these topic configs (the default, with none). */
  withLoggingEnabled(config: Record<string, string> = {}): BufferConfig<S> {
    requireObject('config', config);
    return new BufferConfig(this.maxRecords, this.maxBytes, this.bufferFullStrategy, { ...config });
  }

  /** True when the buffer is backed by a changelog topic. */
  get loggingEnabled(): boolean {
    return this.logConfig !== undefined;
  }
}

/** Kafka's StrictBufferConfig. */
export type StrictBufferConfig = BufferConfig<'SHUT_DOWN'>;
/** Kafka's EagerBufferConfig. */
export type EagerBufferConfig = BufferConfig<'EMIT'>;

/**
 * How `KTable.suppress` holds back updates (Kafka's Suppressed). Until a time limit: each key's latest update is
 * emitted once stream time reaches the time of its first buffered update plus the limit. Until window close: a
 * windowed table's final result per window is emitted once stream time passes window end + grace (the grace of
 * the windowed aggregation upstream), and tombstones are dropped.
 *
 * @example
 * counts.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()));
 * table.suppress(Suppressed.untilTimeLimit(60_000, BufferConfig.maxRecords(1_000)).withName('rate-limit'));
 */
export class Suppressed<K> {
  /** Phantom: makes `Suppressed<Windowed<unknown>>` unusable on a table whose keys are not windowed, as Kafka's types do. */
  declare private readonly keyType?: (key: K) => void;

  private constructor(
    readonly kind: 'UNTIL_WINDOW_CLOSES' | 'UNTIL_TIME_LIMIT',
    /** The name of the suppress processor; its buffer store is `<name>-store`. */
    readonly name: string | undefined,
    readonly bufferConfig: BufferConfig,
    /** For UNTIL_TIME_LIMIT: how long after its first buffered update a key is emitted. */
    readonly timeToWaitForMoreEventsMs: number,
  ) {}

  /**
   * Emits only the final result of each window of a windowed table, once the window has closed. The buffer must
   * be strict (`BufferConfig.unbounded()` or `...shutDownWhenFull()`): final results are never emitted early.
   */
  static untilWindowCloses(bufferConfig: StrictBufferConfig): Suppressed<Windowed<unknown>> {
    requireObject('bufferConfig', bufferConfig);
    if (!(bufferConfig instanceof BufferConfig) || bufferConfig.bufferFullStrategy !== 'SHUT_DOWN') {
      throw new TypeError(
        'Suppressed.untilWindowCloses needs a strict buffer config, which never emits early: pass BufferConfig.unbounded() or BufferConfig.maxRecords(n).shutDownWhenFull().',
      );
    }
    return new Suppressed<Windowed<unknown>>('UNTIL_WINDOW_CLOSES', undefined, bufferConfig, 0);
  }

  /**
   * Holds back each key's updates for `timeToWaitForMoreEventsMs` of stream time after its first buffered update,
   * then emits the latest. Updates are emitted early when an eager buffer is full.
   */
  static untilTimeLimit<K = unknown>(timeToWaitForMoreEventsMs: number, bufferConfig: BufferConfig): Suppressed<K> {
    requireLimit('timeToWaitForMoreEventsMs', timeToWaitForMoreEventsMs);
    requireObject('bufferConfig', bufferConfig);
    if (!(bufferConfig instanceof BufferConfig)) throw new TypeError('Expected bufferConfig to be a BufferConfig (BufferConfig.unbounded(), .maxRecords(n) or .maxBytes(n)).');
    return new Suppressed<K>('UNTIL_TIME_LIMIT', undefined, bufferConfig, timeToWaitForMoreEventsMs);
  }

  /** Names the suppress processor; its buffer store becomes `<name>-store`. */
  withName(name: string): Suppressed<K> {
    requireNonEmptyString('name', name);
    return new Suppressed<K>(this.kind, name, this.bufferConfig, this.timeToWaitForMoreEventsMs);
  }
}
