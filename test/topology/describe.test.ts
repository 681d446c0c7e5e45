import { describe, expect, it } from 'vitest';
import {
  describeTopology,
  nodeGroups,
  type NodeDescriptionInput,
  type TopologyDescriptionInput,
} from '../../src/topology/describe.js';
import { expectedA, expectedH } from './describe.expected-repartition.js';
import { expectedB, expectedC, expectedD, expectedE, expectedF, expectedI, expectedJ, expectedK } from './describe.expected.js';

const src = (name: string, ...topics: string[]): NodeDescriptionInput => ({ name, kind: 'source', predecessors: [], topics });
const proc = (name: string, preds: string[], stores: string[] = []): NodeDescriptionInput => ({
  name,
  kind: 'processor',
  predecessors: preds,
  stores,
});
const sink = (name: string, preds: string[], topic: string): NodeDescriptionInput => ({ name, kind: 'sink', predecessors: preds, topic });
/** A repartition as written by OptimizableRepartitionNode: filter processor, sink, source. */
const repartition = (prefix: string, parent: string, topic = `${prefix}-repartition`): NodeDescriptionInput[] => [
  proc(`${prefix}-repartition-filter`, [parent]),
  sink(`${prefix}-repartition-sink`, [`${prefix}-repartition-filter`], topic),
  src(`${prefix}-repartition-source`, topic),
];
const topo = (nodes: NodeDescriptionInput[], global: string[] = []): TopologyDescriptionInput => ({
  nodes,
  globalSourceTopics: new Set(global),
});
const ids = (input: TopologyDescriptionInput): Array<[number, string[], boolean]> =>
  nodeGroups(input).map((g) => [g.id, [...g.nodeNames].sort(), g.global]);

// ---------------------------------------------------------------- A (optimized)
// RepartitionOptimizingTest, topology.optimization=all. The merged repartition
// node reuses source-map's build priority, so it is written right after it; the
// re-parented children (count, aggregate, reduce-filter, join-filter) follow in
// creation order.
const exampleA = topo([
  src('sourceStream', 'input'),
  proc('source-map', ['sourceStream']),
  ...repartition('count-groupByKey', 'source-map'),
  proc('process-filter', ['source-map']),
  proc('process-mapValues', ['process-filter']),
  proc('process', ['process-mapValues']),
  proc('count', ['count-groupByKey-repartition-source'], ['count-store']),
  proc('count-toStream', ['count']),
  sink('count-to', ['count-toStream'], 'outputTopic_0'),
  proc('aggregate', ['count-groupByKey-repartition-source'], ['aggregate-store']),
  proc('aggregate-toStream', ['aggregate']),
  sink('reduce-to', ['aggregate-toStream'], 'outputTopic_1'),
  proc('reduce-filter', ['count-groupByKey-repartition-source']),
  proc('reduce-peek', ['reduce-filter']),
  proc('reducer', ['reduce-peek'], ['reduce-store']),
  proc('reduce-toStream', ['reducer']),
  sink('KSTREAM-SINK-0000000023', ['reduce-toStream'], 'outputTopic_2'),
  proc('join-filter', ['count-groupByKey-repartition-source']),
  proc('join-this-windowed', ['join-filter'], ['join-store']),
  proc('join-other-windowed', ['count-toStream'], ['other-join-store']),
  proc('join-this-join', ['join-this-windowed'], ['other-join-store']),
  proc('join-other-join', ['join-other-windowed'], ['join-store']),
  proc('join-merge', ['join-this-join', 'join-other-join']),
  sink('join-to', ['join-merge'], 'joinedOutputTopic'),
]);

// ---------------------------------------------------------------- H (A unoptimized)
const exampleH = topo([
  src('sourceStream', 'input'),
  proc('source-map', ['sourceStream']),
  proc('process-filter', ['source-map']),
  proc('process-mapValues', ['process-filter']),
  proc('process', ['process-mapValues']),
  ...repartition('count-groupByKey', 'source-map'),
  proc('count', ['count-groupByKey-repartition-source'], ['count-store']),
  proc('count-toStream', ['count']),
  sink('count-to', ['count-toStream'], 'outputTopic_0'),
  ...repartition('aggregate-groupByKey', 'source-map'),
  proc('aggregate', ['aggregate-groupByKey-repartition-source'], ['aggregate-store']),
  proc('aggregate-toStream', ['aggregate']),
  sink('reduce-to', ['aggregate-toStream'], 'outputTopic_1'),
  proc('reduce-filter', ['source-map']),
  proc('reduce-peek', ['reduce-filter']),
  ...repartition('reduce-groupByKey', 'reduce-peek'),
  proc('reducer', ['reduce-groupByKey-repartition-source'], ['reduce-store']),
  proc('reduce-toStream', ['reducer']),
  sink('KSTREAM-SINK-0000000023', ['reduce-toStream'], 'outputTopic_2'),
  proc('join-filter', ['source-map']),
  ...repartition('join-left', 'join-filter'),
  proc('join-this-windowed', ['join-left-repartition-source'], ['join-store']),
  proc('join-other-windowed', ['count-toStream'], ['other-join-store']),
  proc('join-this-join', ['join-this-windowed'], ['other-join-store']),
  proc('join-other-join', ['join-other-windowed'], ['join-store']),
  proc('join-merge', ['join-this-join', 'join-other-join']),
  sink('join-to', ['join-merge'], 'joinedOutputTopic'),
]);

// ---------------------------------------------------------------- B / I
// KStreamKTableJoinTest: stream, two tables (source, KTABLE-SOURCE processor, store),
// then map, then the joins with their repartitions and sinks.
const tablePrefix = (n2: string, n3: string, topic: string, store: string): NodeDescriptionInput[] => [
  src(n2, topic),
  proc(n3, [n2], [store]),
];
const STORE2 = 'topic2-STATE-STORE-0000000001';
const STORE3 = 'topic3-STATE-STORE-0000000004';
const joinTables = (): NodeDescriptionInput[] => [
  src('KSTREAM-SOURCE-0000000000', 'topic'),
  ...tablePrefix('KSTREAM-SOURCE-0000000002', 'KTABLE-SOURCE-0000000003', 'topic2', STORE2),
  ...tablePrefix('KSTREAM-SOURCE-0000000005', 'KTABLE-SOURCE-0000000006', 'topic3', STORE3),
  proc('KSTREAM-MAP-0000000007', ['KSTREAM-SOURCE-0000000000']),
];
const exampleB = topo([
  ...joinTables(),
  proc('KSTREAM-FILTER-0000000009', ['KSTREAM-MAP-0000000007']),
  sink('KSTREAM-SINK-0000000008', ['KSTREAM-FILTER-0000000009'], 'KSTREAM-MAP-0000000007-repartition'),
  src('KSTREAM-SOURCE-0000000010', 'KSTREAM-MAP-0000000007-repartition'),
  proc('KSTREAM-JOIN-0000000011', ['KSTREAM-SOURCE-0000000010'], [STORE2]),
  sink('KSTREAM-SINK-0000000012', ['KSTREAM-JOIN-0000000011'], 'out-one'),
  proc('KSTREAM-JOIN-0000000016', ['KSTREAM-SOURCE-0000000010'], [STORE3]),
  sink('KSTREAM-SINK-0000000017', ['KSTREAM-JOIN-0000000016'], 'out-two'),
]);
const exampleI = topo([
  ...joinTables(),
  ...repartition('first-join', 'KSTREAM-MAP-0000000007'),
  proc('first-join', ['first-join-repartition-source'], [STORE2]),
  sink('KSTREAM-SINK-0000000012', ['first-join'], 'out-one'),
  ...repartition('second-join', 'KSTREAM-MAP-0000000007'),
  proc('second-join', ['second-join-repartition-source'], [STORE3]),
  sink('KSTREAM-SINK-0000000017', ['second-join'], 'out-two'),
]);

// ---------------------------------------------------------------- C / J
// StreamStreamJoinNode: this-join, other-join, merge; then
// addStateStore(thisStore, thisWindowed, otherJoin), addStateStore(otherStore, otherWindowed, thisJoin)
// and (outer joins) addStateStore(sharedStore, thisJoin, otherJoin).
const streamJoin = (thisName: string, otherName: string, shared?: string): TopologyDescriptionInput => {
  const thisStore = `${thisName}-store`;
  const otherStore = `${otherName}-store`;
  const extra = shared === undefined ? [] : [shared];
  return topo([
    src('KSTREAM-SOURCE-0000000000', 'input-topic1'),
    src('KSTREAM-SOURCE-0000000001', 'input-topic2'),
    proc('KSTREAM-WINDOWED-0000000002', ['KSTREAM-SOURCE-0000000000'], [thisStore]),
    proc('KSTREAM-WINDOWED-0000000003', ['KSTREAM-SOURCE-0000000001'], [otherStore]),
    proc(thisName, ['KSTREAM-WINDOWED-0000000002'], [otherStore, ...extra]),
    proc(otherName, ['KSTREAM-WINDOWED-0000000003'], [thisStore, ...extra]),
    proc('KSTREAM-MERGE-0000000006', [thisName, otherName]),
  ]);
};
const exampleC = streamJoin('KSTREAM-JOINTHIS-0000000004', 'KSTREAM-JOINOTHER-0000000005');
const exampleJ = streamJoin('KSTREAM-OUTERTHIS-0000000004', 'KSTREAM-OUTEROTHER-0000000005', 'KSTREAM-OUTERSHARED-0000000004-store');

// ---------------------------------------------------------------- D / K (SuppressTopologyTest)
const suppress = (suppressName: string, store: string, toStream: string, map: string, sinkName: string): TopologyDescriptionInput =>
  topo([
    src('KSTREAM-SOURCE-0000000000', 'input'),
    proc('KSTREAM-KEY-SELECT-0000000001', ['KSTREAM-SOURCE-0000000000']),
    ...repartition('counts', 'KSTREAM-KEY-SELECT-0000000001'),
    proc('KSTREAM-AGGREGATE-0000000002', ['counts-repartition-source'], ['counts']),
    proc(suppressName, ['KSTREAM-AGGREGATE-0000000002'], [store]),
    proc(toStream, [suppressName]),
    proc(map, [toStream]),
    sink(sinkName, [map], 'output-suppressed'),
  ]);
const exampleD = suppress(
  'KTABLE-SUPPRESS-0000000006',
  'KTABLE-SUPPRESS-STATE-STORE-0000000007',
  'KTABLE-TOSTREAM-0000000008',
  'KSTREAM-MAP-0000000009',
  'KSTREAM-SINK-0000000010',
);
const exampleK = suppress('myname', 'myname-store', 'KTABLE-TOSTREAM-0000000006', 'KSTREAM-MAP-0000000007', 'KSTREAM-SINK-0000000008');

// ---------------------------------------------------------------- E / F
const exampleE = topo([
  src('KSTREAM-SOURCE-0000000000', 'input-topic'),
  proc('KSTREAM-AGGREGATE-0000000002', ['KSTREAM-SOURCE-0000000000'], ['KSTREAM-AGGREGATE-STATE-STORE-0000000001']),
]);
const exampleF = topo([
  src('KSTREAM-SOURCE-0000000000', 'input-topic'),
  {
    name: 'KSTREAM-SINK-0000000001',
    kind: 'sink',
    predecessors: ['KSTREAM-SOURCE-0000000000'],
    extractor: 'anonymous topic name extractor. topic is [recordContext.topic()]-[key]',
  },
]);

// ---------------------------------------------------------------- G (global store)
// builder.globalTable("demo-global-table") (store 0, source 1, processor 2), then
// builder.stream("input").to("output"). The text after "Sub-topology: 1" is not
// verbatim from Kafka; it follows the grammar of section 3.1.
const globalNodes = [
  src('KSTREAM-SOURCE-0000000001', 'demo-global-table'),
  proc('KTABLE-SOURCE-0000000002', ['KSTREAM-SOURCE-0000000001'], ['demo-global-table-STATE-STORE-0000000000']),
];
const streamNodes = [src('KSTREAM-SOURCE-0000000003', 'input'), sink('KSTREAM-SINK-0000000004', ['KSTREAM-SOURCE-0000000003'], 'output')];
const exampleG = topo([...globalNodes, ...streamNodes], ['demo-global-table']);
const globalBlock = (id: number): string => `Sub-topology: ${id} for global store (will not generate tasks)
    Source: KSTREAM-SOURCE-0000000001 (topics: [demo-global-table])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [demo-global-table-STATE-STORE-0000000000])
      --> none
      <-- KSTREAM-SOURCE-0000000001
`;
const streamBlock = (id: number): string => `Sub-topology: ${id}
    Source: KSTREAM-SOURCE-0000000003 (topics: [input])
      --> KSTREAM-SINK-0000000004
    Sink: KSTREAM-SINK-0000000004 (topic: output)
      <-- KSTREAM-SOURCE-0000000003

`;
const expectedG = `Topologies:\n   ${globalBlock(0)}  ${streamBlock(1)}`;

describe('describeTopology().toString() is byte-identical to Kafka 4.0', () => {
  const cases: Array<[string, TopologyDescriptionInput, string]> = [
    ['A: RepartitionOptimizingTest EXPECTED_OPTIMIZED_TOPOLOGY', exampleA, expectedA],
    ['B: KStreamKTableJoinTest generated repartition names', exampleB, expectedB],
    ['C: TopologyTest stream-stream join, default store names', exampleC, expectedC],
    ['D: SuppressTopologyTest ANONYMOUS_FINAL_TOPOLOGY', exampleD, expectedD],
    ['E: TopologyTest timeWindowZeroArgCount', exampleE, expectedE],
    ['F: TopologyTest dynamic routing extractor', exampleF, expectedF],
    ['G: global store followed by a sub-topology', exampleG, expectedG],
    ['H: RepartitionOptimizingTest EXPECTED_UNOPTIMIZED_TOPOLOGY', exampleH, expectedH],
    ['I: KStreamKTableJoinTest user-provided repartition names', exampleI, expectedI],
    ['J: TopologyTest stream-stream outer join (shared store)', exampleJ, expectedJ],
    ['K: SuppressTopologyTest NAMED_FINAL_TOPOLOGY', exampleK, expectedK],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(describeTopology(input).toString()).toBe(expected);
  });

  it('prints a global store after the sub-topologies when its id is larger', () => {
    const input = topo([...streamNodes, ...globalNodes], ['demo-global-table']);
    expect(describeTopology(input).toString()).toBe(`Topologies:\n   ${streamBlock(0)}  ${globalBlock(1)}`);
  });

  it('uses the named-topology header', () => {
    expect(describeTopology(exampleE, { topologyName: 'my-topology' }).toString()).toBe(
      expectedE.replace('Topologies:\n', 'Topology: my-topology:\n'),
    );
  });

  it('prints a pattern subscription without brackets', () => {
    const input = topo([{ name: 'source', kind: 'source', predecessors: [], topicPattern: 'topic[0-9]' }]);
    expect(describeTopology(input).toString()).toBe(
      'Topologies:\n   Sub-topology: 0\n    Source: source (topics: topic[0-9])\n      --> none\n\n',
    );
  });
});

describe('structured description', () => {
  it('exposes Kafka-ordered nodes, successors and predecessors', () => {
    const d = describeTopology(exampleA);
    expect(d.subtopologies.map((s) => s.id)).toEqual([0, 1]);
    const source = d.subtopologies[1]?.nodes[0];
    expect(source?.name).toBe('count-groupByKey-repartition-source');
    expect(source?.successors).toEqual(['aggregate', 'count', 'join-filter', 'reduce-filter']);
    const merge = d.subtopologies[1]?.nodes.find((n) => n.name === 'join-merge');
    expect(merge?.predecessors).toEqual(['join-this-join', 'join-other-join']);
  });

  it('exposes global stores and round-trips through JSON', () => {
    const d = describeTopology(exampleG);
    expect(d.globalStores).toHaveLength(1);
    expect(d.globalStores[0]?.source.topics).toEqual(['demo-global-table']);
    expect(d.globalStores[0]?.processor.stores).toEqual(['demo-global-table-STATE-STORE-0000000000']);
    const json: unknown = JSON.parse(JSON.stringify(d));
    expect(json).toEqual({
      subtopologies: [
        {
          id: 1,
          nodes: [
            { kind: 'source', name: 'KSTREAM-SOURCE-0000000003', topics: ['input'], topicPattern: null, predecessors: [], successors: ['KSTREAM-SINK-0000000004'] },
            { kind: 'sink', name: 'KSTREAM-SINK-0000000004', topic: 'output', extractor: null, predecessors: ['KSTREAM-SOURCE-0000000003'], successors: [] },
          ],
        },
      ],
      globalStores: [
        {
          id: 0,
          source: { kind: 'source', name: 'KSTREAM-SOURCE-0000000001', topics: ['demo-global-table'], topicPattern: null, predecessors: [], successors: ['KTABLE-SOURCE-0000000002'] },
          processor: { kind: 'processor', name: 'KTABLE-SOURCE-0000000002', stores: ['demo-global-table-STATE-STORE-0000000000'], predecessors: ['KSTREAM-SOURCE-0000000001'], successors: [] },
        },
      ],
    });
  });
});

describe('nodeGroups', () => {
  it('splits at repartition topics and numbers groups in insertion order', () => {
    const groups = nodeGroups(exampleH);
    expect(groups.map((g) => g.id)).toEqual([0, 1, 2, 3]);
    expect(groups[0]?.nodeNames).toContain('join-left-repartition-sink');
    // join-left-repartition-source joins group 1 through the shared join stores
    expect(groups[1]?.nodeNames).toContain('join-left-repartition-source');
    expect(groups[2]?.nodeNames.sort()).toEqual(['aggregate', 'aggregate-groupByKey-repartition-source', 'aggregate-toStream', 'reduce-to']);
  });

  it('unites users of the same store (table source joins the stream-table join)', () => {
    expect(ids(exampleI)).toEqual([
      [0, ['KSTREAM-MAP-0000000007', 'KSTREAM-SOURCE-0000000000', 'first-join-repartition-filter', 'first-join-repartition-sink', 'second-join-repartition-filter', 'second-join-repartition-sink'], false],
      [1, ['KSTREAM-SINK-0000000012', 'KSTREAM-SOURCE-0000000002', 'KTABLE-SOURCE-0000000003', 'first-join', 'first-join-repartition-source'], false],
      [2, ['KSTREAM-SINK-0000000017', 'KSTREAM-SOURCE-0000000005', 'KTABLE-SOURCE-0000000006', 'second-join', 'second-join-repartition-source'], false],
    ]);
    // with a reused repartition both tables end up in one group
    expect(nodeGroups(exampleB).map((g) => g.id)).toEqual([0, 1]);
  });

  it('marks global-store groups and shares the id space', () => {
    expect(ids(exampleG)).toEqual([
      [0, ['KSTREAM-SOURCE-0000000001', 'KTABLE-SOURCE-0000000002'], true],
      [1, ['KSTREAM-SINK-0000000004', 'KSTREAM-SOURCE-0000000003'], false],
    ]);
  });

  it('lists node names in Java HashSet iteration order', () => {
    // bucket order of the spread String.hashCode() in a 16-bucket table
    expect(nodeGroups(exampleC)[0]?.nodeNames).toEqual(JAVA_ORDER_C);
  });
});

/** Printed by a JDK 17 `new HashSet<>()` filled with example C's node names in insertion order. */
const JAVA_ORDER_C = [
  'KSTREAM-JOINTHIS-0000000004',
  'KSTREAM-SOURCE-0000000001',
  'KSTREAM-SOURCE-0000000000',
  'KSTREAM-JOINOTHER-0000000005',
  'KSTREAM-WINDOWED-0000000003',
  'KSTREAM-WINDOWED-0000000002',
  'KSTREAM-MERGE-0000000006',
];
