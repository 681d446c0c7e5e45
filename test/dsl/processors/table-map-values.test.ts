import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, KeyValue, Materialized, Produced, Serdes, StreamsBuilder } from '../../../src/index.js';
import { runOracleCase, type OracleRecord } from './oracle-run.js';

// Expected outputs are Apache Kafka Streams 4.0.0-SNAPSHOT (1eb7644349cb) outputs for the same cases, produced by
// running each topology and input in Kafka Streams' own TopologyTestDriver.

const S = Serdes.String();
const MV: OracleRecord[] = [
  ['in0', 'a', 'x', 3], ['in0', 'b', 'yy', 1], ['in0', 'a', 'zzz', 2], ['in0', 'a', null, 4],
  ['in0', 'a', null, 5], ['in0', null, 'n', 6], ['in0', 'b', 'yy', 7],
];

describe('KTable.mapValues (oracle cases)', () => {
  it('maps each update, tombstones stay tombstones (table-mapValues-plain)', async () => {
    const b = new StreamsBuilder();
    b.table<string, string>('in0', Consumed.with(S, S)).mapValues((v) => `${v}!`).toStream().to('out');
    expect(await runOracleCase(b, MV)).toEqual(['a=x!@3', 'b=yy!@1', 'a=zzz!@2', 'a=null@4', 'a=null@5', 'b=yy!@7']);
  });

  it('above a materialized source (table-mapValues-source-materialized)', async () => {
    const b = new StreamsBuilder();
    b.table<string, string>('in0', Consumed.with(S, S), Materialized.as('src-in0')).mapValues((v) => v.toUpperCase()).toStream().to('out');
    expect(await runOracleCase(b, MV)).toEqual(['a=X@3', 'b=YY@1', 'a=ZZZ@2', 'a=null@4', 'a=null@5', 'b=YY@7']);
  });

  it('materialized itself (table-mapValues-materialized)', async () => {
    const b = new StreamsBuilder();
    b.table<string, string>('in0', Consumed.with(S, S))
      .mapValues((v) => String(v.length), Materialized.as<string, string>('mv'))
      .toStream()
      .to('out');
    expect(await runOracleCase(b, MV)).toEqual(['a=1@3', 'b=2@1', 'a=3@2', 'a=null@4', 'a=null@5', 'b=2@7']);
  });

  it('groupBy + count below it forces old values through it (table-mapValues-then-groupBy-count)', async () => {
    const b = new StreamsBuilder();
    b.table<string, string>('in0', Consumed.with(S, S))
      .mapValues((v) => String(v.length))
      .groupBy((_k, v) => KeyValue.pair(v.slice(0, 1), v), Grouped.with(S, S))
      .count()
      .toStream()
      .to('out', Produced.with(S, Serdes.Long()));
    expect(await runOracleCase(b, MV, 'Long')).toEqual(['1=1@3', '2=1@1', '1=0@3', '3=1@2', '3=0@4', '2=1@7']);
  });

  it('a filter below it, not materialized (table-mapValues-then-filter-plain)', async () => {
    const b = new StreamsBuilder();
    b.table<string, string>('in0', Consumed.with(S, S))
      .mapValues((v) => String(v.length))
      .filter((_k, v) => v.length % 2 === 1)
      .toStream()
      .to('out');
    expect(await runOracleCase(b, MV)).toEqual(['a=1@3', 'b=2@1', 'a=3@2', 'a=null@4', 'a=null@5', 'b=2@7']);
  });
});
const R2: OracleRecord[] = [
  ['in0', 'a', 'xx', 1], ['in0', 'a', 'x', 2], ['in0', 'b', 'y', 3], ['in0', 'a', 'xy', 4], ['in0', 'a', null, 5],
  ['in0', 'b', 'yy', 6], ['in0', 'c', null, 7],
];

describe('KTable.mapValues feeding a groupBy (oracle cases)', () => {
  const all = (_k: string, v: string) => KeyValue.pair('all', v);

  it('materialized: old values come from its store (table-mapValues-materialized-then-groupBy)', async () => {
    const b = new StreamsBuilder();
    b.table<string, string>('in0', Consumed.with(S, S))
      .mapValues((v) => `${v}!`, Materialized.as<string, string>('mv'))
      .groupBy(all, Grouped.with(S, S))
      .reduce((a, v) => `${a}+${v}`, (a, v) => `${a}-${v}`)
      .toStream()
      .to('out');
    expect(await runOracleCase(b, R2)).toEqual([
      'all=xx!@1', 'all=xx!-xx!+x!@2', 'all=xx!-xx!+x!+y!@3', 'all=xx!-xx!+x!+y!-x!+xy!@4', 'all=xx!-xx!+x!+y!-x!+xy!-xy!@5',
      'all=xx!-xx!+x!+y!-x!+xy!-xy!-y!+yy!@6',
    ]);
  });

  it('of a stream reduce: old values are mapped too (stream-reduce-mapValues-groupBy)', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in0', Consumed.with(S, S))
      .groupByKey(Grouped.with(S, S))
      .reduce((a, v) => a + v)
      .mapValues((v) => v.toUpperCase())
      .groupBy(all, Grouped.with(S, S))
      .reduce((a, v) => `${a}+${v}`, (a, v) => `${a}-${v}`)
      .toStream()
      .to('out');
    const records: OracleRecord[] = [['in0', 'a', 'x', 1], ['in0', 'b', 'y', 3], ['in0', 'a', 'z', 2]];
    expect(await runOracleCase(b, records)).toEqual(['all=X@1', 'all=X+Y@3', 'all=X+Y-X+XZ@3']);
  });
});
