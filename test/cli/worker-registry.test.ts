// `streams-run app.ts worker --web-port`: on memory://, the broker's embedded schema registry is served beside
// /health with Confluent's REST endpoints; the Avro taxi example registers its schemas there.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/streams-run.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const REGISTRY_JSON = 'application/vnd.schemaregistry.v1+json';

describe('streams-run worker --web-port on memory://', () => {
  it('serves the embedded schema registry the Avro rides app writes to (Confluent REST), and exits 0 on SIGTERM', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-cli-avro-'));
    const child = spawn(process.execPath, [BIN, 'examples/taxi/avro-rides.ts', 'worker', '--state-dir', stateDir, '--web-port', '0'], {
      cwd: ROOT,
      env: { ...process.env, RIDES_PER_SECOND: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 40_000;
      while ((stdout.match(/^avro trips /gm) ?? []).length < 300 || !stderr.includes('running (RUNNING)')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the worker did not process 300 rides: ${stderr}\n${stdout.slice(-500)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const base = /schema registry \(embedded, memory:\/\/\) on (http:\/\/127\.0\.0\.1:\d+)\/subjects/.exec(stderr)?.[1];
      expect(base, stderr).toBeDefined();
      const get = async (path: string) => {
        const res = await fetch(`${base}${path}`);
        return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as unknown };
      };

      expect(await get('/subjects')).toEqual({ status: 200, type: REGISTRY_JSON, body: ['rides-avro-key', 'rides-avro-value'] });
      const latest = (await get('/subjects/rides-avro-value/versions/latest')).body as { id: number; version: number; schema: string };
      expect(latest.version).toBe(1);
      expect(JSON.parse(latest.schema)).toMatchObject({ type: 'record', name: 'TaxiRide', namespace: 'kstreams.examples.taxi' });
      expect((await get(`/schemas/ids/${latest.id}`)).body).toEqual({ schema: latest.schema });
      expect(await get('/subjects/no-such-subject/versions')).toMatchObject({ status: 404, body: { error_code: 40401 } });
      // A compatibility check before deploying v2 of the ride: a field added without a default is refused.
      const v2 = { ...(JSON.parse(latest.schema) as { fields: unknown[] }) };
      v2.fields = [...v2.fields, { name: 'congestion_surcharge', type: 'double' }];
      const check = await fetch(`${base}/compatibility/subjects/rides-avro-value/versions/latest?verbose=true`, {
        method: 'POST',
        headers: { 'content-type': REGISTRY_JSON },
        body: JSON.stringify({ schema: JSON.stringify(v2) }),
      });
      expect(check.status).toBe(200);
      expect(await check.json()).toMatchObject({ is_compatible: false, messages: [expect.stringContaining('congestion_surcharge')] });
      // The worker's own endpoints still answer beside the registry.
      expect((await get('/health')).body).toMatchObject({ status: 'ok', app: 'taxi-avro-rides' });
      expect((await get('/tables/trips-per-vendor/2')).status).toBe(200);

      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      const committed = /committed offsets: (.*)/.exec(stderr)?.[1] ?? '';
      expect([...committed.matchAll(/rides-avro\[\d\]=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0)).toBe(300);
      expect(stderr).toContain('[worker] taxi-avro-rides stopped cleanly');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 60_000);
});
