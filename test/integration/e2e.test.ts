// Issue 5 acceptance: the same end-to-end suite on memory:// and on kafka:// (kafkajs against librdkafka's mock
// cluster) gives identical results. Each scenario runs its phases; after each, the output's final table must equal
// the expected one, and at the end both transports' tables must be equal.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Serdes } from '../../src/index.js';
import { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import { SCENARIOS } from './e2e-scenarios.js';
import { createInternalTopics, finalTable, produce, sorted, startEnv, until, type TestEnv } from './helpers.js';

const results = new Map<string, Map<string, [string, string][]>>();
const stateRoot = mkdtempSync(join(tmpdir(), 'kstreams-e2e-'));

describe.each(['memory', 'kafka'] as const)('end-to-end on %s://', (transport) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv(transport, 3);
  });
  afterAll(async () => {
    await env?.stop();
  });

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      for (const [topic, partitions] of scenario.sources) await env.createTopic(topic, partitions);
      await env.createTopic(scenario.output.topic, scenario.output.partitions);
      const topology = scenario.topology();
      await createInternalTopics(env, topology, scenario.applicationId, scenario.sources);
      const streams = new KafkaStreams(topology, {
        applicationId: scenario.applicationId,
        bootstrapServers: env.url,
        commitIntervalMs: 200,
        stateDir: join(stateRoot, transport, scenario.applicationId),
      });
      await streams.start();
      try {
        let table = new Map<string, string>();
        for (const [i, phase] of scenario.phases.entries()) {
          for (const { topic, records } of phase.inputs) await produce(env, topic, records, Serdes.String(), Serdes.String());
          const read = async () => (table = await finalTable(env.client, scenario.output.topic, scenario.output.partitions, scenario.output.keySerde, scenario.output.valueSerde));
          await until(
            async () => JSON.stringify(sorted(await read())) === JSON.stringify(sorted(phase.expected)),
            `${scenario.name} phase ${i + 1} on ${transport}://`,
            30_000,
            () => `Expected ${JSON.stringify(sorted(phase.expected))}, have ${JSON.stringify(sorted(table))}; state ${streams.state}.`,
          );
          if (phase.ready !== undefined) await until(() => phase.ready?.(streams) === true, `${scenario.name} phase ${i + 1} ready on ${transport}://`, 30_000);
        }
        expect(streams.state).toBe('RUNNING');
        const forScenario = results.get(scenario.name) ?? new Map<string, [string, string][]>();
        forScenario.set(transport, sorted(table));
        results.set(scenario.name, forScenario);
      } finally {
        expect(await streams.close({ timeoutMs: 20_000 })).toBe(true);
      }
    });
  }
});

describe('both transports', () => {
  it('give identical results for every scenario', () => {
    for (const scenario of SCENARIOS) {
      const forScenario = results.get(scenario.name);
      expect(forScenario?.get('memory'), `${scenario.name} on memory://`).toBeDefined();
      expect(forScenario?.get('kafka'), `${scenario.name} on kafka://`).toEqual(forScenario?.get('memory'));
    }
  });
});
