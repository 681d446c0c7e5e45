import { Serdes, TopologyTestDriver, type StreamsBuilder } from '../../../src/index.js';
import type { Serde } from '../../../src/serdes/serde.js';

/**
 * Runs a topology the way the expected outputs were produced in Kafka Streams'
 * TopologyTestDriver: record cache 0, in-memory DSL stores, String default serdes, one record piped at a time,
 * and every record of the output topic `out` printed as `${key}=${value}@${timestamp}` (Java's String.valueOf,
 * so null prints `null`). The expected lists in the tests are Kafka's outputs for the same case, copied verbatim.
 */
export type OracleRecord = readonly [topic: string, key: string | null, value: string | null, timestampMs: number];

export async function runOracleCase(builder: StreamsBuilder, records: readonly OracleRecord[], outputValueSerde: 'String' | 'Long' = 'String'): Promise<string[]> {
  const driver = new TopologyTestDriver(
    builder.build(),
    { applicationId: 'kdiff', cacheMaxBytesBuffering: 0, defaultDslStore: 'in_memory', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() },
    0,
  );
  try {
    const key = Serdes.String() as Serde<string | null>;
    const inputs = new Map<string, ReturnType<typeof driver.createInputTopic<string | null, string | null>>>();
    const valueSerde = (outputValueSerde === 'Long' ? Serdes.Long() : Serdes.String()) as Serde<string | number | null>;
    const output = driver.createOutputTopic('out', key, valueSerde);
    const printed: string[] = [];
    for (const [topic, k, v, ts] of records) {
      let input = inputs.get(topic);
      if (input === undefined) {
        input = driver.createInputTopic(topic, key, Serdes.String() as Serde<string | null>);
        inputs.set(topic, input);
      }
      await input.pipeInput(k, v, ts);
      for (const r of await output.readRecordsToList()) printed.push(`${String(r.key)}=${String(r.value)}@${r.timestamp}`);
    }
    return printed;
  } finally {
    await driver.close();
  }
}

