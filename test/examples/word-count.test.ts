import { describe, expect, it } from 'vitest';
import { Serdes, StreamsBuilder, TopologyTestDriver } from '../../src/index.js';
import app, { COUNTS_TOPIC, LINES_TOPIC, SAMPLE, topology } from '../../examples/word-count.js';
import { runApp } from './run-app.js';

const expectedCounts = () => {
  const counts = new Map<string, number>();
  for (const word of SAMPLE.join(' ').split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
};

describe('examples/word-count.ts', () => {
  it('counts words through the test driver', async () => {
    const driver = new TopologyTestDriver(topology(new StreamsBuilder()).build(), { applicationId: 'word-count' });
    const input = driver.createInputTopic(LINES_TOPIC, Serdes.String(), Serdes.String());
    for (const [i, line] of SAMPLE.entries()) await input.pipeInput(null as unknown as string, line, i);
    const counts = await driver.createOutputTopic(COUNTS_TOPIC, Serdes.String(), Serdes.Long()).readKeyValuesToMap();
    expect(counts).toEqual(expectedCounts());
    driver.close();
  });

  it('runs as an App on memory:// and its agent prints the final counts', async () => {
    const running = await runApp(app);
    const expected = expectedCounts();
    await running.until(() => [...expected].every(([w, n]) => running.lines.includes(`count  ${w}=${n}`)));
    expect(await running.stop()).toBe(true);
    expect(await app.describe()).toMatch(/Processor: AGENT-printCounts \(stores: \[\]\)/);
  });
});
