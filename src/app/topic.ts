import type { Headers, Serde } from '../serdes/serde.js';
import { IllegalStateError } from '../errors.js';
import { isPromise } from '../internal/promise.js';
import type { KStream } from '../dsl/kstream.js';
import { sendInScope } from './scope.js';

/** A message to send: the key may be left out (null). */
export interface Message<K, V> {
  readonly key?: K | null;
  readonly value: V | null;
  readonly timestamp?: number;
  readonly headers?: Headers;
}

/** Options of `app.topic(name, options)`. */
export interface TopicOptions<K, V> {
  readonly key: Serde<K>;
  readonly value: Serde<V>;
  /** Partitions to create the topic with when it does not exist. @default 1 */
  readonly partitions?: number;
}

/** What a topic needs from its App. */
export interface TopicHost {
  /** Sends serialized records outside an agent (timers, tasks, producers). */
  sendOutside(topic: string, records: readonly { key: Buffer | null; value: Buffer | null; timestamp?: number; headers?: Headers }[]): Promise<void>;
  /** The shared source stream of a topic, while the App builds its topology. */
  streamOf<K, V>(topic: AppTopic<K, V>): KStream<K, V>;
}

/**
 * A topic of an App with its serdes (Faust's `app.topic`). Agents consume it; anyone may `send` to it: inside
 * an agent the record goes out with the agent's commit (at least once), elsewhere straight to the broker.
 */
export class AppTopic<K, V> {
  constructor(
    readonly name: string,
    readonly options: TopicOptions<K, V>,
    readonly host: TopicHost,
  ) {}

  get partitions(): number {
    return this.options.partitions ?? 1;
  }

  /** Sends one message. */
  async send(message: Message<K, V>): Promise<void> {
    await this.sendMany([message]);
  }

  /** Sends messages in order. */
  async sendMany(messages: readonly Message<K, V>[]): Promise<void> {
    const encoded = messages.map((m) => ({
      key: m.key === null || m.key === undefined ? null : this.options.key.serialize(this.name, m.key, m.headers),
      value: m.value === null ? null : this.options.value.serialize(this.name, m.value, m.headers),
      ...(m.timestamp === undefined ? {} : { timestamp: m.timestamp }),
      ...(m.headers === undefined ? {} : { headers: m.headers }),
    }));
    // A serde may answer with a Promise (a remote schema registry's first record of a schema): await it here.
    for (const r of encoded) {
      if (isPromise(r.key)) r.key = await (r.key as PromiseLike<Buffer | null>);
      if (isPromise(r.value)) r.value = await (r.value as PromiseLike<Buffer | null>);
    }
    const inAgent = encoded.every((r) => sendInScope(this.name, r.key, r.value, r.timestamp, r.headers));
    if (!inAgent) await this.host.sendOutside(this.name, encoded);
  }

  /** The topic as a DSL stream (inside `app.streams(...)`); agents and the DSL share one source per topic. */
  stream(): KStream<K, V> {
    return this.host.streamOf(this);
  }
}

export function notStarted(what: string): IllegalStateError {
  return new IllegalStateError(`${what} needs a running App: call await app.start() first (or run it with streams-run … worker).`);
}
