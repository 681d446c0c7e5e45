import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, Serdes, StreamsBuilder } from '../../src/index.js';
import type { Serde } from '../../src/serdes/serde.js';
import { runOracleCase, type OracleRecord } from './processors/oracle-run.js';

// Expected outputs are Apache Kafka Streams 4.0.0-SNAPSHOT (1eb7644349cb) outputs for the same cases, produced by
// running each topology and input in Kafka Streams' own TopologyTestDriver.

const S = Serdes.String();
const SN = Serdes.String() as Serde<string | null>;

describe('CogroupedKStream (oracle cases)', () => {
  it('two grouped streams into one aggregate; null keys and values are dropped (cogroup-two-groupByKey)', async () => {
    const b = new StreamsBuilder();
    const left = b.stream<string, string>('in0', Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
    const right = b.stream<string, string>('in1', Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
    left
      .cogroup<string>((_k, v, a) => `${a}+${v}`)
      .cogroup(right, (_k, v, a) => `${a}-${v}`)
      .aggregate(() => 'I')
      .toStream()
      .to('out');
    const records: OracleRecord[] = [
      ['in0', 'a', 'x', 3], ['in1', 'a', 'pq', 1], ['in1', 'b', 'rs', 5], ['in0', 'b', 'y', 2], ['in0', null, 'n', 6],
      ['in0', 'a', null, 7], ['in1', 'a', 't', 4],
    ];
    expect(await runOracleCase(b, records)).toEqual(['a=I+x@3', 'a=I+x-pq@3', 'b=I-rs@5', 'b=I-rs+y@5', 'a=I+x-pq-t@4']);
  });

  it('a grouped stream of another value type that must be repartitioned (cogroup-one-repartitioned)', async () => {
    const b = new StreamsBuilder();
    const left = b.stream<string | null, string>('in0', Consumed.with(SN, S)).groupByKey(Grouped.with(SN, S));
    const lengths = b
      .stream<string, string | null>('in1', Consumed.with(S, S))
      .selectKey((_k, v) => (v === null ? null : v.slice(0, 1)))
      .mapValues((v) => (v === null ? null : v.length))
      .groupByKey(Grouped.with(SN, Serdes.Integer()));
    left
      .cogroup<string>((_k, v, a) => `${a}+${v}`)
      .cogroup(lengths, (_k, n, a) => `${a}#${n}`)
      .aggregate(() => 'I')
      .toStream()
      .to('out');
    const records: OracleRecord[] = [
      ['in0', 'p', 'x', 3], ['in1', 'k1', 'pq', 1], ['in1', 'k2', 'rst', 5], ['in0', 'r', 'y', 2], ['in1', 'k3', null, 6],
      ['in0', 'p', 'z', 0], ['in1', null, 'pz', 4],
    ];
    expect(await runOracleCase(b, records)).toEqual(['p=I+x@3', 'p=I+x#2@3', 'r=I#3@5', 'r=I#3+y@5', 'p=I+x#2+z@3', 'p=I+x#2+z#2@4']);
  });
});
