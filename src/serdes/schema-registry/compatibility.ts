/**
 * Avro schema compatibility as Confluent's registry decides it (reference/avro-schema-registry.md §3–4): Avro's
 * resolution rules, reader against writer, walked over the whole pair so that every incompatibility is reported
 * with the path of the field at fault (avsc's createResolver stops at the first one and names no path).
 * Names compare unqualified, as recent Avro Java does; a reader alias matches a writer's full or short name.
 */
import type { types } from 'avsc';
import type { AvroType } from './avro-schema.js';
import type { CompatibilityLevel } from './registry.js';

/** Readers that accept a writer type other than their own (Avro's promotions). */
const PROMOTIONS: Readonly<Record<string, readonly string[]>> = {
  long: ['int'],
  float: ['int', 'long'],
  double: ['int', 'long', 'float'],
  string: ['bytes'],
  bytes: ['string'],
};

const shortName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

function kindOf(type: AvroType): string {
  const name = type.typeName;
  if (name.startsWith('union')) return 'union';
  if (name === 'error') return 'record';
  if (name.startsWith('logical:')) return kindOf(underlying(type));
  return name;
}

/** avsc keeps a logical type's underlying type in `underlyingType`; logical types do not change compatibility. */
function underlying(type: AvroType): AvroType {
  return (type as unknown as { underlyingType?: AvroType }).underlyingType ?? type;
}

function describe(type: AvroType): string {
  const t = underlying(type);
  const kind = kindOf(t);
  if (kind === 'union') return `[${(t as types.UnwrappedUnionType).types.map(describe).join(', ')}]`;
  if (kind === 'array') return `array<${describe((t as types.ArrayType).itemsType)}>`;
  if (kind === 'map') return `map<${describe((t as types.MapType).valuesType as AvroType)}>`;
  return t.name ?? kind;
}

function namesMatch(reader: AvroType, writer: AvroType): boolean {
  const r = reader.name;
  const w = writer.name;
  if (r === undefined || w === undefined) return r === w;
  if (shortName(r) === shortName(w)) return true;
  return (reader.aliases ?? []).some((alias) => alias === w || shortName(alias) === shortName(w));
}

/**
 * The reasons why data written with `writer` cannot be read with `reader`; empty if it can.
 * Each reason starts with Confluent's error type and the path of the field at fault (`/fields/tip_amount`).
 */
export function readerWriterIncompatibilities(reader: AvroType, writer: AvroType): string[] {
  const out: string[] = [];
  check(reader, writer, '', out, new Set());
  return out;
}

function check(readerType: AvroType, writerType: AvroType, path: string, out: string[], inProgress: Set<string>): void {
  const reader = underlying(readerType);
  const writer = underlying(writerType);
  const at = path === '' ? '/' : path;
  const rKind = kindOf(reader);
  const wKind = kindOf(writer);
  if (wKind === 'union') {
    // Every branch the writer may have written must be readable.
    for (const branch of (writer as types.UnwrappedUnionType).types) check(reader, branch, path, out, inProgress);
    return;
  }
  if (rKind === 'union') {
    const branches = (reader as types.UnwrappedUnionType).types;
    const readable = (branch: AvroType): boolean => {
      const sub: string[] = [];
      check(branch, writer, path, sub, inProgress);
      return sub.length === 0;
    };
    if (!branches.some(readable)) {
      out.push(`MISSING_UNION_BRANCH at ${at}: the reader's union ${describe(reader)} has no branch that reads the writer's ${describe(writer)}`);
    }
    return;
  }
  if (rKind !== wKind) {
    if (!(PROMOTIONS[rKind] ?? []).includes(wKind)) out.push(`TYPE_MISMATCH at ${at}: the reader's ${describe(reader)} cannot read the writer's ${describe(writer)}`);
    return;
  }
  switch (rKind) {
    case 'record':
      return checkRecord(reader as types.RecordType, writer as types.RecordType, path, out, inProgress);
    case 'enum': {
      if (!namesMatch(reader, writer)) return void out.push(nameMismatch(reader, writer, at));
      const r = reader as types.EnumType;
      const missing = (writer as types.EnumType).symbols.filter((s) => !r.symbols.includes(s));
      const fallback = (r as unknown as { default?: string }).default;
      if (missing.length > 0 && fallback === undefined) {
        out.push(`MISSING_ENUM_SYMBOLS at ${at}: the reader's enum ${describe(reader)} lacks the writer's symbol(s) ${missing.join(', ')} and has no default`);
      }
      return;
    }
    case 'fixed': {
      if (!namesMatch(reader, writer)) return void out.push(nameMismatch(reader, writer, at));
      const rs = (reader as types.FixedType).size;
      const ws = (writer as types.FixedType).size;
      if (rs !== ws) out.push(`FIXED_SIZE_MISMATCH at ${at}: the reader's fixed ${describe(reader)} has ${rs} bytes, the writer's ${ws}`);
      return;
    }
    case 'array':
      return check((reader as types.ArrayType).itemsType, (writer as types.ArrayType).itemsType, `${path}/items`, out, inProgress);
    case 'map':
      return check((reader as types.MapType).valuesType as AvroType, (writer as types.MapType).valuesType as AvroType, `${path}/values`, out, inProgress);
    default:
      return; // the same primitive
  }
}

function nameMismatch(reader: AvroType, writer: AvroType, at: string): string {
  return `NAME_MISMATCH at ${at}: the reader's ${describe(reader)} does not match the writer's ${describe(writer)} (add the old name to the reader's aliases)`;
}

function checkRecord(reader: types.RecordType, writer: types.RecordType, path: string, out: string[], inProgress: Set<string>): void {
  const at = path === '' ? '/' : path;
  if (!namesMatch(reader, writer)) return void out.push(nameMismatch(reader, writer, at));
  const pair = `${reader.name ?? ''}<-${writer.name ?? ''}`;
  if (inProgress.has(pair)) return; // a recursive type: assume compatible while the outer check runs
  inProgress.add(pair);
  for (const field of reader.fields) {
    const matched = writer.fields.find((w) => w.name === field.name) ?? writer.fields.find((w) => field.aliases.includes(w.name));
    const fieldPath = `${path}/fields/${field.name}`;
    if (matched === undefined) {
      if (field.defaultValue() === undefined) {
        out.push(
          `READER_FIELD_MISSING_DEFAULT_VALUE at ${fieldPath}: the reader's field "${field.name}" (${describe(field.type)}) has no default ` +
            `and the writer's ${describe(writer)} has no such field${field.aliases.length > 0 ? ` (nor ${field.aliases.join(', ')})` : ''}`,
        );
      }
      continue;
    }
    check(field.type, matched.type, fieldPath, out, inProgress);
  }
  inProgress.delete(pair);
}

/** A registered version as the checker sees it. */
export interface VersionedType {
  readonly version: number;
  readonly type: AvroType;
}

/** The outcome of checking a candidate against a subject's versions. */
export interface LevelCheck {
  readonly compatible: boolean;
  readonly messages: readonly string[];
  /** The version the candidate clashes with. */
  readonly version?: number;
}

/**
 * Checks `candidate` against `versions` (oldest first) under `level`: BACKWARD reads the latest version's data
 * with the candidate, FORWARD reads the candidate's data with the latest version, FULL both; the transitive
 * levels do the same against every version, newest first; NONE accepts anything.
 */
export function checkLevel(level: CompatibilityLevel, candidate: AvroType, versions: readonly VersionedType[]): LevelCheck {
  if (level === 'NONE' || versions.length === 0) return { compatible: true, messages: [] };
  const against = level.endsWith('_TRANSITIVE') ? [...versions].reverse() : versions.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  for (const old of against) {
    const messages: string[] = [];
    if (backward) {
      for (const m of readerWriterIncompatibilities(candidate, old.type)) messages.push(`${m} (the new schema reading version ${old.version}'s data)`);
    }
    if (forward) {
      for (const m of readerWriterIncompatibilities(old.type, candidate)) messages.push(`${m} (version ${old.version} reading the new schema's data)`);
    }
    if (messages.length > 0) return { compatible: false, messages, version: old.version };
  }
  return { compatible: true, messages: [] };
}

/** The path of the field at fault in a checker message (`/fields/tip_amount`), if it names one. */
export function fieldOf(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  // Ours: "… at /fields/tip:"; Confluent's verbose messages: "… at path '/fields/3' …".
  return /\bat (\/\S*):/.exec(message)?.[1] ?? /\bpath '(\/[^']*)'/.exec(message)?.[1];
}
