import { describe, expect, it } from 'vitest';
import { Consumed, Materialized, Serdes, StreamsBuilder } from '../../../src/index.js';
import { runOracleCase, type OracleRecord } from './oracle-run.js';

// Expected outputs are Apache Kafka Streams 4.0.0-SNAPSHOT (1eb7644349cb) outputs for the same cases, produced by
// running each topology and input in Kafka Streams' own TopologyTestDriver.

const S = Serdes.String();
const SRC: OracleRecord[] = [
  ['in0', 'a', '1', 5], ['in0', 'b', '2', 3], ['in0', 'a', '1', 5], ['in0', 'a', null, 7],
  ['in0', 'a', null, 8], ['in0', null, 'x', 9], ['in0', 'b', '3', 2], ['in0', 'c', null, 1],
];

describe('KTable source (oracle cases)', () => {
  it('passes on repeated updates and repeated tombstones, drops null keys, keeps each timestamp (table-source-plain)', async () => {
    const b = new StreamsBuilder();
    b.table<string, string>('in0', Consumed.with(S, S)).toStream().to('out');
    expect(await runOracleCase(b, SRC)).toEqual(['a=1@5', 'b=2@3', 'a=1@5', 'a=null@7', 'a=null@8', 'b=3@2', 'c=null@1']);
  });

  it('behaves the same when materialized, out-of-order updates included (table-source-materialized)', async () => {
    const b = new StreamsBuilder();
    b.table<string, string>('in0', Consumed.with(S, S), Materialized.as('src-in0')).toStream().to('out');
    expect(await runOracleCase(b, SRC)).toEqual(['a=1@5', 'b=2@3', 'a=1@5', 'a=null@7', 'a=null@8', 'b=3@2', 'c=null@1']);
  });
});

describe('KStream.toTable (oracle cases)', () => {
  const TT: OracleRecord[] = [
    ['in0', 'a', '1', 4], ['in0', null, '2', 2], ['in0', 'a', null, 3], ['in0', 'b', 'bb', 1], ['in0', 'b', 'bb', 0],
    ['in0', 'c', null, 5],
  ];

  it('turns a stream into table updates (stream-toTable-toStream)', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in0', Consumed.with(S, S)).toTable().toStream().to('out');
    expect(await runOracleCase(b, TT)).toEqual(['a=1@4', 'a=null@3', 'b=bb@1', 'b=bb@0', 'c=null@5']);
  });

  it('repartitions after a key change; a null key is dropped after the repartition (stream-selectKey-toTable)', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string | null>('in0', Consumed.with(S, S))
      .selectKey((_k, v) => (v === null ? null : v.slice(0, 1)))
      .toTable()
      .toStream()
      .to('out');
    const records: OracleRecord[] = [['in0', 'k', 'ab', 4], ['in0', 'k', 'ac', 2], ['in0', 'k', null, 3], ['in0', null, 'bz', 1]];
    expect(await runOracleCase(b, records)).toEqual(['a=ab@4', 'a=ac@2', 'b=bz@1']);
  });

  it('a filter on a non-materialized toTable forwards a tombstone for each dropped update (stream-toTable-filter)', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in0', Consumed.with(S, S))
      .toTable()
      .filter((_k, v) => v.length % 2 === 0)
      .toStream()
      .to('out');
    expect(await runOracleCase(b, TT)).toEqual(['a=null@4', 'a=null@3', 'b=bb@1', 'b=bb@0', 'c=null@5']);
  });
});
