// Compatibility matrix (issue 8): for each level, (registered versions, candidate) → accepted or refused, through
// EmbeddedSchemaRegistry.register. Each row is checked against Avro's resolution rules (the reference's §4
// experiments); where avsc's own resolver can judge the same pair, the test checks that it agrees.
import avsc from 'avsc';
import { describe, expect, it } from 'vitest';
import { EmbeddedSchemaRegistry, IncompatibleSchemaError, type CompatibilityLevel } from '../../../src/index.js';
import { readerWriterIncompatibilities } from '../../../src/serdes/schema-registry/compatibility.js';
import { parseAvroSchema } from '../../../src/serdes/schema-registry/avro-schema.js';

type Field = { name: string; type: unknown; default?: unknown; aliases?: string[] };
const rec = (...fields: Field[]) => ({ type: 'record', name: 'Ride', namespace: 'taxi', fields });
const id: Field = { name: 'id', type: 'int' };
const color = (symbols: string[], fallback?: string) => ({
  name: 'color',
  type: { type: 'enum', name: 'Color', symbols, ...(fallback === undefined ? {} : { default: fallback }) },
});

/** Schemas by name; `[a, b]` pairs below are (registered, candidate). */
const S = {
  base: rec(id),
  addedWithDefault: rec(id, { name: 'tip', type: 'double', default: 0 }),
  addedNoDefault: rec(id, { name: 'tip', type: 'double' }),
  idLong: { ...rec({ name: 'id', type: 'long' }) },
  idString: rec({ name: 'id', type: 'string' }),
  rgb: rec(id, color(['RED', 'GREEN', 'BLUE'])),
  rg: rec(id, color(['RED', 'GREEN'])),
  rgDefault: rec(id, color(['RED', 'GREEN'], 'RED')),
  rgbDefault: rec(id, color(['RED', 'GREEN', 'BLUE'], 'RED')),
  nameString: rec(id, { name: 'name', type: 'string', default: '' }),
  nameNullable: rec(id, { name: 'name', type: ['null', 'string'], default: null }),
  nameWide: rec(id, { name: 'name', type: ['null', 'string', 'int'], default: null }),
  renamed: rec({ name: 'ride_id', type: 'int' }),
  renamedAlias: rec({ name: 'ride_id', type: 'int', aliases: ['id'] }),
};
type Name = keyof typeof S;

/** [level, registered versions, candidate, accepted?, field at fault when refused] */
const MATRIX: [CompatibilityLevel, Name[], Name, boolean, string?][] = [
  // BACKWARD: the new schema reads the latest version's data.
  ['BACKWARD', ['base'], 'addedWithDefault', true],
  ['BACKWARD', ['base'], 'addedNoDefault', false, '/fields/tip'],
  ['BACKWARD', ['addedNoDefault'], 'base', true], // field removed
  ['BACKWARD', ['base'], 'idLong', true], // int → long promotion
  ['BACKWARD', ['idLong'], 'base', false, '/fields/id'], // long → int narrows
  ['BACKWARD', ['base'], 'idString', false, '/fields/id'],
  ['BACKWARD', ['rg'], 'rgb', true], // enum symbol added
  ['BACKWARD', ['rgb'], 'rg', false, '/fields/color'], // enum symbol removed, no default
  ['BACKWARD', ['rgb'], 'rgDefault', true], // removed, but the reader has a default symbol
  ['BACKWARD', ['nameString'], 'nameNullable', true], // union widened
  ['BACKWARD', ['nameNullable'], 'nameWide', true],
  ['BACKWARD', ['nameWide'], 'nameNullable', false, '/fields/name'], // union narrowed
  ['BACKWARD', ['nameNullable'], 'nameString', false, '/fields/name'],
  ['BACKWARD', ['base'], 'renamed', false, '/fields/ride_id'],
  ['BACKWARD', ['base'], 'renamedAlias', true],
  // FORWARD: the latest version reads the new schema's data.
  ['FORWARD', ['base'], 'addedNoDefault', true], // old readers ignore the new field
  ['FORWARD', ['addedNoDefault'], 'base', false, '/fields/tip'], // removed field without default
  ['FORWARD', ['addedWithDefault'], 'base', true],
  ['FORWARD', ['base'], 'idLong', false, '/fields/id'],
  ['FORWARD', ['idLong'], 'base', true],
  ['FORWARD', ['rg'], 'rgb', false, '/fields/color'], // old reader lacks the new symbol
  ['FORWARD', ['rgDefault'], 'rgbDefault', true],
  ['FORWARD', ['rgb'], 'rg', true],
  ['FORWARD', ['nameString'], 'nameNullable', false, '/fields/name'], // union widened: old readers cannot read null
  ['FORWARD', ['nameWide'], 'nameNullable', true],
  // FULL: both ways.
  ['FULL', ['base'], 'addedWithDefault', true],
  ['FULL', ['addedWithDefault'], 'base', true],
  ['FULL', ['base'], 'addedNoDefault', false, '/fields/tip'],
  ['FULL', ['base'], 'idLong', false, '/fields/id'],
  ['FULL', ['rg'], 'rgb', false, '/fields/color'],
  ['FULL', ['rgDefault'], 'rgbDefault', true],
  ['FULL', ['nameNullable'], 'nameWide', false, '/fields/name'],
  // NONE: anything.
  ['NONE', ['base'], 'idString', true],
  ['NONE', ['base'], 'renamed', true],
  // Transitive levels check every version; the plain ones only the latest.
  ['BACKWARD', ['addedWithDefault', 'base'], 'addedNoDefault', false, '/fields/tip'],
  ['BACKWARD', ['idString', 'base'], 'idLong', true],
  ['BACKWARD_TRANSITIVE', ['idString', 'base'], 'idLong', false, '/fields/id'],
  ['BACKWARD_TRANSITIVE', ['base', 'addedWithDefault'], 'idLong', true],
  ['FORWARD', ['addedNoDefault', 'base'], 'base', true],
  ['FORWARD', ['addedWithDefault', 'base'], 'idLong', false, '/fields/id'],
  ['FORWARD_TRANSITIVE', ['idLong', 'idString'], 'base', false, '/fields/id'],
  ['FORWARD_TRANSITIVE', ['idLong', 'addedWithDefault'], 'base', true],
  ['FULL', ['base', 'addedWithDefault'], 'addedWithDefault', true],
  ['FULL', ['idString', 'base'], 'addedWithDefault', true],
  ['FULL_TRANSITIVE', ['idString', 'base'], 'addedWithDefault', false, '/fields/id'],
  ['FULL_TRANSITIVE', ['base', 'addedWithDefault'], 'base', true],
];

function registered(level: CompatibilityLevel, versions: Name[]): EmbeddedSchemaRegistry {
  const registry = new EmbeddedSchemaRegistry({ compatibility: 'NONE' });
  for (const v of versions) registry.registerSync('rides-value', S[v]);
  registry.setCompatibilitySync(level, 'rides-value');
  return registry;
}

describe('compatibility matrix', () => {
  it.each(MATRIX)('%s: %j then %s → accepted %s', (level, versions, candidate, accepted, field) => {
    const registry = registered(level, versions);
    const before = registry.versions('rides-value');
    const tested = registry.testCompatibilitySync('rides-value', S[candidate]);
    expect(tested.compatible).toBe(accepted);
    if (accepted) {
      registry.registerSync('rides-value', S[candidate]);
      return;
    }
    let error: unknown;
    try {
      registry.registerSync('rides-value', S[candidate]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IncompatibleSchemaError);
    const refused = error as IncompatibleSchemaError;
    expect(refused).toMatchObject({ subject: 'rides-value', level, field });
    expect(refused.version).toBe(tested.version);
    expect(refused.message).toContain(`subject rides-value`);
    expect(refused.message).toContain(level);
    expect(registry.versions('rides-value')).toEqual(before);
  });

  it('returns the existing id for a schema the subject already has, without a check (as Confluent does)', () => {
    const registry = registered('FORWARD', ['idLong', 'base']);
    expect(registry.testCompatibilitySync('rides-value', S.idLong).compatible).toBe(false);
    expect(registry.registerSync('rides-value', S.idLong)).toBe(1);
    expect(registry.versions('rides-value')).toEqual([1, 2]);
  });

  it('names the version a transitive level clashes with', () => {
    const registry = registered('BACKWARD_TRANSITIVE', ['idString', 'base']);
    expect(registry.testCompatibilitySync('rides-value', S.idLong)).toMatchObject({ compatible: false, version: 1, level: 'BACKWARD_TRANSITIVE' });
  });

  it('reports every incompatibility with its path, including nested records, arrays and maps', () => {
    const inner = (t: string) => ({ type: 'record', name: 'Stop', fields: [{ name: 'zone', type: t }] });
    const reader = parseAvroSchema({
      type: 'record',
      name: 'Trip',
      fields: [
        { name: 'stops', type: { type: 'array', items: inner('int') } },
        { name: 'tags', type: { type: 'map', values: 'int' } },
        { name: 'extra', type: 'string' },
      ],
    });
    const writer = parseAvroSchema({
      type: 'record',
      name: 'Trip',
      fields: [
        { name: 'stops', type: { type: 'array', items: inner('string') } },
        { name: 'tags', type: { type: 'map', values: 'long' } },
      ],
    });
    expect(readerWriterIncompatibilities(reader, writer).map((m) => m.split(':')[0])).toEqual([
      'TYPE_MISMATCH at /fields/stops/items/fields/zone',
      'TYPE_MISMATCH at /fields/tags/values',
      'READER_FIELD_MISSING_DEFAULT_VALUE at /fields/extra',
    ]);
  });

  it('handles recursive types and fixed sizes', () => {
    const list = (valueType: string) => ({
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'value', type: valueType },
        { name: 'next', type: ['null', 'Node'], default: null },
      ],
    });
    expect(readerWriterIncompatibilities(parseAvroSchema(list('long')), parseAvroSchema(list('int')))).toEqual([]);
    expect(readerWriterIncompatibilities(parseAvroSchema(list('int')), parseAvroSchema(list('long')))).toHaveLength(1);
    const fixed = (size: number) => ({ type: 'fixed', name: 'Hash', size });
    expect(readerWriterIncompatibilities(parseAvroSchema(fixed(8)), parseAvroSchema(fixed(4)))[0]).toMatch(/^FIXED_SIZE_MISMATCH/);
  });

  it("agrees with avsc's resolver on every (reader, writer) pair of the matrix schemas", () => {
    const names = Object.keys(S) as Name[];
    for (const r of names) {
      for (const w of names) {
        const reader = parseAvroSchema(S[r]);
        const writer = parseAvroSchema(S[w]);
        let avscSays = true;
        try {
          reader.createResolver(writer, { ignoreNamespaces: true });
        } catch {
          avscSays = false;
        }
        expect({ r, w, ok: readerWriterIncompatibilities(reader, writer).length === 0 }).toEqual({ r, w, ok: avscSays });
      }
    }
    expect(avsc.Type.forSchema('int').typeName).toBe('int');
  });
});
