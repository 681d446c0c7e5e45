import type { Serde } from '../serdes/serde.js';
import type { ValueAndTimestamp } from '../state/key-value-store.js';
import { requireFunction } from '../internal/assert.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import type { StreamPartitioner } from '../topology/sink-types.js';
import { tableJoinMergeProcessor, tableJoinSideProcessor, tableJoinValueGetter, type TableJoinFlags } from '../joins/table-table-join.js';
import type { JoinKind } from '../joins/joiner.js';
import { SerdeSlot, primaryKeyPseudoTopic, responseWrapperSerde, subscriptionWrapperSerde, type FkSerdes, type SubscriptionResponseWrapper } from '../joins/fk/wrappers.js';
import { subscriptionSendProcessor } from '../joins/fk/subscription-send.js';
import { foreignTableJoinProcessor, subscriptionJoinProcessor, subscriptionReceiveProcessor } from '../joins/fk/subscription-store.js';
import { responseJoinProcessor } from '../joins/fk/response-join.js';
import { Serdes } from '../serdes/primitives.js';
import { Stores } from '../state/stores.js';
import { dslKeyValueStoreSupplier } from '../state/dsl-store-suppliers.js';
import { enableSendingOldValues, type TableState, type TableSupplier } from './handles.js';
import type { KTable } from './ktable.js';
import type { Materialized, Named, TableJoined } from './options.js';
import { keyValueStoreFor } from './materialize.js';
import { valueGetterSupplier } from './value-getters.js';
import { tableSourceProcessor } from './processors/table-source.js';

type AnySupplier = ProcessorSupplier<unknown, unknown, unknown, unknown>;
type AnyTable = TableState<unknown, unknown>;

/**
 * KTable-KTable join on the primary key (Kafka's KTableImpl.doJoin): `KTABLE-JOINTHIS-` and `KTABLE-JOINOTHER-`
 * process the updates of each side and look up the other side; `KTABLE-MERGE-` merges them into the result table.
 * Names are generated in Kafka's order: the result store (if Materialized has no name), merge, this, other.
 */
export function tableTableJoin<K, V, VO, VR>(
  self: TableState<K, V>,
  other: KTable<K, VO>,
  joiner: (value: V | null, otherValue: VO | null) => VR,
  kind: JoinKind,
  named: Named | undefined,
  materialized: Materialized<K, VR> | undefined,
): KTable<K, VR> {
  requireFunction('joiner', joiner);
  const o = other.state as TableState<K, VO>;
  const g = self.graph;
  const storeName = materialized === undefined ? undefined : (materialized.storeName ?? g.newStoreName('KTABLE-MERGE-'));
  const mergeName = g.nameOrGenerate(named?.name, 'KTABLE-MERGE-');
  const sourceTopics = [...new Set([...self.sourceTopics, ...o.sourceTopics])];
  g.copartition(() => sourceTopics);
  if (kind !== 'inner') enableSendingOldValues(self as AnyTable, true);
  if (kind === 'outer') enableSendingOldValues(o as AnyTable, true);
  const thisGetter = valueGetterSupplier(self);
  const otherGetter = valueGetterSupplier(o);
  const thisName = g.nameOrGenerate(named === undefined ? undefined : `${named.name}-join-this`, 'KTABLE-JOINTHIS-');
  const otherName = g.nameOrGenerate(named === undefined ? undefined : `${named.name}-join-other`, 'KTABLE-JOINOTHER-');
  const flags: TableJoinFlags = { sendOldValues: false };
  const thisProcessor = tableJoinSideProcessor<K, V, VO, VR>(kind, otherGetter, joiner, flags);
  const otherProcessor = tableJoinSideProcessor<K, VO, V, VR>(kind === 'left' ? 'right' : kind, thisGetter, (mine, theirs) => joiner(theirs, mine), flags);
  const merge = tableJoinMergeProcessor<K, VR>(storeName, flags);
  const keySerde = materialized?.keySerde ?? self.keySerde;
  const valueSerde = materialized?.valueSerde;
  const store = storeName === undefined ? undefined : keyValueStoreFor(storeName, materialized, keySerde, valueSerde);
  const thisParent = self.name;
  const otherParent = o.name;
  g.add((t) => {
    t.addProcessor(thisName, thisProcessor as AnySupplier, thisParent);
    t.addProcessor(otherName, otherProcessor as AnySupplier, otherParent);
    t.addProcessor(mergeName, merge as AnySupplier, thisName, otherName);
    t.connectProcessorAndStateStores(thisName, ...otherGetter.storeNames);
    t.connectProcessorAndStateStores(otherName, ...thisGetter.storeNames);
    if (store !== undefined) t.addStateStore(store, mergeName);
  });
  const supplier: TableSupplier = {
    kind: 'join',
    flags,
    storeName,
    enableUpstreamOldValues: () => {
      enableSendingOldValues(self as AnyTable, true);
      enableSendingOldValues(o as AnyTable, true);
    },
    view: () => tableJoinValueGetter(kind, thisGetter, otherGetter, joiner) as never,
  };
  return g.handles().table<K, VR>({ graph: g, name: mergeName, keySerde, valueSerde, sourceTopics, queryableStoreName: materialized?.storeName, supplier });
}

/**
 * KTable-KTable foreign-key join (Kafka's KTableImpl.doJoinOnForeignKey): subscriptions travel to the other table
 * through `<prefix>-subscription-registration-topic`, responses come back through `<prefix>-subscription-response-topic`,
 * and a response is joined only if the hash it carries still matches the current left value.
 */
export function foreignKeyJoin<K, V, KO, VO, VR>(
  self: TableState<K, V>,
  other: KTable<KO, VO>,
  foreignKeyExtractor: (value: V) => KO,
  joiner: (value: V, otherValue: VO | null) => VR,
  leftJoin: boolean,
  tableJoined: TableJoined<K, KO> | undefined,
  materialized: Materialized<K, VR> | undefined,
): KTable<K, VR> {
  requireFunction('foreignKeyExtractor', foreignKeyExtractor);
  requireFunction('joiner', joiner);
  const o = other.state as TableState<KO, VO>;
  const g = self.graph;
  enableSendingOldValues(o as AnyTable, true);
  enableSendingOldValues(self as AnyTable, true);
  const prefix = tableJoined?.name;
  const name = (suffix: string, generatedPrefix: string): string => g.nameOrGenerate(prefix === undefined ? undefined : `${prefix}${suffix}`, generatedPrefix);
  const subscriptionTopic = `${name('-subscription-registration', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-')}-topic`;
  const serdes: FkSerdes<K, V, KO, VO> = {
    primaryKey: new SerdeSlot(self.keySerde, 'key'),
    value: new SerdeSlot(self.valueSerde, 'value'),
    foreignKey: new SerdeSlot(o.keySerde, 'key'),
    foreignValue: new SerdeSlot(o.valueSerde, 'value'),
    subscriptionTopic,
    scope: { applicationId: '' },
  };
  const anySerdes = serdes as unknown as FkSerdes<unknown, unknown, unknown, unknown>;
  const subscriptionSerde = subscriptionWrapperSerde(serdes.primaryKey, () => primaryKeyPseudoTopic(anySerdes));
  const responseSerde = responseWrapperSerde(serdes.foreignValue);
  const sendName = name('-subscription-registration-processor', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-');
  const subscriptionSinkName = name('-subscription-registration-sink', 'KTABLE-SINK-');
  const subscriptionSourceName = name('-subscription-registration-source', 'KSTREAM-SOURCE-');
  g.copartition(() => [...new Set([...o.sourceTopics, subscriptionTopic])]);
  const subscriptionStoreName = name('-subscription-store', 'KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-');
  const receiveName = name('-subscription-receive', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  const foreignGetter = valueGetterSupplier(o);
  const subscriptionJoinName = name('-subscription-join-foreign', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  const foreignJoinName = name('-foreign-join-subscription', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  const responseTopic = `${name('-subscription-response', 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-')}-topic`;
  const responseSinkName = name('-subscription-response-sink', 'KTABLE-SINK-');
  const responseSourceName = name('-subscription-response-source', 'KSTREAM-SOURCE-');
  const sourceTopics = [...new Set([...self.sourceTopics, responseTopic])];
  g.copartition(() => sourceTopics);
  const primaryGetter = valueGetterSupplier(self);
  const resolverName = name('-subscription-response-resolver', 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-');
  const resultName = name('-result', 'KTABLE-FK-JOIN-OUTPUT-');
  const resultStoreName = materialized?.storeName ?? g.newStoreName('KTABLE-FK-JOIN-OUTPUT-');
  const keySerde = materialized?.keySerde ?? self.keySerde;
  const valueSerde = materialized?.valueSerde;

  const otherPartitioner = tableJoined?.otherPartitioner;
  const subscriptionPartitioner: StreamPartitioner<unknown, unknown> | undefined =
    otherPartitioner === undefined ? undefined : (topic, key, _value, partitions) => otherPartitioner(topic, key as KO, null, partitions);
  const partitioner = tableJoined?.partitioner;
  const responsePartitioner: StreamPartitioner<unknown, unknown> =
    partitioner === undefined
      ? (_topic, _key, value) => (value as SubscriptionResponseWrapper<VO>).primaryPartition
      : (topic, key, _value, partitions) => partitioner(topic, key as K, null, partitions);
  const subscriptionStore = Stores.timestampedKeyValueStoreBuilder(dslKeyValueStoreSupplier(subscriptionStoreName), Serdes.Buffer(), subscriptionSerde);
  const resultFlags = { materialized: materialized?.storeName !== undefined, sendOldValues: false };
  const resultSupplier: TableSupplier = { kind: 'source', flags: resultFlags, storeName: resultStoreName };
  const resultStore = keyValueStoreFor(resultStoreName, materialized, keySerde, valueSerde);
  const selfName = self.name;
  const otherName = o.name;
  g.add((t) => {
    t.addProcessor(sendName, subscriptionSendProcessor(foreignKeyExtractor, serdes, leftJoin) as AnySupplier, selfName);
    t.addInternalTopic(subscriptionTopic);
    t.addSink(subscriptionSinkName, subscriptionTopic, { keySerde: o.keySerde as Serde<unknown> | undefined, valueSerde: subscriptionSerde as Serde<unknown>, partitioner: subscriptionPartitioner }, sendName);
    t.addSource(subscriptionSourceName, subscriptionTopic, { keySerde: o.keySerde as Serde<unknown> | undefined, valueSerde: subscriptionSerde as Serde<unknown> });
    t.addStateStore(subscriptionStore);
    t.addProcessor(receiveName, subscriptionReceiveProcessor(subscriptionStoreName, serdes) as AnySupplier, subscriptionSourceName);
    t.connectProcessorAndStateStores(receiveName, subscriptionStoreName);
    t.addProcessor(subscriptionJoinName, subscriptionJoinProcessor(foreignGetter, serdes) as AnySupplier, receiveName);
    t.connectProcessorAndStateStores(subscriptionJoinName, ...foreignGetter.storeNames);
    t.addProcessor(foreignJoinName, foreignTableJoinProcessor(subscriptionStoreName, serdes) as AnySupplier, otherName);
    t.connectProcessorAndStateStores(foreignJoinName, subscriptionStoreName);
    t.addInternalTopic(responseTopic);
    t.addSink(responseSinkName, responseTopic, { keySerde: self.keySerde as Serde<unknown> | undefined, valueSerde: responseSerde as Serde<unknown>, partitioner: responsePartitioner }, subscriptionJoinName, foreignJoinName);
    t.addSource(responseSourceName, responseTopic, { keySerde: self.keySerde as Serde<unknown> | undefined, valueSerde: responseSerde as Serde<unknown> });
    t.addProcessor(resolverName, responseJoinProcessor(primaryGetter, serdes, joiner as (v: V | null, vo: VO | null) => VR, leftJoin) as AnySupplier, responseSourceName);
    t.connectProcessorAndStateStores(resolverName, ...primaryGetter.storeNames);
    t.addProcessor(resultName, tableSourceProcessor<K, VR>(resultStoreName, resultFlags) as AnySupplier, resolverName);
    if (resultFlags.materialized) t.addStateStore(resultStore, resultName);
  });
  return g.handles().table<K, VR>({ graph: g, name: resultName, keySerde, valueSerde, sourceTopics, queryableStoreName: materialized?.storeName, supplier: resultSupplier });
}

export type { ValueAndTimestamp };
