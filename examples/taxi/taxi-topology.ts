// The taxi-rides streams app with the DSL: trips per vendor, rides branched by amount, and a one-minute
// tumbling count per vendor whose final result is emitted once per window and kept for an hour.
import {
  Branched,
  Consumed,
  EmitStrategy,
  Grouped,
  Materialized,
  Named,
  Produced,
  Serdes,
  StreamsBuilder,
  TimeWindows,
  type Topology,
} from '../../src/index.js';
import { pickupTimeMs, type TaxiRide } from './rides.js';

export const RIDES_TOPIC = 'rides';
export const TRIPS_PER_VENDOR_TOPIC = 'trips-per-vendor';
export const HIGH_AMOUNT_TOPIC = 'rides-high-amount';
export const LOW_AMOUNT_TOPIC = 'rides-low-amount';
export const TRIPS_PER_MINUTE_TOPIC = 'trips-per-vendor-per-minute';
export const HIGH_AMOUNT_THRESHOLD = 20;

const rideSerde = Serdes.JSON<TaxiRide>();

/** Adds the taxi topology to `builder`. */
export function topology(builder: StreamsBuilder, threshold = HIGH_AMOUNT_THRESHOLD): StreamsBuilder {
  const rides = builder.stream<string, TaxiRide>(
    RIDES_TOPIC,
    Consumed.with(Serdes.String(), rideSerde).withTimestampExtractor((record) => pickupTimeMs(record.value as TaxiRide)),
  );

  rides
    .groupBy((_key, ride) => String(ride.VendorID), Grouped.with<string, TaxiRide>(Serdes.String(), rideSerde).withName('rides-by-vendor'))
    .count(Materialized.as<string, number>('trips-per-vendor'))
    .toStream()
    .to(TRIPS_PER_VENDOR_TOPIC, Produced.with(Serdes.String(), Serdes.Long()));

  rides
    .split(Named.as('amount-'))
    .branch((_key, ride) => ride.total_amount >= threshold, Branched.withConsumer((high) => high.to(HIGH_AMOUNT_TOPIC, Produced.with(Serdes.String(), rideSerde)), 'high'))
    .defaultBranch(Branched.withConsumer((low) => low.to(LOW_AMOUNT_TOPIC, Produced.with(Serdes.String(), rideSerde)), 'low'));

  rides
    .selectKey((_key, ride) => String(ride.VendorID))
    .groupByKey(Grouped.with<string, TaxiRide>(Serdes.String(), rideSerde).withName('rides-per-vendor'))
    .windowedBy(TimeWindows.ofSizeWithNoGrace(60_000))
    .emitStrategy(EmitStrategy.onWindowClose())
    .count(Materialized.as<string, number>('trips-per-vendor-per-minute').withRetention(60 * 60_000))
    .toStream()
    .map((window, count) => ({ key: `${window.key}@${new Date(window.window.start).toISOString().slice(11, 16)}`, value: count }))
    .to(TRIPS_PER_MINUTE_TOPIC, Produced.with(Serdes.String(), Serdes.Long()));

  return builder;
}

/** The built topology. */
export function build(threshold?: number): Topology {
  return topology(new StreamsBuilder(), threshold).build();
}
