import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, KeyValue, Produced, Serdes, StreamsBuilder } from '../../../src/index.js';
import type { Serde } from '../../../src/serdes/serde.js';
import { runOracleCase, type OracleRecord } from './oracle-run.js';

// Expected outputs are Apache Kafka Streams 4.0.0-SNAPSHOT (1eb7644349cb) outputs for the same cases, produced by
// running each topology and input in Kafka Streams' own TopologyTestDriver.
// Kafka drops records with a null key or value in non-windowed aggregations, stamps each result with the largest
// timestamp aggregated so far, and processes records written to a repartition topic only after the current input
// record has finished its direct path.

const S = Serdes.String();
/** Keys and values may be null in these cases (as in the oracle's Java, where every String may be null). */
const SN = Serdes.String() as Serde<string | null>;
const L = Serdes.Long();
const prefix1 = (_k: string | null, v: string | null): string | null => (v === null ? null : v.slice(0, 1));
const split = (sep: string) => (v: string | null): string[] => (v === null ? [] : v.split(sep));

const AGG: OracleRecord[] = [
  ['in0', 'a', 'x', 5], ['in0', 'b', 'y', 3], ['in0', 'a', 'z', 2], ['in0', null, 'n', 9], ['in0', 'a', null, 10],
  ['in0', 'b', 'w', 7], ['in0', 'a', '', 1],
];
const GB: OracleRecord[] = [
  ['in0', 'k1', 'ab', 5], ['in0', 'k2', 'ac', 3], ['in0', null, 'bd', 4], ['in0', 'k3', null, 9], ['in0', 'k4', 'be', 1],
  ['in0', 'k5', '', 2], ['in0', 'k1', 'af', 0],
];
const ORD: OracleRecord[] = [['in0', 'a', 'xy', 3], ['in0', 'b', 'xz', 1], ['in0', 'c', 'yy', 2], ['in0', null, 'zz', 4]];

const input = (b: StreamsBuilder) => b.stream<string | null, string | null>('in0', Consumed.with(SN, SN));

describe('KGroupedStream count / reduce / aggregate (oracle cases)', () => {
  it('groupByKey + count (stream-groupByKey-count)', async () => {
    const b = new StreamsBuilder();
    input(b).groupByKey(Grouped.with(S, S)).count().toStream().to('out', Produced.with(SN, L));
    expect(await runOracleCase(b, AGG, 'Long')).toEqual(['a=1@5', 'b=1@3', 'a=2@5', 'b=2@7', 'a=3@5']);
  });

  it('groupByKey + reduce (stream-groupByKey-reduce)', async () => {
    const b = new StreamsBuilder();
    input(b).groupByKey(Grouped.with(S, S)).reduce((a, v) => `${a}+${v}`).toStream().to('out');
    expect(await runOracleCase(b, AGG)).toEqual(['a=x@5', 'b=y@3', 'a=x+z@5', 'b=y+w@7', 'a=x+z+@5']);
  });

  it('groupByKey + aggregate (stream-groupByKey-aggregate)', async () => {
    const b = new StreamsBuilder();
    input(b).groupByKey(Grouped.with(S, S)).aggregate(() => 'I', (_k, v, a) => `${a}+${v}`).toStream().to('out');
    expect(await runOracleCase(b, AGG)).toEqual(['a=I+x@5', 'b=I+y@3', 'a=I+x+z@5', 'b=I+y+w@7', 'a=I+x+z+@5']);
  });

  it('groupBy + count repartitions; the selector may give an empty or null key (stream-groupBy-count)', async () => {
    const b = new StreamsBuilder();
    input(b).groupBy(prefix1, Grouped.with(S, S)).count().toStream().to('out', Produced.with(SN, L));
    expect(await runOracleCase(b, GB, 'Long')).toEqual(['a=1@5', 'a=2@5', 'b=1@4', 'b=2@4', '=1@2', 'a=3@5']);
  });

  it('groupBy + reduce (stream-groupBy-reduce)', async () => {
    const b = new StreamsBuilder();
    input(b).groupBy(prefix1, Grouped.with(S, S)).reduce((a, v) => `${a}+${v}`).toStream().to('out');
    expect(await runOracleCase(b, GB)).toEqual(['a=ab@5', 'a=ab+ac@5', 'b=bd@4', 'b=bd+be@4', '=@2', 'a=ab+ac+af@5']);
  });

  it('groupBy + aggregate (stream-groupBy-aggregate)', async () => {
    const b = new StreamsBuilder();
    input(b)
      .groupBy((k) => (k === null ? null : `${k}!`), Grouped.with(S, S))
      .aggregate(() => 'I', (_k, v, a) => `${a}+${v}`)
      .toStream()
      .to('out');
    expect(await runOracleCase(b, GB)).toEqual(['k1!=I+ab@5', 'k2!=I+ac@3', 'k4!=I+be@1', 'k5!=I+@2', 'k1!=I+ab+af@5']);
  });

  it('selectKey + groupByKey + count repartitions (stream-selectKey-groupByKey-count)', async () => {
    const b = new StreamsBuilder();
    input(b).selectKey(prefix1).groupByKey(Grouped.with(S, S)).count().toStream().to('out', Produced.with(SN, L));
    expect(await runOracleCase(b, GB, 'Long')).toEqual(['a=1@5', 'a=2@5', 'b=1@4', 'b=2@4', '=1@2', 'a=3@5']);
  });

  it('map (swap) + groupByKey + reduce (stream-map-groupByKey-reduce)', async () => {
    const b = new StreamsBuilder();
    input(b)
      .map((k, v) => KeyValue.pair(v, k))
      .groupByKey(Grouped.with(S, S))
      .reduce((a, v) => `${a}|${v}`)
      .toStream()
      .to('out');
    expect(await runOracleCase(b, GB)).toEqual(['ab=k1@5', 'ac=k2@3', 'be=k4@1', '=k5@2', 'af=k1@0']);
  });

  it('repartition + groupByKey + count (stream-repartition-groupByKey-count)', async () => {
    const b = new StreamsBuilder();
    input(b).repartition().groupByKey(Grouped.with(S, S)).count().toStream().to('out', Produced.with(SN, L));
    expect(await runOracleCase(b, AGG, 'Long')).toEqual(['a=1@5', 'b=1@3', 'a=2@5', 'b=2@7', 'a=3@5']);
  });

  it('flatMapValues + groupByKey + count (stream-flatMapValues-groupByKey-count)', async () => {
    const b = new StreamsBuilder();
    input(b).flatMapValues(split(',')).groupByKey(Grouped.with(S, S)).count().toStream().to('out', Produced.with(SN, L));
    const records: OracleRecord[] = [['in0', 'a', 'x,y', 3], ['in0', 'b', ',', 2], ['in0', 'a', null, 4], ['in0', 'a', 'q', 1]];
    expect(await runOracleCase(b, records, 'Long')).toEqual(['a=1@3', 'a=2@3', 'b=1@2', 'b=2@2', 'a=3@3']);
  });

  it('merge + groupBy + count (stream-merge-groupBy-count)', async () => {
    const b = new StreamsBuilder();
    input(b).merge(b.stream<string | null, string | null>('in1', Consumed.with(SN, SN))).groupBy(prefix1, Grouped.with(S, S)).count().toStream().to('out', Produced.with(SN, L));
    const records: OracleRecord[] = [['in0', 'a', 'xy', 3], ['in1', 'b', 'xz', 5], ['in0', 'c', 'yy', 4], ['in1', 'd', 'x', 1]];
    expect(await runOracleCase(b, records, 'Long')).toEqual(['x=1@3', 'x=2@5', 'y=1@4', 'x=3@5']);
  });
});

describe('ordering of a direct path and a repartitioned path (oracle cases; the merge forks the stream)', () => {
  it('the repartitioned copy follows the direct one; repartition() drops a null key (order-direct-vs-repartition)', async () => {
    const b = new StreamsBuilder();
    const s = input(b);
    s.merge(s.selectKey(prefix1).repartition()).to('out');
    expect(await runOracleCase(b, ORD)).toEqual(['a=xy@3', 'x=xy@3', 'b=xz@1', 'x=xz@1', 'c=yy@2', 'y=yy@2', 'null=zz@4', 'z=zz@4']);
  });

  it('groupBy + reduce result after the direct record (order-direct-vs-groupBy-reduce)', async () => {
    const b = new StreamsBuilder();
    const s = input(b);
    s.merge(s.groupBy(prefix1, Grouped.with(S, S)).reduce((a, v) => `${a}+${v}`).toStream()).to('out');
    expect(await runOracleCase(b, ORD)).toEqual(['a=xy@3', 'x=xy@3', 'b=xz@1', 'x=xy+xz@3', 'c=yy@2', 'y=yy@2', 'null=zz@4', 'z=zz@4']);
  });

  it('groupByKey + reduce without a repartition (order-direct-vs-groupByKey-reduce)', async () => {
    const b = new StreamsBuilder();
    const s = input(b);
    s.merge(s.groupByKey(Grouped.with(S, S)).reduce((a, v) => `${a}+${v}`).toStream()).to('out');
    expect(await runOracleCase(b, ORD)).toEqual(['a=xy@3', 'a=xy@3', 'b=xz@1', 'b=xz@1', 'c=yy@2', 'c=yy@2', 'null=zz@4']);
  });

  it('every direct record of a flatMapValues comes before the repartitioned ones (order-flatMapValues-then-repartition)', async () => {
    const b = new StreamsBuilder();
    const s = input(b).flatMapValues<string | null>(split(','));
    s.merge(s.map((k, v) => KeyValue.pair<string | null, string | null>(v, k)).repartition()).to('out');
    const records: OracleRecord[] = [['in0', 'k', 'a,b', 3], ['in0', 'j', 'c', 1]];
    expect(await runOracleCase(b, records)).toEqual(['k=a@3', 'k=b@3', 'a=k@3', 'b=k@3', 'j=c@1', 'c=j@1']);
  });
});

describe('stateless stream operators (oracle cases)', () => {
  it('flatMapValues keeps empty pieces; a null value gives nothing (stream-flatMapValues)', async () => {
    const b = new StreamsBuilder();
    input(b).flatMapValues(split(',')).to('out');
    const records: OracleRecord[] = [['in0', 'a', 'x,y', 3], ['in0', 'b', ',,', 2], ['in0', 'c', null, 4], ['in0', null, 'q', 1], ['in0', 'd', '', 5]];
    expect(await runOracleCase(b, records)).toEqual(['a=x@3', 'a=y@3', 'b=@2', 'b=@2', 'b=@2', 'null=q@1', 'd=@5']);
  });

  it('selectKey (stream-selectKey)', async () => {
    const b = new StreamsBuilder();
    input(b).selectKey((_k, v) => (v === null ? null : v.slice(0, 2))).to('out');
    const records: OracleRecord[] = [['in0', 'a', 'xyz', 3], ['in0', 'b', null, 2], ['in0', null, 'q', 1]];
    expect(await runOracleCase(b, records)).toEqual(['xy=xyz@3', 'null=null@2', 'q=q@1']);
  });

  it('map swapping key and value (stream-map-swap)', async () => {
    const b = new StreamsBuilder();
    input(b).map((k, v) => KeyValue.pair(v, k)).to('out');
    const records: OracleRecord[] = [['in0', 'a', 'x', 3], ['in0', 'b', null, 2], ['in0', null, 'q', 1]];
    expect(await runOracleCase(b, records)).toEqual(['x=a@3', 'null=b@2', 'q=null@1']);
  });

  it('map of key and value (stream-map-key-value)', async () => {
    const b = new StreamsBuilder();
    input(b)
      .map((k: string | null, v: string | null) => KeyValue.pair(k === null ? null : `${k}#`, v === null ? null : v.toUpperCase()))
      .to('out');
    const records: OracleRecord[] = [['in0', 'a', 'x', 3], ['in0', 'b', null, 2], ['in0', null, 'q', 1]];
    expect(await runOracleCase(b, records)).toEqual(['a#=X@3', 'b#=null@2', 'null=Q@1']);
  });

  it('repartition drops a null key, keeps a null value (stream-repartition)', async () => {
    const b = new StreamsBuilder();
    input(b).repartition().to('out');
    const records: OracleRecord[] = [['in0', 'a', 'x', 3], ['in0', null, 'n', 2], ['in0', 'b', null, 1]];
    expect(await runOracleCase(b, records)).toEqual(['a=x@3', 'b=null@1']);
  });

  it('merge (stream-merge)', async () => {
    const b = new StreamsBuilder();
    input(b)
      .merge(b.stream<string | null, string | null>('in1', Consumed.with(SN, SN)).mapValues((v: string | null) => (v === null ? null : `${v}!`)))
      .to('out');
    const records: OracleRecord[] = [['in0', 'a', 'x', 3], ['in1', 'b', 'y', 1], ['in1', null, null, 2], ['in0', 'c', null, 0]];
    expect(await runOracleCase(b, records)).toEqual(['a=x@3', 'b=y!@1', 'null=null@2', 'c=null@0']);
  });
});
