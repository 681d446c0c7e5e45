// Test doubles with the names Kafka Streams' own tests use (MockApiProcessorSupplier, MockValueJoiner,
// KeyValueTimestamp, …), so that the replayed KStreamKStream*JoinTest bodies read like the originals.
import { expect } from 'vitest';
import { Consumed, Serdes, TopologyTestDriver, type ProcessorSupplier, type StreamsConfig, type Topology } from '../../../src/index.js';
import { topologyModel } from '../../../src/topology/topology.js';
import type { Headers } from '../../../src/serdes/serde.js';

export type KeyValueTimestamp = readonly [key: number | null, value: string, timestamp: number];

/** Kafka's `new KeyValueTimestamp<>(key, value, timestamp)`. */
export function kvt(key: number | null, value: string, timestamp: number): KeyValueTimestamp {
  return [key, value, timestamp];
}

/** Kafka's MockApiProcessor: captures what it receives. */
export class MockApiProcessor {
  readonly processed: { key: number | null; value: string; timestamp: number; headers: Headers }[] = [];

  /** Asserts the records received since the last call, in order, then forgets them. */
  checkAndClearProcessResult(...expected: KeyValueTimestamp[]): void {
    const actual = this.processed.map((r): KeyValueTimestamp => [r.key, r.value, r.timestamp]);
    this.processed.length = 0;
    expect(actual).toEqual(expected);
  }
}

/** Kafka's MockApiProcessorSupplier: a processor supplier whose (single-task) processor can be inspected. */
export type MockApiProcessorSupplier = ProcessorSupplier<number | null, string, never, never> & { theCapturedProcessor(): MockApiProcessor };

export function mockApiProcessorSupplier(): MockApiProcessorSupplier {
  const processors: MockApiProcessor[] = [];
  const supplier = () => {
    const captured = new MockApiProcessor();
    processors.push(captured);
    return {
      process: (record: { key: number | null; value: string; timestamp: number; headers: Headers }) => {
        captured.processed.push({ key: record.key, value: record.value, timestamp: record.timestamp, headers: record.headers });
      },
    };
  };
  return Object.assign(supplier, {
    theCapturedProcessor: (): MockApiProcessor => {
      expect(processors.length).toBe(1);
      return processors[0] as MockApiProcessor;
    },
  });
}

/** Kafka's MockValueJoiner.TOSTRING_JOINER: `value1 + "+" + value2` (Java prints null as "null"). */
export const MockValueJoiner = {
  TOSTRING_JOINER: (value1: unknown, value2: unknown): string => `${String(value1)}+${String(value2)}`,
};

export const ofMillis = (ms: number): number => ms;
export const ofHours = (hours: number): number => hours * 3_600_000;

export const topic1 = 'topic1';
export const topic2 = 'topic2';
export const consumed = Consumed.with(Serdes.Integer(), Serdes.String());
export const consumed2 = Consumed.with(Serdes.Integer(), Serdes.Long());
/** StreamsTestUtils.getStreamsConfig(Serdes.String(), Serdes.String()). */
export const props: StreamsConfig = { applicationId: 'stream-stream-join-test', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() };
export const PROPS = props;

/** A test driver starting at wall-clock 0; closed by `closeDrivers()`. */
const drivers: TopologyTestDriver[] = [];
export function newDriver(topology: Topology, config: StreamsConfig): TopologyTestDriver {
  const driver = new TopologyTestDriver(topology, config, 0);
  drivers.push(driver);
  return driver;
}
export async function closeDrivers(): Promise<void> {
  for (const driver of drivers.splice(0)) await driver.close();
}

/** The co-partition groups of a topology, as sets of topics (Kafka's InternalTopologyBuilder.copartitionGroups()). */
export function copartitionGroupsOf(topology: Topology): Set<string>[] {
  return topologyModel(topology).copartitionGroups.map((group) => new Set(group));
}

/** java.time.Duration.ZERO. */
export const ZERO = 0;
