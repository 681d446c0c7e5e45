import type { ProcessorSupplier } from '../../topology/processor.js';
import { StreamRecord } from '../../topology/record.js';
import { StreamsError } from '../../errors.js';
import type { InMemoryTimeOrderedKeyValueBuffer, Eviction } from '../../state/in-memory/in-memory-time-ordered-buffer.js';
import type { Windowed } from '../../windows/windowed.js';
import type { Change } from '../change.js';
import type { BufferFullStrategy } from '../suppressed.js';
import type { TableValueGetterSupplier } from '../../joins/value-getter.js';

/** A resolved suppression (Kafka's SuppressedInternal): what the processor needs. */
export interface SuppressSpec {
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly bufferFullStrategy: BufferFullStrategy;
  /** An entry is emitted once stream time − this ≥ its buffer time. */
  readonly suppressDurationMs: number;
  /** Buffer time: the record's timestamp, or the end of its window (final results). */
  readonly timeDefinition: 'RECORD_TIME' | 'WINDOW_END_TIME';
  /** Final results only: a window's tombstone is never needed downstream, since nothing was emitted for it. */
  readonly safeToDropTombstones: boolean;
}

/** Kafka prints Long.MAX_VALUE for "no bound". */
const bound = (n: number): string => (n === Number.POSITIVE_INFINITY ? '9223372036854775807' : String(n));

/**
 * Holds back table updates in a time-ordered buffer (Kafka's KTableSuppressProcessor). Each update replaces the
 * key's buffered one (keeping its place); whenever the processor's observed stream time (the largest timestamp it
 * has seen) minus the suppress duration reaches an entry's buffer time, the entry is forwarded with its own
 * timestamp and headers. When the buffer is over its limits, an eager buffer emits its oldest entries early and a
 * strict one fails the task with a StreamsError naming the processor.
 */
export function suppressProcessor<K, V>(processorName: string, storeName: string, spec: SuppressSpec): ProcessorSupplier<K, Change<V>, K, Change<V>> {
  return () => {
    let buffer: InMemoryTimeOrderedKeyValueBuffer<K, V>;
    let observedStreamTime = -1;
    const overCapacity = () => buffer.numRecords() > spec.maxRecords || buffer.bufferSize() > spec.maxBytes;
    return {
      init: (ctx) => {
        buffer = ctx.getStateStore(storeName);
      },
      process: (record, ctx) => {
        observedStreamTime = Math.max(observedStreamTime, record.timestamp);
        const time = spec.timeDefinition === 'WINDOW_END_TIME' ? (record.key as Windowed<unknown>).window.end : record.timestamp;
        const meta = ctx.recordMetadata();
        buffer.put(time, record.key, record.value, {
          timestamp: record.timestamp,
          offset: meta?.offset ?? -1n,
          topic: meta?.topic ?? '',
          partition: meta?.partition ?? -1,
          headers: record.headers,
        });
        const emit = (eviction: Eviction<K, V>) => {
          if (eviction.value.newValue === null && spec.safeToDropTombstones) return;
          const value: Change<V> = { newValue: eviction.value.newValue, oldValue: eviction.value.oldValue };
          return ctx.forward(new StreamRecord(eviction.key, value, eviction.context.timestamp, eviction.context.headers));
        };
        const expiryTime = observedStreamTime - spec.suppressDurationMs;
        const expired = buffer.evictWhile(() => buffer.minTimestamp() <= expiryTime, emit);
        const enforceCapacity = () => {
          if (!overCapacity()) return;
          if (spec.bufferFullStrategy === 'EMIT') return buffer.evictWhile(overCapacity, emit);
          throw new StreamsError(
            'PROCESSING',
            `${processorName} buffer exceeded its max capacity. Currently [${buffer.numRecords()}/${bound(spec.maxRecords)}] records and ` +
              `[${buffer.bufferSize()}/${bound(spec.maxBytes)}] bytes. Raise the limits of its BufferConfig, or use emitEarlyWhenFull().`,
            { taskId: ctx.taskId() },
          );
        };
        return expired === undefined ? enforceCapacity() : expired.then(enforceCapacity);
      },
    };
  };
}

/**
 * The suppressed table's view for joins (Kafka's KTableSuppressProcessorSupplier.view): a buffered key still shows
 * the value it had before it entered the buffer (timestamp unknown, -1); any other key shows the parent's value.
 */
export function suppressedValueGetter<K, V>(parent: TableValueGetterSupplier<K, V>, storeName: string): TableValueGetterSupplier<K, V> {
  return {
    storeNames: [storeName, ...parent.storeNames],
    get: () => {
      const getter = parent.get();
      let buffer: InMemoryTimeOrderedKeyValueBuffer<K, V> | undefined;
      return {
        init: (ctx) => {
          getter.init(ctx);
          buffer = ctx.getStateStore(storeName);
        },
        get: (key) => {
          const prior = buffer?.priorValueForBuffered(key);
          if (prior === undefined) return getter.get(key);
          return prior.value === null ? null : { value: prior.value, timestamp: prior.timestamp };
        },
      };
    },
  };
}
