/**
 * Parsing Avro schemas with avsc (reference/avro-schema-registry.md §4): a schema may come as JSON text, a parsed
 * object or a primitive name; each parse gets its own avsc name registry so schemas never leak names into one another.
 */
import avsc from 'avsc';
import type { Schema, Type } from 'avsc';
import { SchemaRegistryError } from '../../errors.js';
import type { AvroSchema } from './registry.js';

/** avsc's Type, the parsed form of a schema. */
export type AvroType = Type;

/** The JSON value of a schema: `'string'`, `{ type: 'record', … }` or a union array. */
export function schemaJson(schema: AvroSchema): unknown {
  if (typeof schema !== 'string') return schema;
  const text = schema.trim();
  if (text.startsWith('{') || text.startsWith('[') || text.startsWith('"')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw invalidSchema(`it is not valid JSON (${(error as Error).message})`, error);
    }
  }
  return text; // a primitive or named type written bare: string, long, …
}

/** The schema as JSON text, as the REST API carries it. */
export function schemaText(schema: AvroSchema): string {
  return typeof schema === 'string' && /^\s*[[{"]/.test(schema) ? schema : JSON.stringify(schemaJson(schema));
}

/** Parses a schema; SchemaRegistryError 42201 (invalid schema) with avsc's reason if it is not valid Avro. */
export function parseAvroSchema(schema: AvroSchema): AvroType {
  const json = schemaJson(schema);
  try {
    return avsc.Type.forSchema(json as Schema, { wrapUnions: 'auto' });
  } catch (error) {
    throw invalidSchema((error as Error).message, error);
  }
}

/**
 * The deduplication key of a schema: its JSON with object keys sorted, so whitespace and key order do not count
 * while docs, defaults, aliases and custom properties do, as with Confluent's registry.
 */
export function schemaKey(schema: AvroSchema): string {
  return JSON.stringify(sortKeys(schemaJson(schema)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** The full name of a named schema (record, enum, fixed), else undefined. */
export function fullNameOf(type: AvroType): string | undefined {
  return type.name;
}

function invalidSchema(reason: string, cause: unknown): SchemaRegistryError {
  return new SchemaRegistryError(`Invalid Avro schema: ${reason}.`, 422, 42201, { cause });
}
