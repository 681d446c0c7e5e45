/**
 * Serves an EmbeddedSchemaRegistry over Confluent's REST endpoints (reference/avro-schema-registry.md §3) with
 * node:http, so that the other tools of a developer's stack (Confluent's and KafkaJS's clients, kcat, UIs) can use
 * it: `streams-run registry --port 8081`. Errors come as `{error_code, message}` with the HTTP status of the code's
 * first three digits; an incompatible schema gets 409.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IncompatibleSchemaError, SchemaRegistryError } from '../../errors.js';
import type { EmbeddedSchemaRegistry } from './embedded-registry.js';
import { isCompatibilityLevel, type CompatibilityLevel } from './registry.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A running registry server. */
export interface RegistryServer {
  /** `http://host:port`, for clients. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface RegistryServerOptions {
  /** 0 picks a free port. @default 8081 */
  readonly port?: number;
  /** @default '127.0.0.1' (loopback only) */
  readonly host?: string;
}

/** Starts serving `registry`; resolves once it listens. */
export async function serveSchemaRegistry(registry: EmbeddedSchemaRegistry, options: RegistryServerOptions = {}): Promise<RegistryServer> {
  const server: Server = createServer(registryRequestListener(registry));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8081, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

/**
 * The request handler of the REST endpoints, to mount in another node:http server (the worker's web endpoint
 * serves the embedded registry beside /health this way).
 */
export function registryRequestListener(registry: EmbeddedSchemaRegistry): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(registry, req, res).catch((error: unknown) => reply(res, ...errorReply(error)));
  };
}

/** True for a path under one of the registry's REST roots (/subjects, /schemas, /config, /compatibility). */
export function isRegistryPath(pathname: string): boolean {
  return /^\/(subjects|schemas|config|compatibility)(\/|$)/.test(pathname);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

function errorReply(error: unknown): [number, unknown] {
  if (error instanceof HttpError) return [error.status, { error_code: error.errorCode, message: error.message }];
  // By name as well: a registry of another copy of kstreams' modules (an app loaded by streams-run) throws its own classes.
  if (error instanceof IncompatibleSchemaError || (error as Error | undefined)?.name === 'IncompatibleSchemaError') {
    return [409, { error_code: 409, message: (error as Error).message }];
  }
  if ((error instanceof SchemaRegistryError || (error as Error | undefined)?.name === 'SchemaRegistryError') && typeof (error as SchemaRegistryError).errorCode === 'number') {
    const code = (error as SchemaRegistryError).errorCode as number;
    return [Math.floor(code / 100), { error_code: code, message: (error as Error).message }];
  }
  return [500, { error_code: 50001, message: error instanceof Error ? error.message : String(error) }];
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 41301, 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(422, 42201, 'The request body is not a JSON object.');
}

/** The Avro schema text of a register / lookup / compatibility body; 42201 for anything else. */
function schemaOf(body: Record<string, unknown>): string {
  const schemaType = body['schemaType'];
  if (schemaType !== undefined && schemaType !== null && schemaType !== 'AVRO') {
    throw new HttpError(422, 42201, `Schema type ${String(schemaType)} is not supported by the embedded registry; only AVRO is.`);
  }
  const references = body['references'];
  if (Array.isArray(references) && references.length > 0) throw new HttpError(422, 42201, 'Schema references are not supported by the embedded registry.');
  const schema = body['schema'];
  if (typeof schema !== 'string') throw new HttpError(422, 42201, 'The request body needs a "schema" string.');
  return schema;
}

function versionOf(text: string): number | 'latest' {
  if (text === 'latest' || text === '-1') return 'latest';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1) {
    throw new HttpError(422, 42202, `The specified version '${text}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest".`);
  }
  return n;
}

function idOf(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id)) throw new HttpError(404, 40403, `Schema ${text} not found`);
  return id;
}

function levelOf(body: Record<string, unknown>): CompatibilityLevel {
  const level = typeof body['compatibility'] === 'string' ? body['compatibility'].toUpperCase() : undefined;
  if (!isCompatibilityLevel(level)) throw new HttpError(422, 42203, `Invalid compatibility level ${String(body['compatibility'])}.`);
  return level;
}

async function handle(registry: EmbeddedSchemaRegistry, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://registry');
  const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const method = req.method ?? 'GET';
  const ok = (body: unknown): void => reply(res, 200, body);
  const match = (m: string, pattern: RegExp): string[] | undefined => {
    if (method !== m) return undefined;
    const found = pattern.exec(url.pathname);
    return found === null ? undefined : found.slice(1).map(decodeURIComponent);
  };
  let p: string[] | undefined;

  if (method === 'GET' && parts.length === 0) return ok({});
  if (method === 'GET' && url.pathname === '/schemas/types') return ok(['AVRO']);
  if (parts[0] === 'associations') throw new HttpError(404, 404, 'Associations are not supported.');
  if (parts[0] === 'config') {
    if (parts.length === 1) {
      if (method === 'GET') return ok({ compatibilityLevel: registry.compatibilityOf() });
      if (method === 'PUT') {
        const level = levelOf(await readBody(req));
        await registry.setCompatibility(level);
        return ok({ compatibility: level });
      }
    } else if (parts.length === 2) {
      const subject = parts[1] as string;
      if (method === 'GET') {
        const own = registry.subjectLevel(subject);
        if (own !== undefined) return ok({ compatibilityLevel: own });
        if (url.searchParams.get('defaultToGlobal') === 'true') return ok({ compatibilityLevel: registry.compatibilityOf() });
        throw new HttpError(404, 40408, `Subject '${subject}' does not have subject-level compatibility configured`);
      }
      if (method === 'PUT') {
        const level = levelOf(await readBody(req));
        await registry.setCompatibility(level, subject);
        return ok({ compatibility: level });
      }
    }
  }
  if ((p = match('GET', /^\/subjects\/?$/))) return ok(registry.subjects());
  if ((p = match('GET', /^\/schemas\/ids\/([^/]+)$/))) return ok({ schema: registry.getByIdSync(idOf(p[0] as string)) });
  if ((p = match('GET', /^\/schemas\/ids\/([^/]+)\/versions$/))) return ok(registry.usesOf(idOf(p[0] as string)));
  if ((p = match('GET', /^\/subjects\/([^/]+)\/versions$/))) return ok(registry.versions(p[0] as string));
  if ((p = match('POST', /^\/subjects\/([^/]+)\/versions$/))) return ok({ id: registry.registerSync(p[0] as string, schemaOf(await readBody(req))) });
  if ((p = match('POST', /^\/subjects\/([^/]+)$/))) return ok(registry.lookup(p[0] as string, schemaOf(await readBody(req))));
  if ((p = match('DELETE', /^\/subjects\/([^/]+)$/))) return ok(registry.deleteSubject(p[0] as string));
  if ((p = match('GET', /^\/subjects\/([^/]+)\/versions\/([^/]+)$/))) return ok(registry.getVersion(p[0] as string, versionOf(p[1] as string)));
  if ((p = match('GET', /^\/subjects\/([^/]+)\/versions\/([^/]+)\/schema$/))) {
    return ok(JSON.parse(registry.getVersion(p[0] as string, versionOf(p[1] as string)).schema) as unknown);
  }
  if ((p = match('DELETE', /^\/subjects\/([^/]+)\/versions\/([^/]+)$/))) return ok(registry.deleteVersion(p[0] as string, versionOf(p[1] as string)));
  if (method === 'POST' && parts[0] === 'compatibility' && parts[1] === 'subjects' && parts[3] === 'versions' && parts.length <= 5) {
    const subject = parts[2] as string;
    const schema = schemaOf(await readBody(req));
    const version = parts.length === 5 ? versionOf(parts[4] as string) : undefined;
    let result;
    try {
      result = registry.testCompatibilitySync(subject, schema, version);
    } catch (error) {
      // A subject without versions accepts anything (Confluent answers is_compatible: true when asking without a version).
      if (version === undefined && error instanceof SchemaRegistryError && error.errorCode === 40401) return ok({ is_compatible: true });
      throw error;
    }
    const verbose = url.searchParams.get('verbose') === 'true';
    return ok(verbose ? { is_compatible: result.compatible, messages: result.messages } : { is_compatible: result.compatible });
  }
  throw new HttpError(404, 404, `No endpoint ${method} ${url.pathname}.`);
}
