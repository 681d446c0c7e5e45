// A worker process of the multi-process test, run with `node --import tsx test/integration/worker.ts`.
// Env: KSTREAMS_URL, KSTREAMS_APP, KSTREAMS_STATE_DIR, KSTREAMS_INPUT, KSTREAMS_OUTPUT.
// Prints one line per event: `state <STATE>` and `tasks <id,id,…>` whenever its task set changes; SIGTERM closes it.
import { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import { seenTopology } from './seen-aggregate.js';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`worker: ${name} is not set`);
  return value;
}

const streams = new KafkaStreams(seenTopology(env('KSTREAMS_INPUT'), env('KSTREAMS_OUTPUT')), {
  applicationId: env('KSTREAMS_APP'),
  bootstrapServers: env('KSTREAMS_URL'),
  stateDir: env('KSTREAMS_STATE_DIR'),
  commitIntervalMs: 300,
  // No record cache: every update reaches the changelog and the output at once, so a kill between commits leaves
  // state ahead of the committed offsets and the takeover must cope with it (duplicates, never loss).
  cacheMaxBytesBuffering: 0,
});
streams.setStateListener((next) => console.log(`state ${next}`));

let last = '';
const watch = setInterval(() => {
  const ids = [...new Set(streams.metrics().map((m) => m.tags['task-id'] ?? ''))].sort().join(',');
  if (ids !== last) {
    last = ids;
    console.log(`tasks ${ids}`);
  }
}, 50);

process.once('SIGTERM', () => {
  clearInterval(watch);
  streams
    .close({ timeoutMs: 20_000 })
    .then((clean) => process.exit(clean ? 0 : 3))
    .catch(() => process.exit(4));
});

streams.start().catch((error: unknown) => {
  console.log(`failed ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
