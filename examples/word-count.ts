// Word count with the DSL inside an App: lines → words → count per word → `word-counts`, printed by an agent.
//   npx streams-run examples/word-count.ts worker      npx streams-run examples/word-count.ts describe
import { App, Consumed, Grouped, Materialized, Produced, Serdes, StreamsBuilder } from '../src/index.js';

export const LINES_TOPIC = 'lines';
export const COUNTS_TOPIC = 'word-counts';

/** The word-count topology on any builder (the test runs it through the TopologyTestDriver). */
export function topology(builder: StreamsBuilder): StreamsBuilder {
  builder
    .stream<string | null, string>(LINES_TOPIC, Consumed.with(Serdes.String(), Serdes.String()))
    .flatMapValues((line) => line.toLowerCase().split(/\W+/).filter((w) => w !== ''))
    .groupBy((_key, word) => word, Grouped.with(Serdes.String(), Serdes.String()))
    .count(Materialized.as('word-counts-store'))
    .toStream()
    .to(COUNTS_TOPIC, Produced.with(Serdes.String(), Serdes.Long()));
  return builder;
}

export const app = new App({ id: 'word-count', broker: process.env['BROKER'] ?? 'memory://', config: { commitIntervalMs: 1_000 } });
export const lines = app.topic(LINES_TOPIC, { key: Serdes.String(), value: Serdes.String() });
export const counts = app.topic(COUNTS_TOPIC, { key: Serdes.String(), value: Serdes.Long() });

app.streams((builder) => void topology(builder));

app.agent(counts, async function printCounts(stream) {
  for await (const { key, value } of stream.items()) console.log(`count  ${key}=${value}`);
});

export const SAMPLE = ['the quick brown fox', 'jumps over the lazy dog', 'the dog barks', 'the fox runs away'];

// On memory://, send a few lines when the worker starts.
app.task(async ({ app: running }) => {
  if (running.broker.startsWith('memory:')) await lines.sendMany(SAMPLE.map((value, i) => ({ value, timestamp: i })));
});

export default app;
