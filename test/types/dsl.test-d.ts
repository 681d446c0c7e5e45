// Type-inference tests of the DSL: what users get without writing type arguments.
import { describe, expectTypeOf, it } from 'vitest';
import {
  Consumed,
  Grouped,
  KeyValue,
  Materialized,
  Named,
  Serdes,
  StreamsBuilder,
  type BranchedKStream,
  type KGroupedStream,
  type KGroupedTable,
  type KStream,
  type KTable,
  type ProcessorContext,
  type ProcessorSupplier,
  type StreamRecord,
} from '../../src/index.js';

interface Ride {
  readonly driver: string;
  readonly city: string;
  readonly total: number;
}

const rides = () => new StreamsBuilder().stream<string, Ride>('rides');

describe('KStream inference', () => {
  it('mapValues infers the new value type and keeps the key', () => {
    expectTypeOf(rides().mapValues((r) => r.total)).toEqualTypeOf<KStream<string, number>>();
    expectTypeOf(rides().mapValues((r, key) => `${key}:${r.city}`)).toEqualTypeOf<KStream<string, string>>();
  });

  it('takes K and V from Consumed serdes', () => {
    const stream = new StreamsBuilder().stream('words', Consumed.with(Serdes.String(), Serdes.Long()));
    expectTypeOf(stream).toEqualTypeOf<KStream<string, number>>();
  });

  it('map, selectKey, flatMap and flatMapValues change exactly the types they map', () => {
    expectTypeOf(rides().map((_k, r) => KeyValue.pair(r.city, r.total))).toEqualTypeOf<KStream<string, number>>();
    expectTypeOf(rides().selectKey((_k, r) => r.total > 10)).toEqualTypeOf<KStream<boolean, Ride>>();
    expectTypeOf(rides().flatMap((k, r) => [KeyValue.pair(r.driver, k.length)])).toEqualTypeOf<KStream<string, number>>();
    expectTypeOf(rides().flatMapValues((r) => r.city.split(''))).toEqualTypeOf<KStream<string, string>>();
  });

  it('filter, peek, merge and repartition keep the types', () => {
    expectTypeOf(rides().filter((_k, r) => r.total > 0)).toEqualTypeOf<KStream<string, Ride>>();
    expectTypeOf(rides().filterNot((_k, r) => r.total > 0, Named.as('free'))).toEqualTypeOf<KStream<string, Ride>>();
    expectTypeOf(rides().peek(() => undefined)).toEqualTypeOf<KStream<string, Ride>>();
    expectTypeOf(rides().merge(rides())).toEqualTypeOf<KStream<string, Ride>>();
    expectTypeOf(rides().repartition()).toEqualTypeOf<KStream<string, Ride>>();
    expectTypeOf(rides().foreach(() => undefined)).toEqualTypeOf<void>();
  });

  it('rejects a merge of streams of other types and a predicate over the wrong value', () => {
    const numbers = new StreamsBuilder().stream<string, number>('numbers');
    // @ts-expect-error value types differ
    rides().merge(numbers);
    // @ts-expect-error Ride has no field `price`
    rides().filter((_k, r) => r.price > 0);
  });

  it('split returns branches of the same types', () => {
    const split = rides().split();
    expectTypeOf(split).toEqualTypeOf<BranchedKStream<string, Ride>>();
    expectTypeOf(split.branch((_k, r) => r.total > 100).defaultBranch()).toEqualTypeOf<Record<string, KStream<string, Ride>>>();
  });

  it('toTable keeps the types', () => {
    expectTypeOf(rides().toTable()).toEqualTypeOf<KTable<string, Ride>>();
    expectTypeOf(rides().toTable(Materialized.as('rides-by-key'))).toEqualTypeOf<KTable<string, Ride>>();
  });
});

describe('grouping and aggregation inference', () => {
  it('groupByKey keeps the key; groupBy infers the new key', () => {
    expectTypeOf(rides().groupByKey()).toEqualTypeOf<KGroupedStream<string, Ride>>();
    expectTypeOf(rides().groupBy((_k, r) => r.city)).toEqualTypeOf<KGroupedStream<string, Ride>>();
    // When the method's own type parameter (here the new key) is inferred from a function in the same call, TypeScript
    // cannot also infer the option's type arguments from it: write them, as Kafka's Java docs do (`Grouped.<K, V>as`).
    expectTypeOf(rides().groupBy((_k, r) => r.total, Grouped.as<number, Ride>('by-total'))).toEqualTypeOf<KGroupedStream<number, Ride>>();
    // Options whose types are already fixed by the handle need none.
    expectTypeOf(rides().groupByKey(Grouped.as('by-key'))).toEqualTypeOf<KGroupedStream<string, Ride>>();
  });

  it('count is a number table; reduce keeps the value; aggregate takes the initializer type', () => {
    const byCity = rides().groupBy((_k, r) => r.city);
    expectTypeOf(byCity.count()).toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(byCity.count(Materialized.as('counts'))).toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(byCity.count(Named.as('count'), Materialized.as('counts'))).toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(byCity.reduce((a, b) => ({ ...a, total: a.total + b.total }))).toEqualTypeOf<KTable<string, Ride>>();
    expectTypeOf(byCity.aggregate(() => 0, (_k, r, sum) => sum + r.total)).toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(byCity.aggregate(() => [] as string[], (_k, r, drivers) => [...drivers, r.driver])).toEqualTypeOf<KTable<string, string[]>>();
  });

  it('an aggregator must return the aggregate type', () => {
    const byCity = rides().groupBy((_k, r) => r.city);
    // @ts-expect-error the aggregator returns a string, the initializer a number
    byCity.aggregate(() => 0, (_k, r) => r.driver);
  });

  it('toStream turns a table back into a stream of the same types', () => {
    expectTypeOf(rides().groupByKey().count().toStream()).toEqualTypeOf<KStream<string, number>>();
  });
});

describe('KTable inference', () => {
  const table = () => new StreamsBuilder().table<string, Ride>('rides-latest');

  it('mapValues infers the new value; filter keeps the types', () => {
    expectTypeOf(table().mapValues((r) => r.city)).toEqualTypeOf<KTable<string, string>>();
    expectTypeOf(table().mapValues((r) => r.total, Materialized.as<string, number>('totals'))).toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(table().filter((_k, r) => r.total > 0, Materialized.as('positive'))).toEqualTypeOf<KTable<string, Ride>>();
    expectTypeOf(table().filter((_k, r) => r.total > 0)).toEqualTypeOf<KTable<string, Ride>>();
  });

  it('groupBy infers the new key and value; its aggregations follow them', () => {
    const grouped = table().groupBy((_k, r) => KeyValue.pair(r.city, r.total));
    expectTypeOf(grouped).toEqualTypeOf<KGroupedTable<string, number>>();
    expectTypeOf(grouped.count()).toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(grouped.reduce((a, b) => a + b, (a, b) => a - b)).toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(grouped.aggregate(() => '', (_k, v, agg) => agg + String(v), (_k, _v, agg) => agg)).toEqualTypeOf<KTable<string, string>>();
  });
});

describe('Processor API types', () => {
  it('process() takes its output types from the supplier', () => {
    const lengths: ProcessorSupplier<string, Ride, number, string> = () => ({
      process: (record, ctx) => ctx.forward(record.withKey(record.value.total).withValue(record.value.city)),
    });
    expectTypeOf(rides().process(lengths)).toEqualTypeOf<KStream<number, string>>();
  });

  it('processValues() keeps the key and takes the value type from the supplier', () => {
    const totals: ProcessorSupplier<string, Ride, string, number> = () => ({
      process: (record, ctx) => ctx.forward(record.withValue(record.value.total)),
    });
    expectTypeOf(rides().processValues(totals)).toEqualTypeOf<KStream<string, number>>();
  });

  it('types the record and the context a processor receives', () => {
    const supplier: ProcessorSupplier<string, Ride, string, number> = () => ({
      process(record, ctx) {
        expectTypeOf(record).toEqualTypeOf<StreamRecord<string, Ride>>();
        expectTypeOf(ctx).toEqualTypeOf<ProcessorContext<string, number>>();
        // @ts-expect-error the processor forwards numbers, not strings
        return ctx.forward(record.withValue('not a number'));
      },
    });
    expectTypeOf(supplier).returns.toHaveProperty('process');
  });
});
