import { Observable } from 'rxjs';
import { IllegalStateError } from '../errors.js';
import type { KeyValue } from '../internal/key-value.js';
import type { AgentChannel, AgentEvent } from './agent-channel.js';
import type { AgentScope } from './scope.js';

/** The key selector of `stream.groupBy(...)`. */
export type GroupKeySelector<V, KR> = (value: V) => KR;

/** What an AgentStream reads from: the channel of its partition, or nothing (while the App probes the agent). */
export interface AgentSource<K, V> {
  readonly channel: AgentChannel<K, V> | undefined;
  readonly scope: AgentScope;
  /** Called by groupBy: the selector the topology repartitions by, checked against the one discovered at build time. */
  groupBy(selector: GroupKeySelector<V, unknown>): void;
}

/**
 * The stream an agent iterates (Faust's `async for value in stream`): the records of one partition, in order.
 * A record counts as processed — and its offset may be committed — once the agent asks for the next one
 * (or, with `take`, for the next batch), or leaves the loop.
 *
 * @example
 * app.agent(rides, async (stream) => {
 *   for await (const ride of stream) console.log(ride.VendorID, ride.total_amount);
 * });
 */
export class AgentStream<K, V> implements AsyncIterable<V> {
  constructor(readonly source: AgentSource<K, V>) {}

  /** The values, one at a time. */
  [Symbol.asyncIterator](): AsyncIterator<V> {
    return this.#events((e) => e.value)[Symbol.asyncIterator]();
  }

  /** Keys and values (Faust's `stream.items()`). */
  items(): AsyncIterable<KeyValue<K, V>> {
    return this.#events((e) => ({ key: e.key, value: e.value }));
  }

  /** Every record with its timestamp, topic, partition and offset. */
  events(): AsyncIterable<AgentEvent<K, V>> {
    return this.#events((e) => e);
  }

  /**
   * Re-keys the stream through a repartition topic (`<app>-<agent>-groupby-repartition`), so that all records
   * of a key reach the same partition — and the same table partition. Call it before the agent's first `await`:
   * the App discovers it when it builds the topology.
   */
  groupBy<KR>(selector: GroupKeySelector<V, KR>): AgentStream<KR, V> {
    this.source.groupBy(selector as GroupKeySelector<V, unknown>);
    return this as unknown as AgentStream<KR, V>;
  }

  /**
   * Batches of up to `n` values; a batch is handed over early after `withinMs` (from its first value) and when
   * a commit waits for the agent. The whole batch counts as processed when the agent asks for the next one.
   */
  take(n: number, withinMs?: number): AsyncIterable<V[]> {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`take(n) expects a positive integer; received ${n}`);
    const source = this.source;
    return {
      async *[Symbol.asyncIterator]() {
        const channel = source.channel;
        if (channel === undefined) return await never();
        let outstanding = 0;
        try {
          for (;;) {
            channel.ack(outstanding);
            outstanding = 0;
            const first = await channel.pull();
            if (first === undefined) return;
            const batch = [first];
            outstanding = 1;
            const deadline = withinMs === undefined ? undefined : Date.now() + withinMs;
            while (batch.length < n) {
              const next = await channel.pull({ stopOnFlush: true, ...(deadline === undefined ? {} : { timeoutMs: deadline - Date.now() }) });
              if (next === undefined) break;
              batch.push(next);
              outstanding++;
            }
            source.scope.current = batch[batch.length - 1];
            yield batch.map((e) => e.value);
          }
        } finally {
          channel.ack(outstanding);
        }
      },
    };
  }

  /**
   * The values as an RxJS Observable (interop). A value counts as processed when the subscriber's `next`
   * returns; asynchronous work started there is not waited for.
   */
  toObservable(): Observable<V> {
    return new Observable<V>((subscriber) => {
      let stopped = false;
      const iterator = this[Symbol.asyncIterator]();
      void (async () => {
        try {
          for (let r = await iterator.next(); !r.done && !stopped; r = await iterator.next()) subscriber.next(r.value);
          subscriber.complete();
        } catch (error) {
          subscriber.error(error);
        }
      })();
      return () => {
        stopped = true;
        void iterator.return?.();
      };
    });
  }

  #events<T>(map: (event: AgentEvent<K, V>) => T): AsyncIterable<T> {
    const source = this.source;
    return {
      async *[Symbol.asyncIterator]() {
        const channel = source.channel;
        if (channel === undefined) return await never();
        let outstanding = 0;
        try {
          for (;;) {
            channel.ack(outstanding);
            outstanding = 0;
            const event = await channel.pull();
            if (event === undefined) return;
            outstanding = 1;
            source.scope.current = event;
            yield map(event);
          }
        } finally {
          channel.ack(outstanding);
        }
      },
    };
  }
}

/** A promise that never settles: the probe stream of an agent never yields. */
function never(): Promise<never> {
  return new Promise<never>(() => undefined);
}

/** Thrown by groupBy when the selector was not known when the topology was built. */
export function groupByNotDiscovered(agent: string): IllegalStateError {
  return new IllegalStateError(
    `Agent ${agent} called stream.groupBy() but the App did not see that call when it built the topology. ` +
      'Call groupBy() before the first await in the agent, e.g. `for await (const v of stream.groupBy(fn))`.',
  );
}
