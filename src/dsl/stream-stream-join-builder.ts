import type { Serde } from '../serdes/serde.js';
import { TopologyError } from '../errors.js';
import { Stores } from '../state/stores.js';
import { dslKeyValueStoreSupplier, dslWindowStoreSupplier } from '../state/dsl-store-suppliers.js';
import type { StateStore, StoreBuilder } from '../state/store.js';
import type { WindowBytesStoreSupplier } from '../state/window-store.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import type { JoinWindows } from '../windows/join-windows.js';
import { joinWindowProcessor, streamStreamJoinProcessor, timeTrackers, type StreamStreamJoiner } from '../joins/stream-stream-join.js';
import { OuterJoinStoreBuilder } from '../joins/outer-join-store.js';
import { passThroughProcessor } from './processors/peek.js';
import type { StreamState } from './handles.js';
import type { StreamJoined } from './options.js';

/** Which sides of a stream-stream join emit their unmatched records. */
export type StreamStreamJoinKind = 'inner' | 'left' | 'outer';

type AnySupplier = ProcessorSupplier<unknown, unknown, unknown, unknown>;

/** A join input: its state, and Kafka's repartitionForJoin (cached per handle, see KStream.repartitionForJoin). */
export interface JoinableStream<K, V> {
  readonly state: StreamState<K, V>;
  repartitionForJoin(name: string, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined, dropNullKeys?: boolean): StreamState<K, V>;
}

/**
 * Adds a windowed stream-stream join to the graph (Kafka's KStreamImpl.doJoin and KStreamImplJoin.join):
 * repartitions a side whose key was changed, makes both sides co-partitioned, buffers each side in a window
 * store (`<joinNodeName>-store` or `<storeName>-this-join-store`, …) kept for before + after + grace, and adds
 * the two join processors, the shared outer store for left/outer joins, and the merge node.
 */
export function streamStreamJoin<K, V, VO, VR>(
  leftStream: JoinableStream<K, V>,
  rightStream: JoinableStream<K, VO>,
  joiner: StreamStreamJoiner<K, V, VO, VR>,
  windows: JoinWindows,
  streamJoined: StreamJoined<K, V, VO> | undefined,
  kind: StreamStreamJoinKind,
): StreamState<K, VR> {
  const left = leftStream.state;
  const right = rightStream.state;
  const g = left.graph;
  const name = streamJoined?.name;
  const leftOuter = kind !== 'inner';
  const rightOuter = kind === 'outer';
  // A left/outer join accepts null keys, so the repartitions before it keep them (Kafka's NULL_KEY_RELAXED_JOIN).
  const dropNullKeys = kind === 'inner';

  let thisSide: StreamState<K, V> = left;
  if (left.repartitionRequired) thisSide = leftStream.repartitionForJoin(name === undefined ? left.name : `${name}-left`, streamJoined?.keySerde, streamJoined?.valueSerde, dropNullKeys);
  let otherSide: StreamState<K, VO> = right;
  if (right.repartitionRequired) otherSide = rightStream.repartitionForJoin(name === undefined ? right.name : `${name}-right`, streamJoined?.keySerde, streamJoined?.otherValueSerde, dropNullKeys);
  const thisTopics = thisSide.sourceTopics;
  const otherTopics = otherSide.sourceTopics;
  g.copartition(() => [...new Set([...thisTopics, ...otherTopics])]);

  const joinThisSuffix = rightOuter ? '-outer-this-join' : '-this-join';
  const joinOtherSuffix = leftOuter ? '-outer-other-join' : '-other-join';
  const thisWindowedName = g.nameOrGenerate(name === undefined ? undefined : `${name}-this-windowed`, 'KSTREAM-WINDOWED-');
  const otherWindowedName = g.nameOrGenerate(name === undefined ? undefined : `${name}-other-windowed`, 'KSTREAM-WINDOWED-');
  const thisPrefix = rightOuter ? 'KSTREAM-OUTERTHIS-' : 'KSTREAM-JOINTHIS-';
  const joinThisGenerated = g.newProcessorName(thisPrefix);
  const joinOtherGenerated = g.newProcessorName(leftOuter ? 'KSTREAM-OUTEROTHER-' : 'KSTREAM-JOINOTHER-');
  const joinThisName = name === undefined ? joinThisGenerated : name + joinThisSuffix;
  const joinOtherName = name === undefined ? joinOtherGenerated : name + joinOtherSuffix;
  const mergeName = g.nameOrGenerate(name === undefined ? undefined : `${name}-merge`, 'KSTREAM-MERGE-');

  const thisSupplier = streamJoined?.thisStoreSupplier;
  const otherSupplier = streamJoined?.otherStoreSupplier;
  if (thisSupplier !== undefined && otherSupplier !== undefined && thisSupplier.name === otherSupplier.name) {
    throw new TopologyError('Both StoreSuppliers have the same name.  StoreSuppliers must provide unique names');
  }
  const baseStoreName = streamJoined?.storeName;
  const keySerde = streamJoined?.keySerde ?? thisSide.keySerde ?? otherSide.keySerde;
  const valueSerde = streamJoined?.valueSerde ?? thisSide.valueSerde;
  const otherValueSerde = streamJoined?.otherValueSerde ?? otherSide.valueSerde;
  const loggingEnabled = streamJoined?.loggingEnabled ?? true;
  const logConfig = streamJoined?.logConfig ?? {};
  const thisStore = joinWindowStore(thisSupplier, `${baseStoreName === undefined ? joinThisGenerated : baseStoreName + joinThisSuffix}-store`, windows, keySerde, valueSerde, loggingEnabled, logConfig);
  const otherStore = joinWindowStore(otherSupplier, `${baseStoreName === undefined ? joinOtherGenerated : baseStoreName + joinOtherSuffix}-store`, windows, keySerde, otherValueSerde, loggingEnabled, logConfig);

  let outerStore: OuterJoinStoreBuilder<K, V, VO> | undefined;
  if (leftOuter) {
    const sharedSuffix = rightOuter ? '-outer-shared-join' : '-left-shared-join';
    const base =
      thisSupplier !== undefined && thisSupplier.name !== ''
        ? thisSupplier.name + sharedSuffix
        : baseStoreName !== undefined
          ? baseStoreName + sharedSuffix
          : 'KSTREAM-OUTERSHARED-' + joinThisGenerated.slice(thisPrefix.length);
    const storeName = `${base}-store`;
    outerStore = new OuterJoinStoreBuilder(dslKeyValueStoreSupplier(storeName), keySerde, valueSerde, otherValueSerde, loggingEnabled, { ...logConfig });
  }

  const tracker = timeTrackers();
  const common = { beforeMs: windows.beforeMs, afterMs: windows.afterMs, graceMs: windows.graceMs, outerStoreName: outerStore?.name, joiner, tracker };
  const joinThis = streamStreamJoinProcessor<K, V, VO, VR>({ ...common, side: 'left', otherStoreName: otherStore.name, outer: leftOuter });
  const joinOther = streamStreamJoinProcessor<K, V, VO, VR>({ ...common, side: 'right', otherStoreName: thisStore.name, outer: rightOuter });
  const thisParent = thisSide.name;
  const otherParent = otherSide.name;
  g.add((t) => {
    t.addProcessor(thisWindowedName, joinWindowProcessor(thisStore.name) as AnySupplier, thisParent);
    t.addProcessor(otherWindowedName, joinWindowProcessor(otherStore.name) as AnySupplier, otherParent);
    t.addProcessor(joinThisName, joinThis as AnySupplier, thisWindowedName);
    t.addProcessor(joinOtherName, joinOther as AnySupplier, otherWindowedName);
    t.addProcessor(mergeName, passThroughProcessor() as AnySupplier, joinThisName, joinOtherName);
    t.addStateStore(thisStore as StoreBuilder<StateStore>, thisWindowedName, joinOtherName);
    t.addStateStore(otherStore as StoreBuilder<StateStore>, otherWindowedName, joinThisName);
    if (outerStore !== undefined) t.addStateStore(outerStore as StoreBuilder<StateStore>, joinThisName, joinOtherName);
  });

  return {
    graph: g,
    name: mergeName,
    keySerde: streamJoined?.keySerde,
    valueSerde: undefined,
    repartitionRequired: false,
    sourceTopics: [...new Set([...thisTopics, ...otherTopics])],
  };
}

/** The window store of one join side: a given supplier (checked against the windows) or an in-memory one. */
function joinWindowStore<K, V>(
  supplier: WindowBytesStoreSupplier | undefined,
  storeName: string,
  windows: JoinWindows,
  keySerde: Serde<K> | undefined,
  valueSerde: Serde<V> | undefined,
  loggingEnabled: boolean,
  logConfig: Readonly<Record<string, string>>,
): StoreBuilder<StateStore> {
  const retentionMs = windows.sizeMs + windows.graceMs;
  if (supplier !== undefined) {
    if (!supplier.retainDuplicates) throw new TopologyError('The StoreSupplier must set retainDuplicates=true, found retainDuplicates=false');
    if (supplier.retentionMs !== retentionMs || supplier.windowSizeMs !== windows.sizeMs) {
      throw new TopologyError(
        `Window settings mismatch. WindowBytesStoreSupplier settings (name=${supplier.name}, retention=${supplier.retentionMs}, windowSize=${supplier.windowSizeMs}) ` +
          `must match JoinWindows settings (size=${windows.sizeMs}, grace=${windows.graceMs}) for the window size and retention period`,
      );
    }
    // A given supplier keeps the store builder's defaults, as Kafka's joinWindowStoreBuilderFromSupplier does.
    return Stores.windowStoreBuilder(supplier, keySerde, valueSerde) as StoreBuilder<StateStore>;
  }
  const builder = Stores.windowStoreBuilder(dslWindowStoreSupplier(storeName, retentionMs, windows.sizeMs, true), keySerde, valueSerde);
  // Duplicates are kept, so the changelog must not be compacted.
  return (loggingEnabled ? builder.withLoggingEnabled({ ...logConfig, 'cleanup.policy': 'delete' }) : builder.withLoggingDisabled()) as StoreBuilder<StateStore>;
}
