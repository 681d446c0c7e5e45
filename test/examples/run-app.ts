// Runs an example App on a private memory:// broker with a temporary state directory, capturing console.log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { App } from '../../src/index.js';

export interface RunningApp {
  readonly broker: string;
  readonly lines: string[];
  /** Resolves once `predicate` holds (checked as the app logs and every 10 ms); rejects after `timeoutMs`. */
  until(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<boolean>;
}

let counter = 0;

export async function runApp(app: App): Promise<RunningApp> {
  process.env['RIDES_PER_SECOND'] = '0';
  const broker = `memory://${app.id}-${process.pid}-${++counter}`;
  const stateDir = mkdtempSync(join(tmpdir(), `kstreams-${app.id}-`));
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  await app.start({ broker, stateDir });
  return {
    broker,
    lines,
    async until(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms; last lines: ${lines.slice(-3).join(' | ')}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      const clean = await app.stop();
      spy.mockRestore();
      rmSync(stateDir, { recursive: true, force: true });
      return clean;
    },
  };
}
