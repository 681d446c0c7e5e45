import { ProcessingError } from '../errors.js';
import type { Logger } from '../internal/logger.js';
import type { Processor, ProcessorContext, ProcessorSupplier } from '../topology/processor.js';
import type { StreamRecord } from '../topology/record.js';
import { AgentChannel } from './agent-channel.js';
import { AgentStream, groupByNotDiscovered, type AgentSource, type GroupKeySelector } from './agent-stream.js';
import { runInScope, type AgentScope, type OutgoingBytes } from './scope.js';
import type { AppTopic } from './topic.js';

/** The function of an agent: consumes its stream (one invocation per partition and per unit of concurrency). */
export type AgentFn<K, V> = (stream: AgentStream<K, V>) => Promise<void>;

/** Options of `app.agent(topic, fn, options)`. */
export interface AgentOptions {
  /** Agent name (node and repartition topic names). @default the function's name, or `agent-<n>` */
  readonly name?: string;
  /**
   * Invocations per partition. With more than one, records of a partition are processed concurrently and may
   * finish out of order (as in Faust); commits still wait for every one of them. @default 1
   */
  readonly concurrency?: number;
  /** How long closing a task waits for the agent to leave its loop. @default 10_000 */
  readonly closeTimeoutMs?: number;
}

/** An agent as declared: its topic, function and what the App learnt by probing it. */
export class AgentDef<K, V> {
  /** The groupBy selector the agent called while probed (undefined: it iterates its topic directly). */
  groupBy: GroupKeySelector<V, unknown> | undefined;

  constructor(
    readonly name: string,
    readonly topic: AppTopic<K, V>,
    readonly fn: AgentFn<K, V>,
    readonly options: AgentOptions,
  ) {}

  get concurrency(): number {
    return this.options.concurrency ?? 1;
  }

  /**
   * Calls the agent once with a stream that never yields, to see whether it calls groupBy (which changes the
   * topology). The probe invocation stays suspended at its first read and is never resumed.
   */
  async probe(): Promise<void> {
    const scope: AgentScope = { agent: this.name, context: undefined, current: undefined };
    const source: AgentSource<K, V> = {
      channel: undefined,
      scope,
      groupBy: (selector) => {
        this.groupBy = selector;
      },
    };
    void runInScope(scope, () => this.fn(new AgentStream(source))).catch(() => undefined);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** The processor that feeds the agent's invocations of one partition and forwards what they send. */
  processor(logger: Logger, report: (error: unknown) => void): ProcessorSupplier<unknown, unknown, Buffer | null, OutgoingBytes> {
    return () => new AgentProcessor(this as unknown as AgentDef<unknown, unknown>, logger, report);
  }
}

class AgentProcessor implements Processor<unknown, unknown, Buffer | null, OutgoingBytes> {
  readonly #channel = new AgentChannel<unknown, unknown>();
  readonly #running: Promise<void>[] = [];
  #context: ProcessorContext<Buffer | null, OutgoingBytes> | undefined;

  constructor(
    readonly def: AgentDef<unknown, unknown>,
    readonly logger: Logger,
    readonly report: (error: unknown) => void,
  ) {}

  init(context: ProcessorContext<Buffer | null, OutgoingBytes>): void {
    this.#context = context;
    let left = this.def.concurrency;
    for (let i = 0; i < this.def.concurrency; i++) {
      const scope: AgentScope = { agent: this.def.name, context, current: undefined };
      const source: AgentSource<unknown, unknown> = {
        channel: this.#channel,
        scope,
        groupBy: (selector) => {
          if (this.def.groupBy === undefined && selector !== undefined) throw groupByNotDiscovered(this.def.name);
        },
      };
      const run = Promise.resolve()
        .then(() => runInScope(scope, () => this.def.fn(new AgentStream(source))))
        .then(
          () => {
            if (--left === 0) this.#channel.abandon();
          },
          (error: unknown) => {
            this.logger.error('agent failed', { agent: this.def.name, taskId: context.taskId(), error });
            this.report(error);
            this.#channel.fail(this.#wrap(error));
          },
        );
      this.#running.push(run);
    }
  }

  process(record: StreamRecord<unknown, unknown>, context: ProcessorContext<Buffer | null, OutgoingBytes>): void | Promise<void> {
    const meta = context.recordMetadata();
    return this.#channel.push({
      key: record.key,
      value: record.value,
      timestamp: record.timestamp,
      topic: meta?.topic,
      partition: meta?.partition,
      offset: meta?.offset,
    });
  }

  flush(): Promise<void> {
    return this.#channel.drained();
  }

  async close(): Promise<void> {
    this.#channel.end();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.def.options.closeTimeoutMs ?? 10_000)));
    await Promise.race([Promise.all(this.#running), timeout]);
    clearTimeout(timer);
  }

  #wrap(error: unknown): unknown {
    const message = error instanceof Error ? error.message : String(error);
    const task = this.#context?.taskId() ?? '?';
    return new ProcessingError(`Agent ${this.def.name} failed in task ${task}: ${message}`, { cause: error, processorName: this.def.name });
  }
}
