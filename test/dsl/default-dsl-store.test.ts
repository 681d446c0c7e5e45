import { describe, expect, it } from 'vitest';
import { Consumed, JoinWindows, Produced, Serdes, SlidingWindows, StreamsBuilder, TopologyTestDriver } from '../../src/index.js';
import { bytesLayer, isPersistentBytesStore } from '../../src/state/leveldb/persistent-store.js';
import type { Topology } from '../../src/topology/topology.js';

const strings = Consumed.with(Serdes.String(), Serdes.String());

/** Every store of the topology, by name, and whether the store at its bottom is a LevelDB one. */
function storeKinds(topology: Topology, defaultDslStore: 'persistent' | 'in_memory'): Map<string, boolean> {
  const driver = new TopologyTestDriver(topology, { applicationId: 'kinds', defaultDslStore });
  try {
    return new Map([...driver.getAllStateStores()].map(([name, store]) => [name, isPersistentBytesStore(bytesLayer(store))]));
  } finally {
    driver.close();
  }
}

/** The internal stores operators create for themselves: join buffers, the outer-join store, the FK subscription store, sliding windows. */
function internalStoresTopology(): Topology {
  const builder = new StreamsBuilder();
  const left = builder.stream('left', strings);
  const right = builder.stream('right', strings);
  left.outerJoin(right, (a, b) => `${a}/${b}`, JoinWindows.ofTimeDifferenceAndGrace(10, 5)).to('joined', Produced.with(Serdes.String(), Serdes.String()));
  left.groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10)).count();
  const orders = builder.table('orders', strings);
  const customers = builder.table('customers', strings);
  orders.join(customers, (order: string) => order, (order: string, customer: string) => `${order}@${customer}`).toStream().to('enriched', Produced.with(Serdes.String(), Serdes.String()));
  return builder.build();
}

describe("operators' own stores follow defaultDslStore, as Kafka's default.dsl.store", () => {
  it('are LevelDB stores by default (persistent)', () => {
    const kinds = storeKinds(internalStoresTopology(), 'persistent');
    const names = [...kinds.keys()];
    for (const fragment of ['OUTERTHIS', 'OUTEROTHER', 'OUTERSHARED', 'SUBSCRIPTION-STATE-STORE', 'AGGREGATE-STATE-STORE']) {
      const name = names.find((n) => n.includes(fragment));
      expect(name, `a store named *${fragment}* in ${names.join(', ')}`).toBeDefined();
      expect(kinds.get(name as string), `${name as string} is a LevelDB store`).toBe(true);
    }
  });

  it("are in memory with defaultDslStore 'in_memory'", () => {
    const kinds = storeKinds(internalStoresTopology(), 'in_memory');
    expect([...kinds].filter(([, persistent]) => persistent)).toEqual([]);
  });
});
