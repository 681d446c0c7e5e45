// Conformance with Kafka Streams itself. corpus.json holds topology specs (the conformance spec language,
// read by ./spec.ts), their input records, and what Apache Kafka Streams 4.0 (1eb7644349cb) output for them in its
// own TopologyTestDriver (statestore cache 0, in-memory DSL stores, String default serdes). Each case is replayed
// here on kstreams with the same config and compared record by record as `key=value@timestamp`.
//
// Generated cases: gen.py --seed 4242 --count 1100 (all 14 families), Kafka's outputs from the stock runner.
// Checked once without committing (all passed, no kstreams change needed): seeds 777, 1, 2025 and 31337 (1,500
// cases each) and seed 99 with EMIT_ON_WINDOW_CLOSE_P = 0.5 (1,500 cases).
// Hand-written cases (ids `h-…`): emit-on-window-close, suppress buffer limits, cogroup, processValues and the
// KTable/aggregation cases, run on Kafka Streams with the
// extension ops listed in spec.ts. Only data is committed: no test runs Kafka or a JDK.
// The corpus is generated, never edited by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Serdes, TopologyTestDriver, type Serde, type TestInputTopic } from '../../src/index.js';
import { buildSpec, javaString, SpecError, type Key, type SpecCase, type Value } from './spec.js';

interface Corpus {
  readonly seed: number;
  readonly cases: readonly SpecCase[];
}

const corpus = JSON.parse(readFileSync(new URL('./corpus.json', import.meta.url), 'utf8')) as Corpus;

/** What the oracle's driver is configured with (README: "The kstreams side of such a test must use the same"). */
const CONFIG = {
  applicationId: 'kdiff',
  cacheMaxBytesBuffering: 0,
  defaultDslStore: 'in_memory',
  defaultKeySerde: Serdes.String(),
  defaultValueSerde: Serdes.String(),
} as const;

interface Outcome {
  readonly output: string[];
  readonly error?: { readonly phase: 'build' | 'init' | 'run'; readonly record?: number; readonly cause: unknown };
}

async function runCase(c: SpecCase): Promise<Outcome> {
  const output: string[] = [];
  let topology;
  try {
    topology = buildSpec(c.topology).build();
  } catch (cause) {
    if (cause instanceof SpecError) throw cause;
    return { output, error: { phase: 'build', cause } };
  }
  let driver: TopologyTestDriver;
  try {
    driver = new TopologyTestDriver(topology, CONFIG, 0);
  } catch (cause) {
    return { output, error: { phase: 'init', cause } };
  }
  const S = Serdes.String() as Serde<string | null>;
  try {
    const out = driver.createOutputTopic<Key, Value>(c.outputTopic, S, (c.outputValueSerde === 'Long' ? Serdes.Long() : Serdes.String()) as Serde<Value>);
    const inputs = new Map<string, TestInputTopic<string | null, string | null>>();
    for (const [index, [topic, key, value, ts]] of c.records.entries()) {
      let input = inputs.get(topic);
      if (input === undefined) {
        input = driver.createInputTopic(topic, S, S);
        inputs.set(topic, input);
      }
      try {
        await input.pipeInput(key, value, ts);
      } catch (cause) {
        return { output, error: { phase: 'run', record: index, cause } };
      } finally {
        for (const r of await out.readRecordsToList()) output.push(`${javaString(r.key)}=${javaString(r.value)}@${r.timestamp}`);
      }
    }
    return { output };
  } finally {
    await driver.close();
  }
}

const families = new Map<string, SpecCase[]>();
for (const c of corpus.cases) {
  const list = families.get(c.family) ?? [];
  list.push(c);
  families.set(c.family, list);
}

describe(`Kafka Streams conformance (corpus seed ${corpus.seed}, ${corpus.cases.length} cases)`, () => {
  for (const [family, cases] of families) {
    describe(family, () => {
      for (const c of cases) {
        it(`${c.id} ${c.ops.join(' ')}`, async () => {
          const got = await runCase(c);
          const kafkaError = c.error;
          if (kafkaError === undefined) {
            if (got.error !== undefined) throw new Error(`kstreams threw at ${got.error.phase} (Kafka did not): ${String(got.error.cause)}`, { cause: got.error.cause });
            expect(got.output).toEqual(c.expected);
            return;
          }
          // Kafka threw: kstreams must throw too, in the same phase for build errors, and emit the same records first.
          expect(got.error?.phase, `Kafka threw ${kafkaError.class}: ${kafkaError.message}`).toBe(kafkaError.phase);
          if (kafkaError.phase === 'run') expect(got.error?.record).toBe(kafkaError.record);
          expect(got.output).toEqual(c.expected);
        });
      }
    });
  }
});
