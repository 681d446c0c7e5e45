/**
 * Case 11 (goals R1, R2 scaled): restoring a LevelDB-backed timestamped key-value store from its changelog vs
 * just decoding the changelog with kafkajs. The changelog holds 500k distinct keys with 100 B values,
 * pre-encoded (untimed) as Kafka v2 record batches of 1000 records by kafkajs' own RecordBatch encoder
 * (bench/lib/changelog-codec.ts). Both sides start from those bytes and decode every batch with kafkajs'
 * RecordBatch decoder, the one a kafka:// fetch runs. The baseline then touches each record; the subject turns
 * the batch into changelog records (key, value, numeric timestamp, as TaskManager's restore does) and hands it
 * to the store stack's restore (typed → caching → change-logging → LevelDB: chained batches, awaited per batch as
 * TaskManager does), then commits with the checkpoint (the changelog end offset), as TaskManager's restore does.
 * Each subject run restores into a fresh directory under os.tmpdir().
 *
 * R4: the subject also reports the RSS its restore adds while it runs (sampled every 5 ms and after each batch;
 * the worst of the timed runs).
 *
 * Output check: the baseline's record count and checksum; for the store, its entry count, its checkpoint and
 * every 100th key's value and timestamp read back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Serdes } from '../../src/serdes/primitives.js';
import { Stores } from '../../src/state/stores.js';
import { isRestorable, type ChangelogRecord, type StoreContext } from '../../src/state/store.js';
import { bytesLayer, isPersistentBytesStore } from '../../src/state/leveldb/persistent-store.js';
import type { Dataset } from '../lib/data.js';
import { expectEqual, runCase, type Trial } from '../lib/harness.js';
import { decodeBatch, encodeBatch, toChangelogRecords } from '../lib/changelog-codec.js';
import { T0 } from '../lib/timeline.js';

const BATCH = 1000;
const STORE = 'restored';

interface Changelog {
  readonly batches: readonly Buffer[];
  readonly records: number;
  readonly checksum: number;
}

const changelogCache = new WeakMap<Dataset, Changelog>();

/** Record i: key `keyNames[i]` (all distinct), the value of generated record i, timestamp T0 + i. */
async function changelog(data: Dataset): Promise<Changelog> {
  let result = changelogCache.get(data);
  if (result !== undefined) return result;
  const n = Math.min(data.records.length, data.keyNames.length);
  const batches: Buffer[] = [];
  let checksum = 0;
  for (let from = 0; from < n; from += BATCH) {
    const records: ChangelogRecord[] = [];
    for (let i = from; i < Math.min(n, from + BATCH); i++) {
      const key = Buffer.from(data.keyNames[i] as string);
      const value = data.records[i]?.value as Buffer;
      records.push({ key, value, timestamp: T0 + i });
      checksum = (checksum + key.length + (value[0] as number)) | 0;
    }
    batches.push(await encodeBatch(from, records));
  }
  result = { batches, records: n, checksum };
  changelogCache.set(data, result);
  return result;
}

function storeContext(stateDir: string): StoreContext {
  return {
    applicationId: 'bench',
    taskId: '0_0',
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    logChange: () => {
      throw new Error('restore must not log');
    },
    stateDir,
    cacheMaxBytes: 10 * 1024 * 1024,
    currentTimestampMs: () => 0,
  };
}

await runCase({
  name: 'restore',
  description: '500k-key changelog (100 B values, kafkajs record batches) decoded and restored into LevelDB + checkpoint vs kafkajs decode-only',
  data: { records: 500_000, keys: 500_000, topic: 'changelog' },
  goal: { id: 'R1', target: 0.5, floor: 0.35 },
  baseline: {
    label: 'kafkajs decode only',
    async setup(data): Promise<Trial> {
      const log = await changelog(data);
      let records = 0;
      let checksum = 0;
      return {
        async run() {
          for (const batch of log.batches) {
            const decoded = await decodeBatch(batch);
            for (const r of decoded) checksum = (checksum + (r.key as Buffer).length + ((r.value as Buffer)[0] as number)) | 0;
            records += decoded.length;
          }
        },
        verify: () => {
          expectEqual('records decoded', records, log.records);
          expectEqual('checksum', checksum, log.checksum);
        },
      };
    },
  },
  subject: {
    label: 'restore into LevelDB',
    async setup(data): Promise<Trial> {
      const log = await changelog(data);
      const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-bench-restore-'));
      const store = Stores.timestampedKeyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.String()).build();
      await store.init(storeContext(stateDir));
      const bottom = bytesLayer(store);
      if (!isRestorable(store) || !isPersistentBytesStore(bottom)) throw new Error('the store stack is not restorable or not persistent');
      let growthMb = 0;
      return {
        async run() {
          // R4 is about what a restore itself holds: RSS sampled during the run against RSS when it starts (the
          // process-wide ΔRSS column also holds the bench's own pre-encoded changelog and both sides' leftovers).
          const startRss = process.memoryUsage.rss();
          let peakRss = startRss;
          const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
          try {
            for (const batch of log.batches) {
              const result = store.restore(toChangelogRecords(await decodeBatch(batch)));
              if (result !== undefined) await result;
              peakRss = Math.max(peakRss, process.memoryUsage.rss());
            }
            await bottom.commit(BigInt(log.records));
          } finally {
            clearInterval(sampler);
          }
          growthMb = (Math.max(peakRss, process.memoryUsage.rss()) - startRss) / 2 ** 20;
        },
        checks: () => [{ id: 'R4', label: 'restore RSS growth', value: growthMb, unit: 'MB', target: 128, floor: 256 }],
        verify: () => {
          expectEqual('entries', store.approximateNumEntries(), log.records);
          expectEqual('checkpoint', bottom.checkpoint(), BigInt(log.records));
          for (let i = 0; i < log.records; i += 100) {
            const got = store.get(data.keyNames[i] as string);
            expectEqual(`value of ${data.keyNames[i]}`, got?.value, (data.records[i]?.value as Buffer).toString('utf8'));
            expectEqual(`timestamp of ${data.keyNames[i]}`, got?.timestamp, T0 + i);
          }
        },
        async close() {
          await store.close();
          rmSync(stateDir, { recursive: true, force: true });
        },
      };
    },
  },
});
