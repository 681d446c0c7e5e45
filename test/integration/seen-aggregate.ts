// The topology of the multi-process and fault tests: per key, which sequence numbers were seen and how many
// records were counted. A lost record leaves a 0 in `seen`; a duplicate makes `n` larger than the number of 1s.
import { Consumed, Grouped, Materialized, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import type { Topology } from '../../src/topology/topology.js';

export const SEQUENCES = 100;

export interface Seen {
  readonly n: number;
  readonly seen: string;
}

export function seenTopology(input: string, output: string): Topology {
  const S = Serdes.String();
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>(input, Consumed.with(S, S))
    .groupByKey(Grouped.with(S, S))
    .aggregate<string>(
      () => JSON.stringify({ n: 0, seen: '0'.repeat(SEQUENCES) } satisfies Seen),
      (_key, value, aggregate) => {
        const state = JSON.parse(aggregate) as Seen;
        const i = Number(value);
        return JSON.stringify({ n: state.n + 1, seen: `${state.seen.slice(0, i)}1${state.seen.slice(i + 1)}` } satisfies Seen);
      },
      Materialized.as<string, string>('seen-store').withKeySerde(S).withValueSerde(S),
    )
    .toStream()
    .to(output, Produced.with(S, S));
  return builder.build();
}

/** Records lost (sequence numbers never seen) and duplicates (counted more than once) over a final table. */
export function verify(table: ReadonlyMap<string, string>, keys: readonly string[]): { missing: string[]; duplicates: Map<string, number> } {
  const missing: string[] = [];
  const duplicates = new Map<string, number>();
  for (const key of keys) {
    const raw = table.get(key);
    if (raw === undefined) {
      missing.push(`${key}: no aggregate`);
      continue;
    }
    const state = JSON.parse(raw) as Seen;
    const ones = [...state.seen].filter((c) => c === '1').length;
    if (ones < SEQUENCES) missing.push(`${key}: ${SEQUENCES - ones} sequence numbers missing`);
    if (state.n > ones) duplicates.set(key, state.n - ones);
  }
  return { missing, duplicates };
}
