/** One record handed to an agent, deserialized. */
export interface AgentEvent<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly topic: string | undefined;
  readonly partition: number | undefined;
  readonly offset: bigint | undefined;
}

interface Pending<K, V> {
  readonly event: AgentEvent<K, V>;
  readonly delivered: () => void;
  readonly reject: (error: unknown) => void;
}

interface Puller<K, V> {
  readonly resolve: (event: AgentEvent<K, V> | undefined) => void;
  readonly stopOnFlush: boolean;
  timer?: NodeJS.Timeout;
}

/** Options of {@link AgentChannel.pull}. */
export interface PullOptions {
  /** Give up (resolve undefined) after this many ms. */
  readonly timeoutMs?: number;
  /** Give up as soon as a commit waits for the agent (a `take()` batch is then handed over early). */
  readonly stopOnFlush?: boolean;
}

/**
 * The hand-over between a task and the agent invocations of one partition. The task's `push` resolves when
 * an invocation has taken the record (one in flight per invocation keeps the partition in order); the
 * invocation `ack`s what it has finished, and a commit waits in `drained()` until every record taken is acked,
 * so offsets are committed only for records the agent has processed.
 */
export class AgentChannel<K, V> {
  readonly #queue: Pending<K, V>[] = [];
  readonly #pullers: Puller<K, V>[] = [];
  #unacked = 0;
  #drainWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  #ended = false;
  #failure: { error: unknown } | undefined;
  /** Set when no invocation is left to take records: they are then acknowledged as they come (dropped). */
  #abandoned = false;

  get unacked(): number {
    return this.#unacked;
  }

  /** Hands a record to the agent; resolves once an invocation has taken it. */
  push(event: AgentEvent<K, V>): Promise<void> | undefined {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    if (this.#abandoned || this.#ended) return undefined;
    const puller = this.#pullers.shift();
    if (puller !== undefined) {
      this.#deliver(puller, event);
      return undefined;
    }
    return new Promise((delivered, reject) => this.#queue.push({ event, delivered, reject }));
  }

  /** The next record (counted as unacked), or undefined at the end, on timeout or (with stopOnFlush) on a commit. */
  pull(options: PullOptions = {}): Promise<AgentEvent<K, V> | undefined> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    const pending = this.#queue.shift();
    if (pending !== undefined) {
      this.#unacked++;
      pending.delivered();
      return Promise.resolve(pending.event);
    }
    if (this.#ended || (options.stopOnFlush === true && this.#drainWaiters.length > 0)) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const puller: Puller<K, V> = { resolve, stopOnFlush: options.stopOnFlush === true };
      if (options.timeoutMs !== undefined) {
        puller.timer = setTimeout(() => {
          this.#remove(puller);
          resolve(undefined);
        }, Math.max(0, options.timeoutMs));
      }
      this.#pullers.push(puller);
    });
  }

  /** Marks `count` taken records as processed. */
  ack(count: number): void {
    if (count <= 0) return;
    this.#unacked = Math.max(0, this.#unacked - count);
    if (this.#unacked === 0) {
      const waiters = this.#drainWaiters;
      this.#drainWaiters = [];
      for (const w of waiters) w.resolve();
    }
  }

  /** Resolves when every record taken so far is acked; batches being filled are handed over at once. */
  drained(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    if (this.#unacked === 0) return Promise.resolve();
    const promise = new Promise<void>((resolve, reject) => this.#drainWaiters.push({ resolve, reject }));
    for (const puller of [...this.#pullers]) {
      if (!puller.stopOnFlush) continue;
      this.#remove(puller);
      puller.resolve(undefined);
    }
    return promise;
  }

  /** No more records: waiting pulls resolve undefined (the agent's loop ends). */
  end(): void {
    this.#ended = true;
    for (const puller of this.#pullers.splice(0)) {
      clearTimeout(puller.timer);
      puller.resolve(undefined);
    }
  }

  /** Every invocation has returned: records still coming are acknowledged without processing. */
  abandon(): void {
    this.#abandoned = true;
    this.#unacked = 0;
    this.ack(0);
    for (const pending of this.#queue.splice(0)) pending.delivered();
    for (const w of this.#drainWaiters.splice(0)) w.resolve();
  }

  /** The agent failed: the task's next push and the next commit reject with `error`. */
  fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = { error };
    for (const pending of this.#queue.splice(0)) pending.reject(error);
    for (const w of this.#drainWaiters.splice(0)) w.reject(error);
    this.end();
  }

  #deliver(puller: Puller<K, V>, event: AgentEvent<K, V>): void {
    clearTimeout(puller.timer);
    this.#unacked++;
    puller.resolve(event);
  }

  #remove(puller: Puller<K, V>): void {
    clearTimeout(puller.timer);
    const i = this.#pullers.indexOf(puller);
    if (i >= 0) this.#pullers.splice(i, 1);
  }
}
