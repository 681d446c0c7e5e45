/**
 * The SchemaRegistry port (reference/avro-schema-registry.md §3): what a schema-registry serde and the CLI need
 * from a registry, implemented in process by EmbeddedSchemaRegistry and over Confluent's REST API by
 * SchemaRegistryClient. Subject name strategies live here too, since both serdes and tools derive subjects.
 */

/** An Avro schema: its JSON text, a parsed JSON object (record, enum, …), a union array, or a primitive name ('string'). */
export type AvroSchema = string | { readonly [key: string]: unknown } | readonly unknown[];

/** Confluent's compatibility levels; BACKWARD is the default. */
export type CompatibilityLevel =
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE'
  | 'NONE';

export const COMPATIBILITY_LEVELS: readonly CompatibilityLevel[] = Object.freeze([
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
]);

/** True if `value` names a compatibility level (case-insensitive, as the REST API accepts). */
export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && (COMPATIBILITY_LEVELS as readonly string[]).includes(value);
}

/** One registered version of a subject. */
export interface SubjectVersion {
  readonly subject: string;
  readonly id: number;
  readonly version: number;
  /** The schema as registered (JSON text). */
  readonly schema: string;
}

/** The answer of a compatibility test: `messages` say why not, each starting with the path of the field at fault. */
export interface CompatibilityResult {
  readonly compatible: boolean;
  readonly messages: readonly string[];
  /** The level that was applied. */
  readonly level?: CompatibilityLevel;
  /** The registered version the schema clashes with, when incompatible. */
  readonly version?: number;
}

/**
 * A schema registry: global schema ids, versions per subject, compatibility levels (global and per subject).
 * Every method is async; `register` rejects with IncompatibleSchemaError when the subject's level refuses the schema.
 */
export interface SchemaRegistry {
  /** Registers `schema` under `subject` (or finds it there) and returns its global id; the same schema gets the same id. */
  register(subject: string, schema: AvroSchema): Promise<number>;
  /** The schema (JSON text) with this global id; rejects with SchemaRegistryError (40403) if there is none. */
  getById(id: number): Promise<string>;
  /** The latest version of `subject`; rejects with SchemaRegistryError (40401) if the subject has none. */
  getLatest(subject: string): Promise<SubjectVersion>;
  /** Tests `schema` against the subject's registered versions under its level, without registering it. */
  testCompatibility(subject: string, schema: AvroSchema): Promise<CompatibilityResult>;
  /** Sets the level of `subject`, or the global level when `subject` is omitted. */
  setCompatibility(level: CompatibilityLevel, subject?: string): Promise<void>;
}

/**
 * Synchronous lookups offered by an in-process registry: a serde uses them instead of the async port, so that
 * with an embedded registry it never returns a Promise (the test driver and the hot path stay synchronous).
 */
export interface SyncSchemaLookups {
  registerSync(subject: string, schema: AvroSchema): number;
  getByIdSync(id: number): string;
  getLatestSync(subject: string): SubjectVersion;
}

/** A registry that also answers synchronously (EmbeddedSchemaRegistry). */
export function hasSyncLookups(registry: SchemaRegistry): registry is SchemaRegistry & SyncSchemaLookups {
  const r = registry as Partial<SyncSchemaLookups>;
  return typeof r.registerSync === 'function' && typeof r.getByIdSync === 'function' && typeof r.getLatestSync === 'function';
}

/**
 * How a serde names the subject of a topic's keys or values (Confluent's subject name strategies):
 * - `'TopicName'` (default): `<topic>-key` / `<topic>-value`; every value type on a topic shares one lineage.
 * - `'RecordName'`: the record's full name `ns.Name`; one lineage per record type, across topics.
 * - `'TopicRecordName'`: `<topic>-<ns.Name>`; one lineage per topic and record type.
 * - a function of (topic, isKey, the record's full name) for anything else.
 */
export type SubjectNameStrategy =
  | 'TopicName'
  | 'RecordName'
  | 'TopicRecordName'
  | ((topic: string, isKey: boolean, recordName: string | undefined) => string);

/** The subject for `topic` under `strategy`; RangeError if a record-name strategy meets a schema without a name. */
export function subjectName(strategy: SubjectNameStrategy, topic: string, isKey: boolean, recordName: string | undefined): string {
  if (typeof strategy === 'function') return strategy(topic, isKey, recordName);
  if (strategy === 'TopicName') return `${topic}-${isKey ? 'key' : 'value'}`;
  if (recordName === undefined) {
    throw new RangeError(`Subject name strategy ${strategy} needs a named schema (record, enum or fixed); this schema has no name. Use 'TopicName' or pass subject.`);
  }
  if (strategy === 'RecordName') return recordName;
  if (strategy === 'TopicRecordName') return `${topic}-${recordName}`;
  throw new RangeError(`Unknown subject name strategy ${String(strategy)}; expected 'TopicName', 'RecordName', 'TopicRecordName' or a function.`);
}
