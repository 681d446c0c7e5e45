// The end-to-end scenarios of issue 5's acceptance, written once and run on every transport:
// word count, windowed count, stream-table join and table aggregation with regrouping.
import { Consumed, Grouped, KeyValue, Materialized, Produced, Serdes, StreamsBuilder, TimeWindows } from '../../src/index.js';
import type { Serde } from '../../src/index.js';
import type { Topology } from '../../src/topology/topology.js';
import type { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import type { Input } from './helpers.js';

export interface Phase {
  /** Records to produce, per topic. */
  readonly inputs: readonly { readonly topic: string; readonly records: readonly Input<string, string | null>[] }[];
  /** The output's final table (last value per key, as strings) once the phase is processed. */
  readonly expected: ReadonlyMap<string, string>;
  /** Awaited before the next phase produces (e.g. a table fully loaded before the stream that joins it). */
  readonly ready?: (streams: KafkaStreams) => boolean;
}

export interface Scenario {
  readonly name: string;
  readonly applicationId: string;
  readonly topology: () => Topology;
  readonly sources: ReadonlyMap<string, number>;
  readonly output: { readonly topic: string; readonly partitions: number; readonly keySerde: Serde<unknown>; readonly valueSerde: Serde<unknown> };
  readonly phases: readonly Phase[];
}

const S = Serdes.String();
const T0 = 1_700_000_000_000;
const input = (key: string, value: string | null, timestamp: number): Input<string, string | null> => ({ key, value, timestamp });

function countWords(lines: readonly string[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const line of lines) for (const word of line.toLowerCase().split(/\W+/).filter((w) => w.length > 0)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return new Map([...counts].map(([k, v]) => [k, String(v)]));
}

const LINES = Array.from({ length: 120 }, (_, i) => `the quick ${['brown', 'red', 'blue'][i % 3]} fox number ${i % 17} jumps over ${i % 5} lazy dogs`);

const wordCount: Scenario = {
  name: 'word count',
  applicationId: 'e2e-wordcount',
  sources: new Map([['wc-lines', 3]]),
  output: { topic: 'wc-counts', partitions: 3, keySerde: S as Serde<unknown>, valueSerde: Serdes.Long() as Serde<unknown> },
  topology: () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('wc-lines', Consumed.with(S, S))
      .flatMapValues((line) => line.toLowerCase().split(/\W+/).filter((w) => w.length > 0))
      .groupBy((_k, word) => word, Grouped.with(S, S))
      .count()
      .toStream()
      .to('wc-counts', Produced.with(S, Serdes.Long()));
    return builder.build();
  },
  phases: [
    { inputs: [{ topic: 'wc-lines', records: LINES.slice(0, 60).map((l, i) => input(`line-${i}`, l, T0 + i)) }], expected: countWords(LINES.slice(0, 60)) },
    { inputs: [{ topic: 'wc-lines', records: LINES.slice(60).map((l, i) => input(`line-${60 + i}`, l, T0 + 60 + i)) }], expected: countWords(LINES) },
  ],
};

const CLICKS = Array.from({ length: 200 }, (_, i) => input(`user-${i % 7}`, `page-${i % 11}`, T0 + i * 250));

const windowedCount: Scenario = {
  name: 'windowed count',
  applicationId: 'e2e-windowed',
  sources: new Map([['win-clicks', 2]]),
  output: { topic: 'win-counts', partitions: 2, keySerde: S as Serde<unknown>, valueSerde: Serdes.Long() as Serde<unknown> },
  topology: () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('win-clicks', Consumed.with(S, S))
      .groupByKey(Grouped.with(S, S))
      .windowedBy(TimeWindows.ofSizeAndGrace(10_000, 60_000))
      .count()
      .toStream()
      .map((windowed, count) => KeyValue.pair(`${windowed.key}@${windowed.window.start}`, count))
      .to('win-counts', Produced.with(S, Serdes.Long()));
    return builder.build();
  },
  phases: [
    {
      inputs: [{ topic: 'win-clicks', records: CLICKS }],
      expected: (() => {
        const counts = new Map<string, number>();
        for (const c of CLICKS) {
          const key = `${c.key}@${c.timestamp - (c.timestamp % 10_000)}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return new Map([...counts].map(([k, v]) => [k, String(v)]));
      })(),
    },
  ],
};

const USERS = Array.from({ length: 20 }, (_, i) => input(`u${i}`, ['north', 'south', 'east', 'west'][i % 4] as string, T0 + i));
const ORDERS = Array.from({ length: 100 }, (_, i) => input(`u${(i * 7) % 20}`, `o${i}:${(i * 13) % 97}`, T0 + 1_000 + i));

const streamTableJoin: Scenario = {
  name: 'stream-table join',
  applicationId: 'e2e-join',
  sources: new Map([
    ['join-users', 2],
    ['join-orders', 2],
  ]),
  output: { topic: 'join-enriched', partitions: 2, keySerde: S as Serde<unknown>, valueSerde: S as Serde<unknown> },
  topology: () => {
    const builder = new StreamsBuilder();
    const users = builder.table<string, string>('join-users', Consumed.with(S, S), Materialized.as<string, string>('join-users-store').withKeySerde(S).withValueSerde(S));
    builder
      .stream<string, string>('join-orders', Consumed.with(S, S))
      .join(users, (order, region) => `${order.split(':')[1]}@${region}`)
      .map((userId, enriched) => KeyValue.pair(`${userId}`, enriched))
      .to('join-enriched', Produced.with(S, S));
    return builder.build();
  },
  phases: [
    { inputs: [{ topic: 'join-users', records: USERS }], expected: new Map(), ready: (streams) => streams.store<string, string>('join-users-store').approximateNumEntries() === USERS.length },
    {
      inputs: [{ topic: 'join-orders', records: ORDERS }],
      expected: (() => {
        const region = new Map(USERS.map((u) => [u.key, u.value]));
        const out = new Map<string, string>();
        for (const o of ORDERS) out.set(o.key, `${(o.value as string).split(':')[1]}@${region.get(o.key)}`);
        return out;
      })(),
    },
  ],
};

const PROFILES = Array.from({ length: 30 }, (_, i) => input(`p${i}`, ['paris', 'rome', 'oslo'][i % 3] as string, T0 + i));
const MOVES = [
  ...Array.from({ length: 10 }, (_, i) => input(`p${i * 3}`, 'rome', T0 + 100 + i)),
  input('p1', null, T0 + 200),
  input('p4', null, T0 + 201),
  input('p2', 'lima', T0 + 202),
];

function cityCounts(records: readonly Input<string, string | null>[]): Map<string, string> {
  const city = new Map<string, string | null>();
  const seen = new Set<string>();
  for (const r of records) {
    city.set(r.key, r.value);
    if (r.value !== null) seen.add(r.value);
  }
  const counts = new Map<string, number>([...seen].map((c) => [c, 0]));
  for (const c of city.values()) if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
  return new Map([...counts].map(([k, v]) => [k, String(v)]));
}

const tableRegroup: Scenario = {
  name: 'table aggregation with regrouping',
  applicationId: 'e2e-regroup',
  sources: new Map([['regroup-profiles', 3]]),
  output: { topic: 'regroup-city-counts', partitions: 3, keySerde: S as Serde<unknown>, valueSerde: Serdes.Long() as Serde<unknown> },
  topology: () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('regroup-profiles', Consumed.with(S, S))
      .groupBy((user, city) => KeyValue.pair(city, user), Grouped.with(S, S))
      .count()
      .toStream()
      .to('regroup-city-counts', Produced.with(S, Serdes.Long()));
    return builder.build();
  },
  phases: [
    { inputs: [{ topic: 'regroup-profiles', records: PROFILES }], expected: cityCounts(PROFILES) },
    { inputs: [{ topic: 'regroup-profiles', records: MOVES }], expected: cityCounts([...PROFILES, ...MOVES]) },
  ],
};

export const SCENARIOS: readonly Scenario[] = [wordCount, windowedCount, streamTableJoin, tableRegroup];
