/**
 * A SchemaRegistry over Confluent's REST API (Confluent, Redpanda, Apicurio's compatible API, the embedded
 * registry's server): the only file that speaks HTTP to a registry. It uses Node's fetch rather than wrapping
 * @kafkajs/confluent-schema-registry, whose register() reads and rewrites the subject's compatibility level (and
 * refuses subjects whose level differs from its own setting), and which exposes neither compatibility tests,
 * level changes, timeouts nor the registry's error codes; its Avro handling would duplicate the serde's.
 */
import { IncompatibleSchemaError, SchemaRegistryError } from '../../errors.js';
import { schemaText } from './avro-schema.js';
import { fieldOf } from './compatibility.js';
import {
  isCompatibilityLevel,
  type AvroSchema,
  type CompatibilityLevel,
  type CompatibilityResult,
  type SchemaRegistry,
  type SubjectVersion,
} from './registry.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** Options of {@link SchemaRegistryClient}. */
export interface SchemaRegistryClientOptions {
  /** The registry's base URL, e.g. `http://localhost:8081`. */
  readonly url: string;
  /** HTTP basic authentication (Confluent Cloud: API key and secret). */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Time limit of one HTTP request. @default 10_000 */
  readonly timeoutMs?: number;
  /** Retries of a request that failed on the network, timed out, or got 408, 429 or 5xx. @default 3 */
  readonly retries?: number;
  /** Delay before the first retry, doubled for each next one. @default 100 */
  readonly retryBackoffMs?: number;
  /** The fetch implementation (tests). @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * A client of a real schema registry (Confluent REST API). Caches what never changes: schemas by id and ids by
 * (subject, schema); asks the registry for the rest. Errors are SchemaRegistryError with the HTTP status and the
 * registry's error code; a refused registration is an IncompatibleSchemaError naming subject, level, version and field.
 * @example
 * const registry = new SchemaRegistryClient({ url: 'http://localhost:8081', auth: { username: key, password: secret } });
 * const serde = schemaRegistrySerde<TaxiRide>(registry, { schema });
 */
export class SchemaRegistryClient implements SchemaRegistry {
  readonly url: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #backoffMs: number;
  readonly #fetch: typeof fetch;
  readonly #schemas = new Map<number, string>();
  readonly #ids = new Map<string, number>();

  constructor(options: SchemaRegistryClientOptions) {
    if (typeof options?.url !== 'string' || !/^https?:\/\//.test(options.url)) {
      throw new TypeError(`SchemaRegistryClient needs a url starting with http:// or https://, received ${String(options?.url)}.`);
    }
    this.url = options.url.replace(/\/+$/, '');
    this.#headers = { accept: `${CONTENT_TYPE}, application/json`, 'content-type': CONTENT_TYPE };
    if (options.auth !== undefined) {
      this.#headers['authorization'] = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
    }
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retries = options.retries ?? 3;
    this.#backoffMs = options.retryBackoffMs ?? 100;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  async register(subject: string, schema: AvroSchema): Promise<number> {
    const text = schemaText(schema);
    const key = `${subject}\u0000${text}`;
    const cached = this.#ids.get(key);
    if (cached !== undefined) return cached;
    try {
      const { id } = (await this.#request('POST', `/subjects/${enc(subject)}/versions`, { schema: text })) as { id: number };
      this.#ids.set(key, id);
      this.#schemas.set(id, text);
      return id;
    } catch (error) {
      if (error instanceof SchemaRegistryError && error.status === 409) throw await this.#incompatible(subject, text, error);
      throw error;
    }
  }

  async getById(id: number): Promise<string> {
    const cached = this.#schemas.get(id);
    if (cached !== undefined) return cached;
    const { schema, schemaType } = (await this.#request('GET', `/schemas/ids/${id}`)) as { schema: string; schemaType?: string };
    if (schemaType !== undefined && schemaType !== 'AVRO') {
      throw new SchemaRegistryError(`Schema ${id} is ${schemaType}; kstreams reads only Avro schemas.`, undefined, undefined);
    }
    this.#schemas.set(id, schema);
    return schema;
  }

  async getLatest(subject: string): Promise<SubjectVersion> {
    const body = (await this.#request('GET', `/subjects/${enc(subject)}/versions/latest`)) as SubjectVersion;
    this.#schemas.set(body.id, body.schema);
    return { subject: body.subject, id: body.id, version: body.version, schema: body.schema };
  }

  async testCompatibility(subject: string, schema: AvroSchema): Promise<CompatibilityResult> {
    const text = schemaText(schema);
    const level = await this.getCompatibility(subject);
    const versions = await this.#versions(subject);
    if (versions.length === 0 || level === 'NONE') return { compatible: true, messages: [], level };
    // Transitive levels are tested against each version (newest first) so the clashing one can be named.
    const against = level.endsWith('_TRANSITIVE') ? [...versions].reverse() : ['latest' as const];
    for (const version of against) {
      const result = (await this.#request('POST', `/compatibility/subjects/${enc(subject)}/versions/${version}?verbose=true`, { schema: text })) as {
        is_compatible: boolean;
        messages?: string[];
      };
      if (!result.is_compatible) {
        const clashing = version === 'latest' ? versions.at(-1) : version;
        return { compatible: false, messages: result.messages ?? [], level, ...(clashing === undefined ? {} : { version: clashing }) };
      }
    }
    return { compatible: true, messages: [], level };
  }

  async setCompatibility(level: CompatibilityLevel, subject?: string): Promise<void> {
    if (!isCompatibilityLevel(level)) throw new TypeError(`Unknown compatibility level ${String(level)}.`);
    await this.#request('PUT', subject === undefined ? '/config' : `/config/${enc(subject)}`, { compatibility: level });
  }

  /** The level applied to `subject` (its own, else the global one), or the global level. */
  async getCompatibility(subject?: string): Promise<CompatibilityLevel> {
    const path = subject === undefined ? '/config' : `/config/${enc(subject)}?defaultToGlobal=true`;
    let body: { compatibilityLevel?: string };
    try {
      body = (await this.#request('GET', path)) as { compatibilityLevel?: string };
    } catch (error) {
      // Older registries answer 404 (40408) for a subject without a level of its own, ignoring defaultToGlobal.
      if (subject !== undefined && error instanceof SchemaRegistryError && error.status === 404) return this.getCompatibility();
      throw error;
    }
    const level = body.compatibilityLevel?.toUpperCase();
    return isCompatibilityLevel(level) ? level : 'BACKWARD';
  }

  async #versions(subject: string): Promise<number[]> {
    try {
      return (await this.#request('GET', `/subjects/${enc(subject)}/versions`)) as number[];
    } catch (error) {
      if (error instanceof SchemaRegistryError && error.errorCode === 40401) return [];
      throw error;
    }
  }

  /** Turns a 409 into an IncompatibleSchemaError with the level, the clashing version and the reasons, asked of the registry. */
  async #incompatible(subject: string, text: string, conflict: SchemaRegistryError): Promise<IncompatibleSchemaError> {
    try {
      const result = await this.testCompatibility(subject, text);
      const messages = result.messages.length > 0 ? result.messages : [conflict.message];
      return new IncompatibleSchemaError(subject, result.level ?? 'BACKWARD', result.version, messages, fieldOf(messages[0]));
    } catch {
      return new IncompatibleSchemaError(subject, '?', undefined, [conflict.message], fieldOf(conflict.message));
    }
  }

  async #request(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.url}${path}`;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(url, {
          method,
          headers: this.#headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        if (attempt < this.#retries) {
          await this.#backoff(attempt);
          continue;
        }
        throw new SchemaRegistryError(
          `Schema registry ${method} ${url} ${timedOut ? `timed out after ${this.#timeoutMs} ms` : `failed: ${(error as Error).message}`} ` +
            `(${attempt + 1} attempt(s)). Check that the registry is reachable at ${this.url}.`,
          undefined,
          undefined,
          { retriable: true, cause: error },
        );
      }
      const text = await response.text();
      if (response.ok) return text === '' ? undefined : (JSON.parse(text) as unknown);
      const retriable = response.status === 408 || response.status === 429 || response.status >= 500;
      if (retriable && attempt < this.#retries) {
        await this.#backoff(attempt);
        continue;
      }
      let errorCode: number | undefined;
      let message = text;
      try {
        const parsed = JSON.parse(text) as { error_code?: number; message?: string };
        errorCode = parsed.error_code;
        message = parsed.message ?? text;
      } catch {
        // not JSON: keep the body as the message
      }
      throw new SchemaRegistryError(
        `Schema registry ${method} ${url} answered ${response.status}${errorCode === undefined ? '' : ` (error ${errorCode})`}: ${message}`,
        response.status,
        errorCode,
        { retriable },
      );
    }
  }

  async #backoff(attempt: number): Promise<void> {
    const ms = this.#backoffMs * 2 ** attempt;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

const enc = encodeURIComponent;
