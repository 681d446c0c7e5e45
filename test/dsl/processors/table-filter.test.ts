import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, KeyValue, Materialized, Produced, Serdes, StreamsBuilder } from '../../../src/index.js';
import { runOracleCase, type OracleRecord } from './oracle-run.js';

// Expected outputs are Apache Kafka Streams 4.0.0-SNAPSHOT (1eb7644349cb) outputs for the same cases, produced by
// running each topology and input in Kafka Streams' own TopologyTestDriver.
// Kafka's KTableFilter asks its parent for old values when it is built (parent.enableSendingOldValues(false)):
// above a materialized table (or an aggregation) it knows the old value and forwards no tombstone for an update
// that was dropped and whose key was already absent; above a non-materialized source it must forward one every time.

const S = Serdes.String();
const even = (_k: string, v: string): boolean => v.length % 2 === 0;
const FLT: OracleRecord[] = [
  ['in0', 'a', 'xx', 1], ['in0', 'a', 'x', 2], ['in0', 'a', 'y', 3], ['in0', 'b', 'z', 4],
  ['in0', 'a', null, 5], ['in0', 'a', 'zz', 6], ['in0', 'a', 'ww', 7], ['in0', 'b', null, 8],
  ['in0', 'c', null, 9], ['in0', null, 'qq', 10],
];

function source(b: StreamsBuilder, materialized: boolean) {
  return materialized ? b.table<string, string>('in0', Consumed.with(S, S), Materialized.as('src-in0')) : b.table<string, string>('in0', Consumed.with(S, S));
}

describe('KTable.filter / filterNot (oracle cases)', () => {
  it('not materialized: a tombstone for every dropped update (table-filter-plain)', async () => {
    const b = new StreamsBuilder();
    source(b, false).filter(even).toStream().to('out');
    expect(await runOracleCase(b, FLT)).toEqual(['a=xx@1', 'a=null@2', 'a=null@3', 'b=null@4', 'a=null@5', 'a=zz@6', 'a=ww@7', 'b=null@8', 'c=null@9']);
  });

  it('above a materialized source: only tombstones for rows that were visible (table-filter-source-materialized)', async () => {
    const b = new StreamsBuilder();
    source(b, true).filter(even).toStream().to('out');
    expect(await runOracleCase(b, FLT)).toEqual(['a=xx@1', 'a=null@2', 'a=zz@6', 'a=ww@7']);
  });

  it('filterNot, not materialized (table-filterNot-plain)', async () => {
    const b = new StreamsBuilder();
    source(b, false).filterNot(even).toStream().to('out');
    expect(await runOracleCase(b, FLT)).toEqual(['a=null@1', 'a=x@2', 'a=y@3', 'b=z@4', 'a=null@5', 'a=null@6', 'a=null@7', 'b=null@8', 'c=null@9']);
  });

  it('filterNot above a materialized source (table-filterNot-source-materialized)', async () => {
    const b = new StreamsBuilder();
    source(b, true).filterNot(even).toStream().to('out');
    expect(await runOracleCase(b, FLT)).toEqual(['a=x@2', 'a=y@3', 'b=z@4', 'a=null@5', 'b=null@8']);
  });

  it('a materialized filter above a non-materialized source still forwards every tombstone (table-filter-materialized)', async () => {
    const b = new StreamsBuilder();
    source(b, false).filter(even, Materialized.as('flt')).toStream().to('out');
    expect(await runOracleCase(b, FLT)).toEqual(['a=xx@1', 'a=null@2', 'a=null@3', 'b=null@4', 'a=null@5', 'a=zz@6', 'a=ww@7', 'b=null@8', 'c=null@9']);
  });

  it('a materialized filterNot above a materialized source (table-filterNot-materialized-source-materialized)', async () => {
    const b = new StreamsBuilder();
    source(b, true).filterNot(even, Materialized.as('flt')).toStream().to('out');
    expect(await runOracleCase(b, FLT)).toEqual(['a=x@2', 'a=y@3', 'b=z@4', 'a=null@5', 'b=null@8']);
  });

  it('chained filters, not materialized (table-filter-chain)', async () => {
    const b = new StreamsBuilder();
    source(b, false).filter(even).filterNot((k) => k === 'b').toStream().to('out');
    expect(await runOracleCase(b, FLT)).toEqual(['a=xx@1', 'a=null@2', 'a=null@3', 'b=null@4', 'a=null@5', 'a=zz@6', 'a=ww@7', 'b=null@8', 'c=null@9']);
  });

  it('chained filters above a materialized source (table-filter-chain-source-materialized)', async () => {
    const b = new StreamsBuilder();
    source(b, true).filter(even).filterNot((k) => k === 'b').toStream().to('out');
    expect(await runOracleCase(b, FLT)).toEqual(['a=xx@1', 'a=null@2', 'a=zz@6', 'a=ww@7']);
  });

  it('mapValues then filter above a materialized source (table-mapValues-then-filter-source-materialized)', async () => {
    const b = new StreamsBuilder();
    source(b, true).mapValues((v) => `${v}!`).filter((_k, v) => v.length % 2 === 1).toStream().to('out');
    expect(await runOracleCase(b, FLT)).toEqual(['a=xx!@1', 'a=null@2', 'a=zz!@6', 'a=ww!@7']);
  });

  it('a filter of a reduce result knows the old value (stream-reduce-then-table-filter)', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in0', Consumed.with(S, S))
      .groupByKey(Grouped.with(S, S))
      .reduce((a, v) => a + v)
      .filter(even)
      .toStream()
      .to('out');
    const records: OracleRecord[] = [['in0', 'a', 'x', 1], ['in0', 'a', 'y', 2], ['in0', 'a', 'z', 3], ['in0', 'a', 'w', 4], ['in0', 'b', 'x', 5], ['in0', 'b', 'y', 0]];
    expect(await runOracleCase(b, records)).toEqual(['a=xy@2', 'a=null@3', 'a=xyzw@4', 'b=xy@5']);
  });

  it('groupBy + count below a filter (table-filter-then-groupBy-count)', async () => {
    const b = new StreamsBuilder();
    source(b, false)
      .filter(even)
      .groupBy((_k, v) => KeyValue.pair(v.slice(0, 1), v), Grouped.with(S, S))
      .count()
      .toStream()
      .to('out', Produced.with(S, Serdes.Long()));
    expect(await runOracleCase(b, FLT, 'Long')).toEqual(['x=1@1', 'x=0@2', 'z=1@6', 'z=0@7', 'w=1@7']);
  });
});
const R2: OracleRecord[] = [
  ['in0', 'a', 'xx', 1], ['in0', 'a', 'x', 2], ['in0', 'b', 'y', 3], ['in0', 'a', 'xy', 4], ['in0', 'a', null, 5],
  ['in0', 'b', 'yy', 6], ['in0', 'c', null, 7],
];

describe('KTable.filter and old values requested later (oracle cases)', () => {
  const byPrefix = (_k: string, v: string) => KeyValue.pair(v.slice(0, 1), v);

  it('a filter built before a groupBy materializes the source keeps forwarding every tombstone (table-filter-built-before-groupBy)', async () => {
    const b = new StreamsBuilder();
    const t = source(b, false);
    t.filter(even).toStream().to('out');
    t.groupBy(byPrefix, Grouped.with(S, S)).reduce((a, v) => `${a}+${v}`, (a, v) => `${a}-${v}`).toStream().to('out');
    expect(await runOracleCase(b, R2)).toEqual([
      'a=xx@1', 'x=xx@1', 'a=null@2', 'x=xx-xx+x@2', 'b=null@3', 'y=y@3', 'a=xy@4', 'x=xx-xx+x-x+xy@4', 'a=null@5',
      'x=xx-xx+x-x+xy-xy@5', 'b=yy@6', 'y=y-y+yy@6', 'c=null@7',
    ]);
  });

  it('a filter built after a groupBy materialized the source gets old values (table-filter-built-after-groupBy)', async () => {
    const b = new StreamsBuilder();
    const t = source(b, false);
    t.groupBy(byPrefix, Grouped.with(S, S)).reduce((a, v) => `${a}+${v}`, (a, v) => `${a}-${v}`).toStream().to('out');
    t.filter(even).toStream().to('out');
    expect(await runOracleCase(b, R2)).toEqual([
      'a=xx@1', 'x=xx@1', 'a=null@2', 'x=xx-xx+x@2', 'y=y@3', 'a=xy@4', 'x=xx-xx+x-x+xy@4', 'a=null@5', 'x=xx-xx+x-x+xy-xy@5',
      'b=yy@6', 'y=y-y+yy@6',
    ]);
  });

  it('a filter of a stream aggregate: the first old value is the initializer (stream-aggregate-then-filter)', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in0', Consumed.with(S, S))
      .groupByKey(Grouped.with(S, S))
      .aggregate(() => 'I', (_k, v, a) => a + v)
      .filter(even)
      .toStream()
      .to('out');
    const records: OracleRecord[] = [['in0', 'a', 'x', 1], ['in0', 'a', 'y', 2], ['in0', 'a', 'z', 3], ['in0', 'b', '', 4], ['in0', 'b', 'w', 0]];
    expect(await runOracleCase(b, records)).toEqual(['a=Ix@1', 'a=null@2', 'a=Ixyz@3', 'b=Iw@4']);
  });

  it('a materialized filter feeding a groupBy (table-filter-materialized-then-groupBy)', async () => {
    const b = new StreamsBuilder();
    source(b, false)
      .filter(even, Materialized.as('flt'))
      .groupBy(byPrefix, Grouped.with(S, S))
      .aggregate(() => 'I', (_k, v, a) => `${a}+${v}`, (_k, v, a) => `${a}-${v}`)
      .toStream()
      .to('out');
    expect(await runOracleCase(b, R2)).toEqual(['x=I+xx@1', 'x=I+xx-xx@2', 'x=I+xx-xx+xy@4', 'x=I+xx-xx+xy-xy@5', 'y=I+yy@6']);
  });

  it('two children of one source see each update in the order they were built (table-source-two-children-order)', async () => {
    const b = new StreamsBuilder();
    const t = source(b, false);
    t.mapValues((v) => v.toUpperCase()).toStream().to('out');
    t.filter(even).toStream().to('out');
    expect(await runOracleCase(b, R2)).toEqual([
      'a=XX@1', 'a=xx@1', 'a=X@2', 'a=null@2', 'b=Y@3', 'b=null@3', 'a=XY@4', 'a=xy@4', 'a=null@5', 'a=null@5', 'b=YY@6', 'b=yy@6',
      'c=null@7', 'c=null@7',
    ]);
  });
});
