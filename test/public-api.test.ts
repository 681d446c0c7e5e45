// Pins the runtime exports of the package entry: adding, removing or renaming a public name must show up here in
// review (STYLE.md habit 2). Type-only exports (KStream, Serde, ...) do not exist at runtime and are not listed.
import { expect, it } from 'vitest';
import type { HostInfo, KeyQueryMetadata, StreamsMetadata } from '../src/index.js';

it('exports exactly these runtime names from src/index.ts', async () => {
  const api = await import('../src/index.js');
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "App",
      "Branched",
      "BufferConfig",
      "ConfigError",
      "Consumed",
      "CopartitionError",
      "DEFAULTS",
      "DeserializationError",
      "DuplicateNodeNameError",
      "DuplicateSourceTopicError",
      "EmbeddedSchemaRegistry",
      "EmitStrategy",
      "Grouped",
      "IllegalStateError",
      "IncompatibleSchemaError",
      "JoinWindows",
      "Joined",
      "KeyValue",
      "ManualClock",
      "Materialized",
      "Named",
      "NoSuchElementError",
      "ProcessingError",
      "Produced",
      "Repartitioned",
      "SchemaRegistryClient",
      "SchemaRegistryError",
      "Serdes",
      "SerializationError",
      "SessionWindows",
      "SlidingWindows",
      "StoreError",
      "Stores",
      "StreamJoined",
      "StreamRecord",
      "StreamsBuilder",
      "StreamsError",
      "Suppressed",
      "TableJoined",
      "TimeWindows",
      "Topology",
      "TopologyError",
      "TopologyTestDriver",
      "UnknownStateStoreError",
      "UnknownTopicError",
      "WindowedSerdes",
      "avroSerde",
      "resolveConfig",
      "schemaRegistrySerde",
      "serdeFrom",
      "serveSchemaRegistry",
      "systemClock",
    ]
  `);
});

it('exports the interactive-query metadata types (checked by tsc)', () => {
  const host: HostInfo = { host: 'a', port: 1 };
  const key: KeyQueryMetadata = { activeHost: host, partition: 0 };
  const client: StreamsMetadata = { hostInfo: host, stateStoreNames: ['counts'], topicPartitions: [{ topic: 'clicks', partition: 0 }] };
  expect([key.activeHost, client.hostInfo]).toEqual([host, host]);
});
