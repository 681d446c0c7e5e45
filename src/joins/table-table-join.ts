import type { ProcessorSupplier, ProcessResult } from '../topology/processor.js';
import type { StreamRecord } from '../topology/record.js';
import type { TimestampedKeyValueStore, ValueAndTimestamp } from '../state/key-value-store.js';
import { isNullish, tableChange, type TableChange } from './joiner.js';
import type { TableValueGetterSupplier } from './value-getter.js';
import { joinResultForwarder } from './table-forwarder.js';

/** Kafka's UNKNOWN timestamp of a missing side. */
const UNKNOWN = -1;

/**
 * How one side of a table-table join treats a miss on the other side: `inner` (both sides of an inner join),
 * `left` (the left side of a left join), `right` (the right side of a left join), `outer` (both sides of an outer join).
 */
export type TableJoinSide = 'inner' | 'left' | 'right' | 'outer';

/** Shared by both join sides and the merger: downstream asked for old values (Kafka's sendOldValues). */
export interface TableJoinFlags {
  sendOldValues: boolean;
}

/**
 * One side of a KTable-KTable join (KTableKTableInnerJoin / LeftJoin / RightJoin / OuterJoin): an update of this
 * side looks up the other side's current value and emits the joined Change, stamped with the larger timestamp.
 * `joiner` receives this side's value first (the other side's processor gets the reversed joiner).
 */
export function tableJoinSideProcessor<K, VS, VO, VR>(
  side: TableJoinSide,
  other: TableValueGetterSupplier<K, VO>,
  joiner: (self: VS | null, other: VO | null) => VR,
  flags: TableJoinFlags,
): ProcessorSupplier<K, TableChange<VS>, K, TableChange<VR>> {
  return () => {
    const getter = other.get();
    return {
      init: (ctx) => getter.init(ctx as never),
      process: (record, ctx) => {
        if (isNullish(record.key)) {
          ctx.recordDropped('null-key');
          return;
        }
        const { newValue, oldValue } = record.value;
        const found = getter.get(record.key);
        const otherValue = found === null ? null : found.value;
        let timestamp: number;
        let joinedNew: VR | null = null;
        let joinedOld: VR | null = null;
        switch (side) {
          case 'inner':
            if (found === null) return;
            timestamp = Math.max(record.timestamp, found.timestamp);
            if (newValue !== null) joinedNew = joiner(newValue, otherValue);
            if (flags.sendOldValues && oldValue !== null) joinedOld = joiner(oldValue, otherValue);
            break;
          case 'left':
            if (found === null && newValue === null && oldValue === null) return;
            timestamp = Math.max(record.timestamp, found === null ? UNKNOWN : found.timestamp);
            if (newValue !== null) joinedNew = joiner(newValue, otherValue);
            if (flags.sendOldValues && oldValue !== null) joinedOld = joiner(oldValue, otherValue);
            break;
          case 'right':
            if (found === null) return;
            timestamp = Math.max(record.timestamp, found.timestamp);
            joinedNew = joiner(newValue, otherValue);
            if (flags.sendOldValues) joinedOld = joiner(oldValue, otherValue);
            break;
          case 'outer':
            if (found === null && newValue === null && oldValue === null) return;
            timestamp = found === null ? record.timestamp : Math.max(record.timestamp, found.timestamp);
            if (found !== null || newValue !== null) joinedNew = joiner(newValue, otherValue);
            if (flags.sendOldValues && (found !== null || oldValue !== null)) joinedOld = joiner(oldValue, otherValue);
            break;
        }
        return ctx.forward(record.withValue(tableChange(joinedNew, joinedOld)).withTimestamp(timestamp));
      },
    };
  };
}

/**
 * Merges both join sides into the result table (KTableKTableJoinMerger): materializes into `storeName` when
 * given, and strips old values unless downstream asked for them.
 */
export function tableJoinMergeProcessor<K, VR>(storeName: string | undefined, flags: TableJoinFlags): ProcessorSupplier<K, TableChange<VR>, K, TableChange<VR>> {
  return () => {
    let store: TimestampedKeyValueStore<K, VR> | undefined;
    let forward: ((record: StreamRecord<K, TableChange<VR>>) => ProcessResult) | undefined;
    return {
      init: (ctx) => {
        if (storeName === undefined) return;
        store = ctx.getStateStore(storeName);
        forward = joinResultForwarder(store, ctx, () => flags.sendOldValues);
      },
      process: (record, ctx) => {
        if (store !== undefined && forward !== undefined) {
          const value = record.value.newValue;
          store.put(record.key, value === null ? null : { value, timestamp: record.timestamp });
          return forward(record);
        }
        return ctx.forward(flags.sendOldValues ? record : record.withValue(tableChange(record.value.newValue, null)));
      },
    };
  };
}

/**
 * The value getter of a non-materialized join result (the view of the left side's join processor): recomputes
 * the join from both tables' getters.
 */
export function tableJoinValueGetter<K, V1, V2, VR>(
  kind: 'inner' | 'left' | 'outer',
  left: TableValueGetterSupplier<K, V1>,
  right: TableValueGetterSupplier<K, V2>,
  joiner: (value1: V1 | null, value2: V2 | null) => VR,
): TableValueGetterSupplier<K, VR> {
  return {
    storeNames: [...new Set([...left.storeNames, ...right.storeNames])],
    get: () => {
      const g1 = left.get();
      const g2 = right.get();
      const make = (value: VR | null, timestamp: number): ValueAndTimestamp<VR> | null => (value === null || value === undefined ? null : { value, timestamp });
      return {
        init: (ctx) => {
          g1.init(ctx);
          g2.init(ctx);
        },
        get: (key) => {
          const a = g1.get(key);
          if (kind !== 'outer' && a === null) return null;
          const b = g2.get(key);
          if (kind === 'inner') return b === null || a === null ? null : make(joiner(a.value, b.value), Math.max(a.timestamp, b.timestamp));
          if (kind === 'left') return a === null ? null : make(joiner(a.value, b === null ? null : b.value), b === null ? a.timestamp : Math.max(a.timestamp, b.timestamp));
          if (a === null && b === null) return null;
          return make(joiner(a === null ? null : a.value, b === null ? null : b.value), Math.max(a === null ? UNKNOWN : a.timestamp, b === null ? UNKNOWN : b.timestamp));
        },
      };
    },
  };
}
