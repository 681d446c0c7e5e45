// vitest globalSetup of the integration project: compiles the librdkafka mock-cluster launcher once per run and
// checks that it starts (bootstrap line, controller-id workaround). A missing librdkafka fails the run with what
// to install; integration tests never skip.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';
import { buildKmock } from './build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kmockPath: string;
  }
}

/** Starts kmock with one broker, reads its bootstrap line and asks for the controller; rejects with the launcher's stderr. */
async function smokeTest(binary: string): Promise<void> {
  const child = spawn(binary, ['1'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    const bootstrap = await iterator.next();
    if (bootstrap.done === true || !/^[\w.-]+:\d+/.test(bootstrap.value)) throw new Error(`kmock printed no bootstrap address. stderr:\n${stderr}`);
    child.stdin.write('controller\n');
    const answer = await iterator.next();
    if (answer.done === true || answer.value !== 'ok controller 1') throw new Error(`kmock controller check failed: ${String(answer.value)}. stderr:\n${stderr}`);
    child.stdin.end('quit\n');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const binary = buildKmock();
  await smokeTest(binary);
  project.provide('kmockPath', binary);
}
