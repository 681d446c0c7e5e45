import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './errors.js';
import type { Headers, Serde } from './serdes/serde.js';

/** The record a timestamp extractor sees: deserialized key and value plus where it came from. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
  readonly headers: Headers;
}

/**
 * Picks a record's event time (epoch ms). `partitionTimeMs` is the largest timestamp seen on the partition
 * (-1 before the first). Returning a negative timestamp makes the record invalid: it is dropped and counted.
 */
export type TimestampExtractor = (record: ConsumedRecord, partitionTimeMs: number) => number;

/** Config of `KafkaStreams` and `TopologyTestDriver`: one flat object, every field documented with its default. */
export interface StreamsConfig {
  /**
   * Consumer group id and the prefix of internal topics (`<applicationId>-<name>-repartition`, `-changelog`).
   * Required by KafkaStreams; the test driver uses `topology-test-driver` when omitted.
   */
  applicationId?: string;
  /** `memory://` (embedded broker), `memory://name`, `kafka://host:9092,…` or a list of `host:port`. @default 'memory://' */
  bootstrapServers?: string | readonly string[];
  /** Directory of persistent state stores. @default `<os tmpdir>/kstreams` */
  stateDir?: string;
  /** @default 'at_least_once' */
  processingGuarantee?: 'at_least_once' | 'exactly_once_v2';
  /** How often offsets are committed and stores flushed. @default 30_000 (100 under exactly_once_v2) */
  commitIntervalMs?: number;
  /** Byte budget of the record caches of all tasks of an instance; 0 turns caching off. @default 10_485_760 */
  cacheMaxBytesBuffering?: number;
  /** Store kind the DSL creates when Materialized names none (Kafka's default.dsl.store). @default 'persistent' */
  defaultDslStore?: 'persistent' | 'in_memory';
  /** Key serde where a Consumed/Produced/Materialized/Grouped gives none. @default undefined (such a use fails with a message naming the operator) */
  defaultKeySerde?: Serde<unknown>;
  /** Value serde where none is given. @default undefined */
  defaultValueSerde?: Serde<unknown>;
  /** @default the record's own timestamp; a negative one fails the task */
  defaultTimestampExtractor?: TimestampExtractor;
  /** Replication factor of internal topics on Kafka. @default -1 (the broker's default) */
  replicationFactor?: number;
  /** Standby replicas per stateful task. @default 0 */
  numStandbyReplicas?: number;
  /** Makes every internal topic and store require an explicit name; unnamed ones fail at build time. @default false */
  ensureExplicitInternalResourceNaming?: boolean;
  /**
   * `host:port` where this instance serves interactive queries (Kafka's application.server); shared with the group
   * so that `queryMetadataForKey` and `metadataForAllStreamsClients` can name the instance holding a key.
   * @default undefined (this instance is not listed in the metadata)
   */
  applicationServer?: string;
}

/** The config with every default applied; frozen. */
export interface ResolvedStreamsConfig {
  readonly applicationId: string;
  readonly bootstrapServers: string | readonly string[];
  readonly stateDir: string;
  readonly processingGuarantee: 'at_least_once' | 'exactly_once_v2';
  readonly commitIntervalMs: number;
  readonly cacheMaxBytesBuffering: number;
  readonly defaultDslStore: 'persistent' | 'in_memory';
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  readonly defaultTimestampExtractor: TimestampExtractor | undefined;
  readonly replicationFactor: number;
  readonly numStandbyReplicas: number;
  readonly ensureExplicitInternalResourceNaming: boolean;
  readonly applicationServer: string | undefined;
}

/** The defaults, declared once. */
export const DEFAULTS = Object.freeze({
  bootstrapServers: 'memory://',
  stateDir: join(tmpdir(), 'kstreams'),
  processingGuarantee: 'at_least_once',
  commitIntervalMs: 30_000,
  exactlyOnceCommitIntervalMs: 100,
  cacheMaxBytesBuffering: 10_485_760,
  defaultDslStore: 'persistent',
  replicationFactor: -1,
  numStandbyReplicas: 0,
  ensureExplicitInternalResourceNaming: false,
} as const);

const KNOWN_FIELDS = new Set<string>([
  'applicationId', 'bootstrapServers', 'stateDir', 'processingGuarantee', 'commitIntervalMs', 'cacheMaxBytesBuffering',
  'defaultDslStore', 'defaultKeySerde', 'defaultValueSerde', 'defaultTimestampExtractor', 'replicationFactor',
  'numStandbyReplicas', 'ensureExplicitInternalResourceNaming', 'applicationServer',
]);

/**
 * Applies defaults and validates every field, reporting all problems in one ConfigError.
 * @param requireApplicationId KafkaStreams requires one; the test driver supplies its own.
 */
export function resolveConfig(config: StreamsConfig = {}, fallbackApplicationId?: string): ResolvedStreamsConfig {
  const problems: string[] = [];
  for (const key of Object.keys(config)) {
    if (!KNOWN_FIELDS.has(key)) problems.push(`${key}: unknown config field (known: ${[...KNOWN_FIELDS].join(', ')})`);
  }
  const applicationId = config.applicationId ?? fallbackApplicationId;
  if (applicationId === undefined) problems.push('applicationId: required, e.g. "taxi-rides" (it names the consumer group and internal topics)');
  else if (!/^[a-zA-Z0-9._-]+$/.test(applicationId)) problems.push(`applicationId: "${applicationId}" may only contain letters, digits, '.', '_' and '-'`);
  const guarantee = config.processingGuarantee ?? DEFAULTS.processingGuarantee;
  if (guarantee !== 'at_least_once' && guarantee !== 'exactly_once_v2') {
    problems.push(`processingGuarantee: expected 'at_least_once' or 'exactly_once_v2', received ${JSON.stringify(guarantee)}`);
  }
  const store = config.defaultDslStore ?? DEFAULTS.defaultDslStore;
  if (store !== 'persistent' && store !== 'in_memory') problems.push(`defaultDslStore: expected 'persistent' or 'in_memory', received ${JSON.stringify(store)}`);
  const commitIntervalMs = config.commitIntervalMs ?? (guarantee === 'exactly_once_v2' ? DEFAULTS.exactlyOnceCommitIntervalMs : DEFAULTS.commitIntervalMs);
  nonNegativeInteger('commitIntervalMs', commitIntervalMs, problems);
  const cacheMaxBytesBuffering = config.cacheMaxBytesBuffering ?? DEFAULTS.cacheMaxBytesBuffering;
  nonNegativeInteger('cacheMaxBytesBuffering', cacheMaxBytesBuffering, problems);
  const numStandbyReplicas = config.numStandbyReplicas ?? DEFAULTS.numStandbyReplicas;
  nonNegativeInteger('numStandbyReplicas', numStandbyReplicas, problems);
  const replicationFactor = config.replicationFactor ?? DEFAULTS.replicationFactor;
  if (!Number.isInteger(replicationFactor) || (replicationFactor < 1 && replicationFactor !== -1)) {
    problems.push(`replicationFactor: expected -1 (broker default) or a positive integer, received ${String(replicationFactor)}`);
  }
  for (const field of ['defaultKeySerde', 'defaultValueSerde'] as const) {
    const serde = config[field];
    if (serde !== undefined && (typeof serde.serialize !== 'function' || typeof serde.deserialize !== 'function')) {
      problems.push(`${field}: expected a Serde (an object with serialize and deserialize), e.g. Serdes.String()`);
    }
  }
  if (config.defaultTimestampExtractor !== undefined && typeof config.defaultTimestampExtractor !== 'function') {
    problems.push('defaultTimestampExtractor: expected a function (record, partitionTimeMs) => timestampMs');
  }
  const servers = config.bootstrapServers ?? DEFAULTS.bootstrapServers;
  if (typeof servers !== 'string' && !(Array.isArray(servers) && servers.every((s) => typeof s === 'string'))) {
    problems.push('bootstrapServers: expected a string such as "memory://" or "kafka://localhost:9092", or a list of "host:port"');
  }
  const server = config.applicationServer;
  if (server !== undefined && (typeof server !== 'string' || !/^[^:\s]+:\d+$/.test(server) || Number(server.slice(server.lastIndexOf(':') + 1)) > 65_535)) {
    problems.push(`applicationServer: expected "host:port" (port 0-65535), e.g. "localhost:8080", received ${JSON.stringify(server)}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    applicationId: applicationId as string,
    bootstrapServers: servers,
    stateDir: config.stateDir ?? DEFAULTS.stateDir,
    processingGuarantee: guarantee,
    commitIntervalMs,
    cacheMaxBytesBuffering,
    defaultDslStore: store,
    defaultKeySerde: config.defaultKeySerde,
    defaultValueSerde: config.defaultValueSerde,
    defaultTimestampExtractor: config.defaultTimestampExtractor,
    replicationFactor,
    numStandbyReplicas,
    ensureExplicitInternalResourceNaming: config.ensureExplicitInternalResourceNaming ?? DEFAULTS.ensureExplicitInternalResourceNaming,
    applicationServer: server,
  });
}

function nonNegativeInteger(field: string, value: unknown, problems: string[]): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    problems.push(`${field}: expected a non-negative integer, received ${JSON.stringify(value)}`);
  }
}
