/**
 * An in-process schema registry with Confluent's semantics (reference/avro-schema-registry.md §3): global ids
 * that increase, versions per subject from 1, the same schema registered twice gets the same id (and no new
 * version), compatibility levels global and per subject checked before anything is registered. The default
 * registry with memory://; registry-server.ts serves it over Confluent's REST endpoints.
 */
import { IncompatibleSchemaError, SchemaRegistryError } from '../../errors.js';
import { parseAvroSchema, schemaKey, schemaText, type AvroType } from './avro-schema.js';
import { checkLevel, fieldOf } from './compatibility.js';
import {
  isCompatibilityLevel,
  type AvroSchema,
  type CompatibilityLevel,
  type CompatibilityResult,
  type SchemaRegistry,
  type SubjectVersion,
  type SyncSchemaLookups,
} from './registry.js';

interface StoredSchema {
  readonly id: number;
  readonly text: string;
  readonly type: AvroType;
}

interface Subject {
  readonly versions: { readonly version: number; readonly id: number }[];
  level: CompatibilityLevel | undefined;
  nextVersion: number;
}

// Per process, not per module copy: `streams-run` loads the app through tsx, which gives the app its own copy of
// kstreams' modules, and the worker must serve the registry the app writes to.
const SHARED = Symbol.for('kstreams.EmbeddedSchemaRegistry.shared');
const shared = ((globalThis as { [SHARED]?: Map<string, EmbeddedSchemaRegistry> })[SHARED] ??= new Map<string, EmbeddedSchemaRegistry>());

export interface EmbeddedSchemaRegistryOptions {
  /** The global compatibility level. @default 'BACKWARD' */
  readonly compatibility?: CompatibilityLevel;
}

/**
 * In-process schema registry. Every method of the async port has a synchronous twin, which schema-registry
 * serdes use so that they never return a Promise with this registry.
 * @example
 * const registry = new EmbeddedSchemaRegistry();
 * const id = await registry.register('rides-value', rideSchema);
 * const serde = schemaRegistrySerde<TaxiRide>(registry, { schema: rideSchema });
 */
export class EmbeddedSchemaRegistry implements SchemaRegistry, SyncSchemaLookups {
  readonly #schemas = new Map<number, StoredSchema>();
  readonly #ids = new Map<string, number>();
  readonly #subjects = new Map<string, Subject>();
  #level: CompatibilityLevel;
  #nextId = 1;

  constructor(options: EmbeddedSchemaRegistryOptions = {}) {
    this.#level = requireLevel(options.compatibility ?? 'BACKWARD');
  }

  /**
   * The registry of a `memory://` URL, created on first use, as EmbeddedBroker.for gives its broker: the default
   * registry of apps and producers on that broker (and the one `streams-run … worker --web-port` serves).
   * @example const registry = EmbeddedSchemaRegistry.for('memory://');
   */
  static for(url = 'memory://'): EmbeddedSchemaRegistry {
    const normalized = url.replace(/\/+$/, '') === 'memory:' ? 'memory://' : url;
    if (!normalized.startsWith('memory://')) throw new TypeError(`EmbeddedSchemaRegistry.for expects a memory:// URL; received ${url}`);
    let registry = shared.get(normalized);
    if (registry === undefined) {
      registry = new EmbeddedSchemaRegistry();
      shared.set(normalized, registry);
    }
    return registry;
  }

  /** Forgets the registry of a `memory://` URL and its schemas (for tests). */
  static reset(url: string): void {
    shared.delete(url);
  }

  async register(subject: string, schema: AvroSchema): Promise<number> {
    return this.registerSync(subject, schema);
  }

  async getById(id: number): Promise<string> {
    return this.getByIdSync(id);
  }

  async getLatest(subject: string): Promise<SubjectVersion> {
    return this.getLatestSync(subject);
  }

  async testCompatibility(subject: string, schema: AvroSchema): Promise<CompatibilityResult> {
    return this.testCompatibilitySync(subject, schema);
  }

  async setCompatibility(level: CompatibilityLevel, subject?: string): Promise<void> {
    this.setCompatibilitySync(level, subject);
  }

  /** Registers `schema` under `subject`, or returns its id if the subject has it already; IncompatibleSchemaError if the level refuses it. */
  registerSync(subject: string, schema: AvroSchema): number {
    requireSubject(subject);
    const type = parseAvroSchema(schema);
    const key = schemaKey(schema);
    const existing = this.#ids.get(key);
    const entry = this.#subjects.get(subject);
    const found = existing === undefined ? undefined : entry?.versions.find((v) => v.id === existing);
    if (found !== undefined) return found.id;
    const level = this.compatibilityOf(subject);
    const result = checkLevel(level, type, this.#versionTypes(subject));
    if (!result.compatible) throw new IncompatibleSchemaError(subject, level, result.version, result.messages, fieldOf(result.messages[0]));
    let id = existing;
    if (id === undefined) {
      id = this.#nextId++;
      this.#ids.set(key, id);
      this.#schemas.set(id, { id, text: schemaText(schema), type });
    }
    const target = entry ?? { versions: [], level: undefined, nextVersion: 1 };
    target.versions.push({ version: target.nextVersion++, id });
    this.#subjects.set(subject, target);
    return id;
  }

  /** The schema text with global id `id`; SchemaRegistryError 40403 if none. */
  getByIdSync(id: number): string {
    return this.#schema(id).text;
  }

  /** The latest version of `subject`; SchemaRegistryError 40401 if it has none. */
  getLatestSync(subject: string): SubjectVersion {
    return this.getVersion(subject, 'latest');
  }

  /** One version of `subject` (a number or 'latest'); 40401 / 40402 if missing. */
  getVersion(subject: string, version: number | 'latest'): SubjectVersion {
    const entry = this.#subject(subject);
    const found = version === 'latest' ? entry.versions.at(-1) : entry.versions.find((v) => v.version === version);
    if (found === undefined) throw new SchemaRegistryError(`Subject ${subject} has no version ${version}.`, 404, 40402);
    return { subject, id: found.id, version: found.version, schema: this.#schema(found.id).text };
  }

  /** The version numbers of `subject`, oldest first; 40401 if the subject is unknown. */
  versions(subject: string): number[] {
    return this.#subject(subject).versions.map((v) => v.version);
  }

  /** Every subject that has at least one version, sorted. */
  subjects(): string[] {
    return [...this.#subjects].filter(([, e]) => e.versions.length > 0).map(([s]) => s).sort();
  }

  /** The subject and version under which `schema` is registered in `subject`; 40401 / 40403 if not there. */
  lookup(subject: string, schema: AvroSchema): SubjectVersion {
    const entry = this.#subject(subject);
    parseAvroSchema(schema);
    const id = this.#ids.get(schemaKey(schema));
    const found = id === undefined ? undefined : entry.versions.find((v) => v.id === id);
    if (found === undefined) throw new SchemaRegistryError(`Schema not found under subject ${subject}.`, 404, 40403);
    return { subject, id: found.id, version: found.version, schema: this.#schema(found.id).text };
  }

  /** The subjects and versions that hold schema `id`. */
  usesOf(id: number): { subject: string; version: number }[] {
    this.#schema(id);
    return [...this.#subjects].flatMap(([subject, e]) => e.versions.filter((v) => v.id === id).map((v) => ({ subject, version: v.version })));
  }

  /** Tests `schema` against `subject` under its level (against one version only when `version` is given, as the REST endpoint does). */
  testCompatibilitySync(subject: string, schema: AvroSchema, version?: number | 'latest'): CompatibilityResult {
    const type = parseAvroSchema(schema);
    const level = this.compatibilityOf(subject);
    let versions = this.#versionTypes(subject);
    if (version !== undefined) {
      const one = this.getVersion(subject, version);
      versions = versions.filter((v) => v.version === one.version);
    }
    const result = checkLevel(level, type, versions);
    return { compatible: result.compatible, messages: result.messages, level, ...(result.version === undefined ? {} : { version: result.version }) };
  }

  /** Sets the level of `subject`, or the global one. */
  setCompatibilitySync(level: CompatibilityLevel, subject?: string): void {
    requireLevel(level);
    if (subject === undefined) {
      this.#level = level;
      return;
    }
    const entry = this.#subjects.get(subject) ?? { versions: [], level: undefined, nextVersion: 1 };
    entry.level = level;
    this.#subjects.set(subject, entry);
  }

  /** The level applied to `subject`: its own, else the global one. */
  compatibilityOf(subject?: string): CompatibilityLevel {
    return (subject === undefined ? undefined : this.#subjects.get(subject)?.level) ?? this.#level;
  }

  /** The subject's own level, undefined when it follows the global one. */
  subjectLevel(subject: string): CompatibilityLevel | undefined {
    return this.#subjects.get(subject)?.level;
  }

  /** Deletes a subject's versions (ids stay readable, as after a soft delete) and returns their numbers. */
  deleteSubject(subject: string): number[] {
    const versions = this.versions(subject);
    this.#subjects.delete(subject);
    return versions;
  }

  /** Deletes one version of a subject and returns its number. */
  deleteVersion(subject: string, version: number | 'latest'): number {
    const found = this.getVersion(subject, version);
    const entry = this.#subject(subject);
    entry.versions.splice(entry.versions.findIndex((v) => v.version === found.version), 1);
    return found.version;
  }

  #versionTypes(subject: string): { version: number; type: AvroType }[] {
    return (this.#subjects.get(subject)?.versions ?? []).map((v) => ({ version: v.version, type: this.#schema(v.id).type }));
  }

  #subject(subject: string): Subject {
    const entry = this.#subjects.get(subject);
    if (entry === undefined || entry.versions.length === 0) throw new SchemaRegistryError(`Subject ${subject} not found.`, 404, 40401);
    return entry;
  }

  #schema(id: number): StoredSchema {
    const stored = this.#schemas.get(id);
    if (stored === undefined) throw new SchemaRegistryError(`Schema ${id} not found.`, 404, 40403);
    return stored;
  }
}

function requireSubject(subject: unknown): asserts subject is string {
  if (typeof subject !== 'string' || subject === '') throw new TypeError(`A subject must be a non-empty string, received ${String(subject)}.`);
}

function requireLevel(level: unknown): CompatibilityLevel {
  if (!isCompatibilityLevel(level)) {
    throw new SchemaRegistryError(
      `Invalid compatibility level ${String(level)}; expected one of BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE, NONE.`,
      422,
      42203,
    );
  }
  return level;
}
