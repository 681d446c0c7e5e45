import type { IHeaders, KafkaMessage, LogEntry, Cluster } from 'kafkajs';
import { logLevel } from 'kafkajs';
import { StreamsError } from '../../errors.js';
import type { Logger } from '../../internal/logger.js';
import type { Headers } from '../../serdes/serde.js';
import type { InputRecord } from '../stream-task.js';

/** Settings of the kafka:// transport; every field can also be given as a query parameter of the URL. */
export interface KafkajsTransportOptions {
  /** `host:port` of the bootstrap brokers. */
  readonly brokers: readonly string[];
  /** @default 'kstreams' */
  readonly clientId?: string;
  readonly logger?: Logger;
  /** @default 10_000 */
  readonly sessionTimeoutMs?: number;
  /** @default 1_000 */
  readonly heartbeatIntervalMs?: number;
  /** @default 30_000 */
  readonly rebalanceTimeoutMs?: number;
  /** How long a Fetch may wait for data. Keep it ≤ 100 on librdkafka's mock (mock-broker.md, finding 5). @default 100 */
  readonly maxWaitTimeMs?: number;
  /** The assigner's SyncGroup delay that librdkafka's mock needs with 2+ members (mock-broker.md, finding 4). @default 0 */
  readonly assignDelayMs?: number;
  /** Fetched records held for poll() before kafkajs' fetch loop waits (heartbeating) for room. @default 10_000 */
  readonly maxQueuedRecords?: number;
  /** @default 3_000 */
  readonly connectionTimeoutMs?: number;
  /** @default 10_000 */
  readonly requestTimeoutMs?: number;
  /** Retries of one request before its error reaches the runtime (exponential backoff, 100 ms → 1 s). @default 30 */
  readonly retries?: number;
}

const NUMBER_OPTIONS = [
  'sessionTimeoutMs',
  'heartbeatIntervalMs',
  'rebalanceTimeoutMs',
  'maxWaitTimeMs',
  'assignDelayMs',
  'maxQueuedRecords',
  'connectionTimeoutMs',
  'requestTimeoutMs',
  'retries',
] as const;

/**
 * Reads `kafka://host:port,host:port?sessionTimeoutMs=3000&assignDelayMs=300` or a list of `host:port`.
 * @example parseKafkaUrl('kafka://127.0.0.1:9092') // { brokers: ['127.0.0.1:9092'] }
 */
export function parseKafkaUrl(servers: string | readonly string[]): KafkajsTransportOptions {
  if (typeof servers !== 'string') return { brokers: servers.map((s) => s.replace(/^kafka:\/\//, '')) };
  const rest = servers.replace(/^kafka:\/\//, '');
  const [hosts = '', query = ''] = rest.split('?', 2);
  const brokers = hosts.split(',').map((h) => h.trim()).filter((h) => h.length > 0);
  if (brokers.length === 0) throw new StreamsError('INVALID_CONFIG', `bootstrapServers ${servers}: no broker given; expected kafka://host:port[,host:port…].`);
  const options: Record<string, unknown> = { brokers };
  const params = new URLSearchParams(query);
  const bad: string[] = [];
  for (const [name, value] of params) {
    if (name === 'clientId') options['clientId'] = value;
    else if ((NUMBER_OPTIONS as readonly string[]).includes(name) && /^\d+$/.test(value)) options[name] = Number(value);
    else bad.push(`${name}=${value}`);
  }
  if (bad.length > 0) {
    throw new StreamsError('INVALID_CONFIG', `bootstrapServers ${servers}: unknown or invalid parameters ${bad.join(', ')}; known: clientId, ${NUMBER_OPTIONS.join(', ')} (whole numbers).`);
  }
  return options as unknown as KafkajsTransportOptions;
}

/** Errors of a member whose group has moved on: its commit is lost and its records will be processed again. */
export function isRebalance(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'ILLEGAL_GENERATION' || type === 'UNKNOWN_MEMBER_ID' || type === 'NOT_COORDINATOR_FOR_GROUP';
}

/** Maps a kafkajs error to a StreamsError (code BROKER, or UNKNOWN_TOPIC), keeping whether a retry may help. */
export function toStreamsError(error: unknown, action: string): StreamsError {
  if (error instanceof StreamsError) return error;
  // kafkajs' error classes are not named exports under Node's ESM loader, so read their fields instead of instanceof.
  const original = (error as { originalError?: unknown } | null)?.originalError;
  const retriable = (error as { retriable?: unknown } | null)?.retriable === true || (original as { retriable?: unknown } | null)?.retriable === true;
  const type = (error as { type?: unknown } | null)?.type ?? (original as { type?: unknown } | null)?.type;
  const message = error instanceof Error ? error.message : String(error);
  return new StreamsError(
    type === 'UNKNOWN_TOPIC_OR_PARTITION' ? 'UNKNOWN_TOPIC' : 'BROKER',
    `kafka:// ${action} failed: ${message}${typeof type === 'string' ? ` (${type})` : ''}.${retriable ? ' The error is retriable: the broker may be unavailable for a while.' : ''}`,
    { retriable, cause: error },
  );
}

/** What read() needs of a kafkajs Fetch response. */
export interface FetchResponse {
  readonly responses: readonly { readonly topicName: string; readonly partitions: readonly { readonly partition: number; readonly messages: readonly FetchedMessage[] }[] }[];
}

export type FetchedMessage = KafkaMessage & { readonly isControlRecord?: boolean };

export type CreateCluster = (options: { allowAutoTopicCreation?: boolean; isolationLevel?: number }) => Cluster;

export function inputHeaders(headers: IHeaders | undefined): Headers {
  const out: Headers = {};
  if (headers === undefined) return out;
  // for…in rather than Object.entries: most records have no headers, and this runs once per fetched record.
  for (const name in headers) {
    if (!Object.hasOwn(headers, name)) continue;
    const value = headers[name];
    out[name] = Array.isArray(value) ? value[value.length - 1] : value;
  }
  return out;
}

/**
 * An InputRecord over a fetched kafkajs message. kafkajs gives the offset as a decimal string; it becomes a bigint
 * only when read (a commit reads one offset per partition, an error message one), not for every record fetched:
 * parsing a BigInt per record cost about a tenth of an end-to-end count.
 */
class FetchedRecord implements InputRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers;
  readonly #offset: string;

  constructor(
    readonly topic: string,
    readonly partition: number,
    m: KafkaMessage,
  ) {
    this.key = m.key ?? null;
    this.value = m.value ?? null;
    this.timestamp = Number(m.timestamp);
    this.headers = inputHeaders(m.headers);
    this.#offset = m.offset;
  }

  get offset(): bigint {
    return BigInt(this.#offset);
  }
}

export function toInput(topic: string, partition: number, m: KafkaMessage): InputRecord {
  return new FetchedRecord(topic, partition, m);
}

export function kafkajsLogger(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const text = `kafkajs ${namespace}: ${message}`;
      if (level === logLevel.ERROR) logger.error(text, fields);
      else if (level === logLevel.WARN) logger.warn(text, fields);
      else if (level === logLevel.INFO) logger.info(text, fields);
      else logger.debug(text, fields);
    };
}
