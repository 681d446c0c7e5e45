import { describe, expect, it } from 'vitest';
import { Consumed, Produced, Serdes, StreamsBuilder, Stores, Topology, TopologyTestDriver, type KeyValueStore } from '../../src/index.js';
import { topologyModel } from '../../src/topology/topology.js';

// Replays KStreamGlobalKTableJoinTest and KStreamGlobalKTableLeftJoinTest (Kafka 4.0): stream values
// "X<k>,FKey<k>" whose second token is the global table key; stream timestamps auto-advance by 1 from 0.

const KEYS = [0, 1, 2, 3];
const keyMapper = (_key: number, value: string): string | null => {
  const tokens = value.split(',');
  return tokens.length > 1 ? (tokens[1] as string) : null;
};
const joiner = (v: string, g: string | null): string => `${v}+${g}`;

function setUp(left: boolean) {
  const builder = new StreamsBuilder();
  const stream = builder.stream('streamTopic', Consumed.with(Serdes.Integer(), Serdes.String()));
  const table = builder.globalTable('globalTopic', Consumed.with(Serdes.String(), Serdes.String()));
  (left ? stream.leftJoin(table, keyMapper as (k: number, v: string) => string, joiner) : stream.join(table, keyMapper as (k: number, v: string) => string, joiner)).to(
    'out',
    Produced.with(Serdes.Integer(), Serdes.String()),
  );
  const topology = builder.build();
  const driver = new TopologyTestDriver(topology, { applicationId: 'gj', defaultKeySerde: Serdes.Integer(), defaultValueSerde: Serdes.String() }, 0);
  const streamIn = driver.createInputTopic('streamTopic', Serdes.Integer(), Serdes.String(), 0, 1);
  const tableIn = driver.createInputTopic('globalTopic', Serdes.String(), Serdes.String(), 1000, 0);
  const out = driver.createOutputTopic('out', Serdes.Integer(), Serdes.String());
  return {
    topology,
    driver,
    read: async () => (await out.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp]),
    pushToStream: async (count: number, prefix: string, includeForeignKey: boolean, includeNullKey: boolean) => {
      for (let i = 0; i < count; i++) {
        const value = `${prefix}${KEYS[i]}${includeForeignKey ? `,FKey${KEYS[i]}` : ''}`;
        await streamIn.pipeInput(includeNullKey && i === 0 ? (null as unknown as number) : (KEYS[i] as number), value);
      }
    },
    pushToGlobalTable: async (count: number, prefix: string) => {
      for (let i = 0; i < count; i++) await tableIn.pipeInput(`FKey${KEYS[i]}`, `${prefix}${KEYS[i]}`);
    },
    pushNullValueToGlobalTable: async (count: number) => {
      for (let i = 0; i < count; i++) await tableIn.pipeInput(`FKey${KEYS[i]}`, null as unknown as string);
    },
  };
}

describe('KStream-GlobalKTable join (KStreamGlobalKTableJoinTest)', () => {
  it('shouldNotRequireCopartitioning, and describes the global store', async () => {
    const t = setUp(false);
    expect(topologyModel(t.topology).copartitionGroups).toEqual([]);
    const text = t.topology.describe().toString();
    expect(text).toContain(
      '  Sub-topology: 1 for global store (will not generate tasks)\n' +
        '    Source: KSTREAM-SOURCE-0000000002 (topics: [globalTopic])\n' +
        '      --> KTABLE-SOURCE-0000000003\n' +
        '    Processor: KTABLE-SOURCE-0000000003 (stores: [globalTopic-STATE-STORE-0000000001])\n' +
        '      --> none\n' +
        '      <-- KSTREAM-SOURCE-0000000002\n',
    );
    // Kafka names the inner join KSTREAM-LEFTJOIN- too, and connects no store to it.
    expect(text).toContain('Processor: KSTREAM-LEFTJOIN-0000000004 (stores: [])');
    await t.driver.close();
  });

  it('shouldNotJoinWithEmptyGlobalTableOnStreamUpdates', async () => {
    const t = setUp(false);
    await t.pushToStream(2, 'X', true, false);
    expect(await t.read()).toEqual([]);
    await t.driver.close();
  });

  it('shouldNotJoinOnGlobalTableUpdates', async () => {
    const t = setUp(false);
    await t.pushToStream(2, 'X', true, false);
    expect(await t.read()).toEqual([]);
    await t.pushToGlobalTable(2, 'Y');
    expect(await t.read()).toEqual([]);
    await t.pushToStream(4, 'X', true, false);
    expect(await t.read()).toEqual([[0, 'X0,FKey0+Y0', 2], [1, 'X1,FKey1+Y1', 3]]);
    await t.pushToGlobalTable(4, 'YY');
    expect(await t.read()).toEqual([]);
    await t.pushToStream(4, 'X', true, false);
    expect(await t.read()).toEqual([[0, 'X0,FKey0+YY0', 6], [1, 'X1,FKey1+YY1', 7], [2, 'X2,FKey2+YY2', 8], [3, 'X3,FKey3+YY3', 9]]);
    await t.pushToGlobalTable(4, 'YYY');
    expect(await t.read()).toEqual([]);
    await t.driver.close();
  });

  it('shouldJoinOnlyIfMatchFoundOnStreamUpdates', async () => {
    const t = setUp(false);
    await t.pushToGlobalTable(2, 'Y');
    await t.pushToStream(4, 'X', true, false);
    expect(await t.read()).toEqual([[0, 'X0,FKey0+Y0', 0], [1, 'X1,FKey1+Y1', 1]]);
    await t.driver.close();
  });

  it('shouldClearGlobalTableEntryOnNullValueUpdates (global tombstones), store readable through the driver', async () => {
    const t = setUp(false);
    await t.pushToGlobalTable(4, 'Y');
    await t.pushToStream(4, 'X', true, false);
    expect(await t.read()).toEqual([[0, 'X0,FKey0+Y0', 0], [1, 'X1,FKey1+Y1', 1], [2, 'X2,FKey2+Y2', 2], [3, 'X3,FKey3+Y3', 3]]);
    await t.pushNullValueToGlobalTable(2);
    expect(await t.read()).toEqual([]);
    const store = t.driver.getKeyValueStore<string, string>('globalTopic-STATE-STORE-0000000001');
    expect(store?.get('FKey0')).toBeUndefined();
    expect(store?.get('FKey2')).toBe('Y2');
    await t.pushToStream(4, 'XX', true, false);
    expect(await t.read()).toEqual([[2, 'XX2,FKey2+Y2', 6], [3, 'XX3,FKey3+Y3', 7]]);
    await t.driver.close();
  });

  it('shouldNotJoinOnNullKeyMapperValues (dropped and counted)', async () => {
    const t = setUp(false);
    await t.pushToGlobalTable(4, 'Y');
    await t.pushToStream(4, 'XXX', false, false);
    expect(await t.read()).toEqual([]);
    expect(t.driver.metricValue('dropped-records-total')).toBe(4);
    await t.driver.close();
  });

  it('shouldJoinOnNullKeyWithNonNullKeyMapperValues: a null stream key is handed to the key selector', async () => {
    const t = setUp(false);
    await t.pushToGlobalTable(2, 'Y');
    await t.pushToStream(4, 'X', true, true);
    expect(await t.read()).toEqual([[null, 'X0,FKey0+Y0', 0], [1, 'X1,FKey1+Y1', 1]]);
    await t.driver.close();
  });
});

describe('KStream-GlobalKTable left join (KStreamGlobalKTableLeftJoinTest)', () => {
  it('shouldNotJoinWithEmptyGlobalTableOnStreamUpdates (null-padded)', async () => {
    const t = setUp(true);
    await t.pushToStream(2, 'X', true, false);
    expect(await t.read()).toEqual([[0, 'X0,FKey0+null', 0], [1, 'X1,FKey1+null', 1]]);
    await t.driver.close();
  });

  it('shouldNotJoinOnGlobalTableUpdates', async () => {
    const t = setUp(true);
    await t.pushToStream(2, 'X', true, false);
    await t.read();
    await t.pushToGlobalTable(2, 'Y');
    expect(await t.read()).toEqual([]);
    await t.pushToStream(4, 'X', true, false);
    expect(await t.read()).toEqual([[0, 'X0,FKey0+Y0', 2], [1, 'X1,FKey1+Y1', 3], [2, 'X2,FKey2+null', 4], [3, 'X3,FKey3+null', 5]]);
    await t.pushToGlobalTable(4, 'YY');
    await t.pushToStream(4, 'X', true, false);
    expect(await t.read()).toEqual([[0, 'X0,FKey0+YY0', 6], [1, 'X1,FKey1+YY1', 7], [2, 'X2,FKey2+YY2', 8], [3, 'X3,FKey3+YY3', 9]]);
    await t.driver.close();
  });

  it('shouldClearGlobalTableEntryOnNullValueUpdates', async () => {
    const t = setUp(true);
    await t.pushToGlobalTable(4, 'Y');
    await t.pushToStream(4, 'X', true, false);
    await t.read();
    await t.pushNullValueToGlobalTable(2);
    await t.pushToStream(4, 'XX', true, false);
    expect(await t.read()).toEqual([[0, 'XX0,FKey0+null', 4], [1, 'XX1,FKey1+null', 5], [2, 'XX2,FKey2+Y2', 6], [3, 'XX3,FKey3+Y3', 7]]);
    await t.driver.close();
  });

  it('shouldNotJoinOnNullKeyMapperValues', async () => {
    const t = setUp(true);
    await t.pushToGlobalTable(4, 'Y');
    await t.pushToStream(4, 'XXX', false, false);
    expect(await t.read()).toEqual([]);
    await t.driver.close();
  });

  it('shouldJoinOnNullKeyWithNonNullKeyMapperValues', async () => {
    const t = setUp(true);
    await t.pushToGlobalTable(4, 'Y');
    await t.pushToStream(4, 'X', true, true);
    expect(await t.read()).toEqual([[null, 'X0,FKey0+Y0', 0], [1, 'X1,FKey1+Y1', 1], [2, 'X2,FKey2+Y2', 2], [3, 'X3,FKey3+Y3', 3]]);
    await t.driver.close();
  });
});

describe('Topology.addGlobalStore (Processor API)', () => {
  it('feeds a custom global store that any processor may read without connecting it', async () => {
    const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('rates'), Serdes.String(), Serdes.String()).withLoggingDisabled();
    const topology = new Topology()
      .addGlobalStore(store, 'rates-source', 'rates', { keySerde: Serdes.String(), valueSerde: Serdes.String() }, 'rates-updater', () => {
        let kv: { put(k: string, v: string | null): void } | undefined;
        return {
          init: (ctx) => {
            kv = ctx.getStateStore<KeyValueStore<string, string>>('rates');
          },
          process: (record) => kv?.put(record.key as string, record.value as string | null),
        };
      })
      .addSource('orders', 'orders', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
      .addProcessor<string, string, string, string>('enrich', () => {
        let kv: { get(k: string): string | undefined } | undefined;
        return {
          init: (ctx) => {
            kv = ctx.getStateStore<KeyValueStore<string, string>>('rates');
          },
          process: (record, ctx) => ctx.forward(record.withValue(`${record.value}@${kv?.get(record.value) ?? '?'}`)),
        };
      }, 'orders')
      .addSink('out', 'enriched', { keySerde: Serdes.String(), valueSerde: Serdes.String() }, 'enrich');
    expect(topology.describe().toString()).toContain('Sub-topology: 0 for global store (will not generate tasks)');
    const driver = new TopologyTestDriver(topology, { applicationId: 'g' }, 0);
    await driver.createInputTopic('rates', Serdes.String(), Serdes.String()).pipeInput('EUR', '1.1', 1);
    await driver.createInputTopic('orders', Serdes.String(), Serdes.String()).pipeInput('o1', 'EUR', 2);
    expect(await driver.createOutputTopic('enriched', Serdes.String(), Serdes.String()).readKeyValuesToList()).toEqual([{ key: 'o1', value: 'EUR@1.1' }]);
    expect(driver.getKeyValueStore<string, string>('rates')?.get('EUR')).toBe('1.1');
    expect(() => new Topology().addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('x')), 's', 't', {}, 'p', () => ({ process: () => undefined }))).toThrow(
      /must not have logging enabled/,
    );
    await driver.close();
  });
});
