import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, KeyValue, Materialized, Produced, Serdes, StreamsBuilder } from '../../../src/index.js';
import { runOracleCase, type OracleRecord } from './oracle-run.js';

// Expected outputs are Apache Kafka Streams 4.0.0-SNAPSHOT (1eb7644349cb) outputs for the same cases, produced by
// running each topology and input in Kafka Streams' own TopologyTestDriver.
// KGroupedTable: an update that keeps its group key travels as one change (subtract then add, emitted once); one
// that moves groups subtracts from the old group first, then adds to the new one; results carry the largest
// timestamp; a group whose aggregate reaches its "empty" value (0, "") stays, it is not deleted.

const S = Serdes.String();
const L = Serdes.Long();
const TG: OracleRecord[] = [
  ['in0', 'a', 'x1', 1], ['in0', 'b', 'x2', 2], ['in0', 'a', 'x3', 3], ['in0', 'a', 'y1', 4], ['in0', 'b', null, 5],
  ['in0', 'a', null, 6], ['in0', 'c', null, 7], ['in0', 'a', 'y2', 0], ['in0', 'd', 'y3', 8], ['in0', 'a', 'x4', 2],
  ['in0', null, 'x9', 9],
];
const byPrefix = (_k: string, v: string) => KeyValue.pair(v.slice(0, 1), v);
const table = (b: StreamsBuilder) => b.table<string, string>('in0', Consumed.with(S, S));

describe('KGroupedTable count / reduce / aggregate (oracle cases)', () => {
  it('count (table-groupBy-count)', async () => {
    const b = new StreamsBuilder();
    table(b).groupBy(byPrefix, Grouped.with(S, S)).count().toStream().to('out', Produced.with(S, L));
    expect(await runOracleCase(b, TG, 'Long')).toEqual(['x=1@1', 'x=2@2', 'x=2@3', 'x=1@4', 'y=1@4', 'x=0@5', 'y=0@6', 'y=1@6', 'y=2@8', 'y=1@8', 'x=1@5']);
  });

  it('reduce with adder and subtractor (table-groupBy-reduce)', async () => {
    const b = new StreamsBuilder();
    table(b).groupBy(byPrefix, Grouped.with(S, S)).reduce((a, v) => `${a}+${v}`, (a, v) => `${a}-${v}`).toStream().to('out');
    expect(await runOracleCase(b, TG)).toEqual([
      'x=x1@1', 'x=x1+x2@2', 'x=x1+x2-x1+x3@3', 'x=x1+x2-x1+x3-x3@4', 'y=y1@4', 'x=x1+x2-x1+x3-x3-x2@5', 'y=y1-y1@6',
      'y=y1-y1+y2@6', 'y=y1-y1+y2+y3@8', 'y=y1-y1+y2+y3-y2@8', 'x=x1+x2-x1+x3-x3-x2+x4@5',
    ]);
  });

  it('aggregate with adder and subtractor (table-groupBy-aggregate)', async () => {
    const b = new StreamsBuilder();
    table(b)
      .groupBy(byPrefix, Grouped.with(S, S))
      .aggregate(() => 'I', (_k, v, a) => `${a}+${v}`, (_k, v, a) => `${a}-${v}`)
      .toStream()
      .to('out');
    expect(await runOracleCase(b, TG)).toEqual([
      'x=I+x1@1', 'x=I+x1+x2@2', 'x=I+x1+x2-x1+x3@3', 'x=I+x1+x2-x1+x3-x3@4', 'y=I+y1@4', 'x=I+x1+x2-x1+x3-x3-x2@5', 'y=I+y1-y1@6',
      'y=I+y1-y1+y2@6', 'y=I+y1-y1+y2+y3@8', 'y=I+y1-y1+y2+y3-y2@8', 'x=I+x1+x2-x1+x3-x3-x2+x4@5',
    ]);
  });

  it('aggregate of a materialized source (table-materialized-groupBy-aggregate)', async () => {
    const b = new StreamsBuilder();
    b.table<string, string>('in0', Consumed.with(S, S), Materialized.as('src-in0'))
      .groupBy(byPrefix, Grouped.with(S, S))
      .aggregate(() => 'I', (_k, v, a) => `${a}+${v}`, (_k, v, a) => `${a}-${v}`)
      .toStream()
      .to('out');
    expect(await runOracleCase(b, TG)).toEqual([
      'x=I+x1@1', 'x=I+x1+x2@2', 'x=I+x1+x2-x1+x3@3', 'x=I+x1+x2-x1+x3-x3@4', 'y=I+y1@4', 'x=I+x1+x2-x1+x3-x3-x2@5', 'y=I+y1-y1@6',
      'y=I+y1-y1+y2@6', 'y=I+y1-y1+y2+y3@8', 'y=I+y1-y1+y2+y3-y2@8', 'x=I+x1+x2-x1+x3-x3-x2+x4@5',
    ]);
  });

  it('an update keeping its group key is one update, emitted once (table-groupBy-same-key-reduce)', async () => {
    const b = new StreamsBuilder();
    table(b).groupBy((k, v) => KeyValue.pair(k, v), Grouped.with(S, S)).reduce((a, v) => `${a}+${v}`, (a, v) => `${a}-${v}`).toStream().to('out');
    expect(await runOracleCase(b, TG)).toEqual([
      'a=x1@1', 'b=x2@2', 'a=x1-x1+x3@3', 'a=x1-x1+x3-x3+y1@4', 'b=x2-x2@5', 'a=x1-x1+x3-x3+y1-y1@6', 'a=x1-x1+x3-x3+y1-y1+y2@6',
      'd=y3@8', 'a=x1-x1+x3-x3+y1-y1+y2-y2+x4@6',
    ]);
  });

  it('one group for every row (table-groupBy-constant-aggregate)', async () => {
    const b = new StreamsBuilder();
    table(b)
      .groupBy((_k, v) => KeyValue.pair('all', v), Grouped.with(S, S))
      .aggregate(() => 'I', (_k, v, a) => `${a}+${v}`, (_k, v, a) => `${a}-${v}`)
      .toStream()
      .to('out');
    expect(await runOracleCase(b, TG)).toEqual([
      'all=I+x1@1', 'all=I+x1+x2@2', 'all=I+x1+x2-x1+x3@3', 'all=I+x1+x2-x1+x3-x3+y1@4', 'all=I+x1+x2-x1+x3-x3+y1-x2@5',
      'all=I+x1+x2-x1+x3-x3+y1-x2-y1@6', 'all=I+x1+x2-x1+x3-x3+y1-x2-y1+y2@6', 'all=I+x1+x2-x1+x3-x3+y1-x2-y1+y2+y3@8',
      'all=I+x1+x2-x1+x3-x3+y1-x2-y1+y2+y3-y2+x4@8',
    ]);
  });

  it('re-grouping a stream reduce: its old values reach the subtractor (stream-reduce-then-table-groupBy-aggregate)', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in0', Consumed.with(S, S))
      .groupByKey(Grouped.with(S, S))
      .reduce((a, v) => a + v)
      .groupBy((_k, v) => KeyValue.pair('all', v), Grouped.with(S, S))
      .aggregate(() => 'I', (_k, v, a) => `${a}+${v}`, (_k, v, a) => `${a}-${v}`)
      .toStream()
      .to('out');
    const records: OracleRecord[] = [['in0', 'a', 'x', 1], ['in0', 'b', 'y', 3], ['in0', 'a', 'z', 2], ['in0', 'a', null, 4], ['in0', 'b', 'w', 0]];
    expect(await runOracleCase(b, records)).toEqual(['all=I+x@1', 'all=I+x+y@3', 'all=I+x+y-x+xz@3', 'all=I+x+y-x+xz-y+yw@3']);
  });

  it('re-grouping a stream aggregate: its first old value is the initializer (stream-aggregate-then-table-groupBy-reduce)', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in0', Consumed.with(S, S))
      .groupByKey(Grouped.with(S, S))
      .aggregate(() => 'I', (_k, v, a) => a + v)
      .groupBy((_k, v) => KeyValue.pair(v.slice(0, 1), v), Grouped.with(S, S))
      .reduce((a, v) => `${a}+${v}`, (a, v) => `${a}-${v}`)
      .toStream()
      .to('out');
    const records: OracleRecord[] = [['in0', 'a', 'x', 1], ['in0', 'b', 'y', 3], ['in0', 'a', 'z', 2]];
    expect(await runOracleCase(b, records)).toEqual(['I=Ix@1', 'I=Ix-I+Iy@3', 'I=Ix-I+Iy-Ix+Ixz@3']);
  });

  it('re-grouping a toTable (stream-toTable-groupBy-count)', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in0', Consumed.with(S, S))
      .toTable()
      .groupBy((_k, v) => KeyValue.pair('all', v), Grouped.with(S, S))
      .count()
      .toStream()
      .to('out', Produced.with(S, L));
    const records: OracleRecord[] = [
      ['in0', 'a', '1', 4], ['in0', null, '2', 2], ['in0', 'a', null, 3], ['in0', 'b', 'bb', 1], ['in0', 'b', 'bb', 0], ['in0', 'c', null, 5],
    ];
    expect(await runOracleCase(b, records, 'Long')).toEqual(['all=1@4', 'all=0@4', 'all=1@4', 'all=1@4']);
  });
});
const R2: OracleRecord[] = [
  ['in0', 'a', 'xx', 1], ['in0', 'a', 'x', 2], ['in0', 'b', 'y', 3], ['in0', 'a', 'xy', 4], ['in0', 'a', null, 5],
  ['in0', 'b', 'yy', 6], ['in0', 'c', null, 7],
];

describe('chained table aggregations (oracle cases)', () => {
  it('reduce, filter, then a second groupBy aggregate (table-groupBy-reduce-then-filter-then-groupBy)', async () => {
    const b = new StreamsBuilder();
    table(b)
      .groupBy(byPrefix, Grouped.with(S, S))
      .reduce((a, v) => a + v, (a, v) => `${a}-${v}`)
      .filter((_k, v) => v.length % 2 === 0)
      .groupBy((_k, v) => KeyValue.pair('all', v), Grouped.with(S, S))
      .aggregate(() => 'I', (_k, v, a) => `${a}+${v}`, (_k, v, a) => `${a}-${v}`)
      .toStream()
      .to('out');
    expect(await runOracleCase(b, R2)).toEqual([
      'all=I+xx@1', 'all=I+xx-xx+xx-xxx@2', 'all=I+xx-xx+xx-xxx-xx-xxx+xx-xxx-xxy@4', 'all=I+xx-xx+xx-xxx-xx-xxx+xx-xxx-xxy-xx-xxx-xxy@5',
    ]);
  });

  it('an aggregate read by toStream and by a filterNot (table-aggregate-then-toStream-and-filter)', async () => {
    const b = new StreamsBuilder();
    const t = table(b).groupBy(byPrefix, Grouped.with(S, S)).aggregate(() => '', (_k, v, a) => a + v, (_k, v, a) => `${a}~${v}`);
    t.toStream().to('out');
    t.filterNot((_k, v) => v.length % 2 === 0).toStream().to('out');
    expect(await runOracleCase(b, R2)).toEqual([
      'x=xx@1', 'x=xx~xxx@2', 'y=y@3', 'y=y@3', 'x=xx~xxx~xxy@4', 'x=xx~xxx~xxy~xy@5', 'x=xx~xxx~xxy~xy@5', 'y=y~yyy@6', 'y=y~yyy@6',
    ]);
  });
});
