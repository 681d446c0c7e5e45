// Pins the runtime exports of the package entry: adding, removing or renaming a public name must show up here in
// review (STYLE.md habit 2). Type-only exports (KStream, Serde, ...) do not exist at runtime and are not listed.
import { expect, it } from 'vitest';

it('exports exactly these runtime names from src/index.ts', async () => {
  const api = await import('../src/index.js');
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "Branched",
      "BufferConfig",
      "ConfigError",
      "Consumed",
      "CopartitionError",
      "DEFAULTS",
      "DeserializationError",
      "DuplicateNodeNameError",
      "DuplicateSourceTopicError",
      "EmitStrategy",
      "Grouped",
      "IllegalStateError",
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
      "resolveConfig",
      "serdeFrom",
      "systemClock",
    ]
  `);
});
