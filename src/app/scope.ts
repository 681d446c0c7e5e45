import { AsyncLocalStorage } from 'node:async_hooks';
import type { Headers } from '../serdes/serde.js';
import type { ProcessorContext } from '../topology/processor.js';
import { StreamRecord } from '../topology/record.js';
import type { AgentEvent } from './agent-channel.js';

/** A record an agent sends: its bytes and the topic they go to (the agent's sink picks the topic from it). */
export interface OutgoingBytes {
  readonly topic: string;
  readonly bytes: Buffer | null;
}

/**
 * What the code of one agent invocation runs in: the task of its partition (tables read and write that task's
 * stores; sends go through its record collector, so they are committed with the input) and the record being
 * processed (windowed tables use its timestamp). Found through AsyncLocalStorage, so `table.get(k)` needs no
 * context argument, as in Faust.
 */
export interface AgentScope {
  readonly agent: string;
  readonly context: ProcessorContext<Buffer | null, OutgoingBytes> | undefined;
  current: AgentEvent<unknown, unknown> | undefined;
}

const storage = new AsyncLocalStorage<AgentScope>();

/** Runs `fn` (an agent invocation) inside `scope`. */
export function runInScope<T>(scope: AgentScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the agent invocation running now, if any. */
export function currentScope(): AgentScope | undefined {
  return storage.getStore();
}

/** Sends serialized bytes through the current agent's sink; false outside an agent (or in its probe). */
export function sendInScope(topic: string, key: Buffer | null, value: Buffer | null, timestamp: number | undefined, headers: Headers | undefined): boolean {
  const scope = storage.getStore();
  const context = scope?.context;
  if (scope === undefined || context === undefined) return false;
  const ts = timestamp ?? scope.current?.timestamp ?? context.currentSystemTimeMs();
  void context.forward(new StreamRecord<Buffer | null, OutgoingBytes>(key, { topic, bytes: value }, ts, headers ?? {}));
  return true;
}
