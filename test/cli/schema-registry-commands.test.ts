// `streams-run registry` and `streams-run schema check`, through the real bin (bin/streams-run.js → src/cli/main.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchemaRegistryClient } from '../../src/index.js';

const BIN = new URL('../../bin/streams-run.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const EVOLUTION = 'examples/schema-evolution';

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('streams-run registry and schema check', () => {
  it('serves a registry that schema check tests against: 0 when compatible, 1 with the reasons when not; SIGTERM stops it', async () => {
    const child = spawn(process.execPath, [BIN, 'registry', '--port', '0'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`registry did not start: ${stderr}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const found = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    try {
      expect(stdout).toContain('global compatibility BACKWARD');
      const client = new SchemaRegistryClient({ url });
      expect(run(['schema', 'check', `${EVOLUTION}/ride-v3.avsc`, '--subject', 'rides-value', '--registry', url]).status).toBe(0); // no versions yet
      await client.register('rides-value', JSON.parse(readFileSync(join(ROOT, EVOLUTION, 'ride-v1.avsc'), 'utf8')) as Record<string, unknown>);
      const v2 = run(['schema', 'check', `${EVOLUTION}/ride-v2.avsc`, '--subject', 'rides-value', '--registry', url]);
      expect(v2.stdout).toContain('is compatible with subject rides-value (level BACKWARD)');
      expect(v2.status).toBe(0);
      const v3 = run(['schema', 'check', `${EVOLUTION}/ride-v3.avsc`, '-s', 'rides-value', '-r', url]);
      expect(v3.status).toBe(1);
      expect(v3.stdout).toContain('is NOT compatible with subject rides-value: level BACKWARD, clashes with version 1');
      expect(v3.stdout).toMatch(/ {2}- READER_FIELD_MISSING_DEFAULT_VALUE at \/fields\/vendor_id/);
      // schema check registers nothing.
      expect((await client.getLatest('rides-value')).version).toBe(1);

      const dir = mkdtempSync(join(tmpdir(), 'kstreams-schema-'));
      writeFileSync(join(dir, 'bad.avsc'), '{"type":"record","name":"R","fields":[{"name":"n","type":"int","default":"x"}]}');
      const bad = run(['schema', 'check', join(dir, 'bad.avsc'), '--subject', 'rides-value', '--registry', url]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/is not a valid Avro schema: .*incompatible field default/);
      expect(run(['schema', 'check', join(dir, 'missing.avsc'), '--subject', 's', '--registry', url]).status).toBe(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
    expect(stderr).toContain('[registry] SIGTERM: stopping');
  }, 60_000);

  it('answers usage errors with exit code 2, and an unreachable registry with 1', () => {
    const noSubject = run(['schema', 'check', `${EVOLUTION}/ride-v2.avsc`]);
    expect(noSubject.status).toBe(2);
    expect(noSubject.stderr).toContain('schema check needs --subject <subject>');
    expect(run(['schema', 'verify', 'x.avsc', '--subject', 's']).status).toBe(2);
    expect(run(['registry', '--port', 'eighty']).status).toBe(2);
    expect(run(['registry', '--compatibility', 'SOMETIMES']).status).toBe(2);
    const down = run(['schema', 'check', `${EVOLUTION}/ride-v2.avsc`, '--subject', 's', '--registry', 'http://127.0.0.1:9']);
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/Check that the registry is reachable at http:\/\/127\.0\.0\.1:9/);
    expect(run(['--help']).stdout).toMatch(/registry +serve an in-memory schema registry[\s\S]*schema +check an Avro schema/);
  }, 60_000);
});
