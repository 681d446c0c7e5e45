import { describe, expect, it } from 'vitest';
import { Consumed, EmitStrategy, Materialized, Produced, Serdes, StreamsBuilder, TimeWindows, TopologyTestDriver, type Windowed } from '../../../src/index.js';

const config = { applicationId: 'win', cacheMaxBytesBuffering: 0, defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() };

function windowedCount(windows: TimeWindows, emit?: EmitStrategy, retentionMs?: number) {
  const builder = new StreamsBuilder();
  let windowed = builder.stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String())).groupByKey().windowedBy(windows);
  if (emit !== undefined) windowed = windowed.emitStrategy(emit);
  const materialized = retentionMs === undefined ? undefined : Materialized.as<string, number>('counts').withRetention(retentionMs);
  (materialized === undefined ? windowed.count() : windowed.count(materialized))
    .toStream()
    .map((wk: Windowed<string>, v: number) => ({ key: `${wk.key}@${wk.window.start}/${wk.window.end}`, value: v }))
    .to('out', Produced.with(Serdes.String(), Serdes.Long()));
  const driver = new TopologyTestDriver(builder.build(), config, 0);
  return {
    driver,
    input: driver.createInputTopic('in', Serdes.String(), Serdes.String()),
    output: driver.createOutputTopic('out', Serdes.String(), Serdes.Long()),
  };
}

const rows = async (output: { readRecordsToList(): Promise<{ key: string; value: number; timestamp: number }[]> }) =>
  (await output.readRecordsToList()).map((r) => `${r.key}=${r.value}@${r.timestamp}`);

describe('windowed count (tumbling and hopping)', () => {
  it('counts per tumbling window, results stamped with the largest input timestamp', async () => {
    const { input, output } = windowedCount(TimeWindows.ofSizeWithNoGrace(10));
    await input.pipeInput('a', 'x', 1);
    await input.pipeInput('a', 'x', 7);
    await input.pipeInput('a', 'x', 3);
    await input.pipeInput('a', 'x', 12);
    expect(await rows(output)).toEqual(['a@0/10=1@1', 'a@0/10=2@7', 'a@0/10=3@7', 'a@10/20=1@12']);
  });

  it('puts a record in every hopping window that contains it', async () => {
    const { input, output } = windowedCount(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5));
    await input.pipeInput('a', 'x', 7);
    expect(await rows(output)).toEqual(['a@0/10=1@7', 'a@5/15=1@7']);
  });

  it('drops and counts records whose window closed (end + grace <= stream time)', async () => {
    const { driver, input, output } = windowedCount(TimeWindows.ofSizeAndGrace(10, 5));
    await input.pipeInput('a', 'x', 20);
    await input.pipeInput('a', 'x', 9); // window [0,10) closes at 15: late
    await input.pipeInput('a', 'x', 10); // window [10,20) still open until 25
    expect(await rows(output)).toEqual(['a@20/30=1@20', 'a@10/20=1@10']);
    expect(driver.metricValue('dropped-records-total')).toBe(1);
  });

  it('drops null keys and counts them; null values are counted by the aggregator', async () => {
    const { driver, input, output } = windowedCount(TimeWindows.ofSizeWithNoGrace(10));
    await input.pipeInput(null as unknown as string, 'x', 1);
    await input.pipeInput('a', null as unknown as string, 2);
    expect(await rows(output)).toEqual(['a@0/10=1@2']);
    expect(driver.metricValue('dropped-records-total')).toBe(1);
  });

  it('handles windows at the epoch edge', async () => {
    const { input, output } = windowedCount(TimeWindows.ofSizeWithNoGrace(10).advanceBy(3));
    await input.pipeInput('a', 'x', 0);
    expect(await rows(output)).toEqual(['a@0/10=1@0']);
  });

  it('the seed scenario: one-minute tumbling count per vendor kept for one hour, final count emitted once per window', async () => {
    const minute = 60_000;
    const { driver, input, output } = windowedCount(TimeWindows.ofSizeWithNoGrace(minute), EmitStrategy.onWindowClose(), 60 * minute);
    await input.pipeInput('vendor-1', 'ride', 1_000);
    await input.pipeInput('vendor-2', 'ride', 2_000);
    await input.pipeInput('vendor-1', 'ride', 59_999);
    expect(await output.isEmpty()).toBe(true); // nothing before the window closes
    await input.pipeInput('vendor-1', 'ride', 60_000); // closes [0, 60000)
    expect(await rows(output)).toEqual(['vendor-1@0/60000=2@59999', 'vendor-2@0/60000=1@2000']);
    await input.pipeInput('vendor-2', 'ride', 61_000);
    expect(await output.isEmpty()).toBe(true); // the closed window is not emitted again
    await input.pipeInput('vendor-1', 'ride', 125_000);
    expect(await rows(output)).toEqual(['vendor-1@60000/120000=1@60000', 'vendor-2@60000/120000=1@61000']);
    const store = driver.getWindowStore<string, number>('counts');
    expect(store?.fetch('vendor-1', 0)).toBe(2); // still retained: the retention is one hour
  });
});
