import { describe, expect, it } from 'vitest';
import { EmbeddedSchemaRegistry, IncompatibleSchemaError, SchemaRegistryError } from '../../../src/index.js';

const v1 = { type: 'record', name: 'Ride', namespace: 'taxi', fields: [{ name: 'VendorID', type: 'int' }] };
const v2 = { ...v1, fields: [...v1.fields, { name: 'tip', type: 'double', default: 0 }] };
const v3 = { ...v1, fields: [{ name: 'vendor_id', type: 'int' }] };

async function code(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SchemaRegistryError) return error.errorCode;
    throw error;
  }
  return undefined;
}

describe('EmbeddedSchemaRegistry', () => {
  it('gives global increasing ids and versions per subject from 1', async () => {
    const registry = new EmbeddedSchemaRegistry();
    expect(await registry.register('a-value', v1)).toBe(1);
    expect(await registry.register('a-value', v2)).toBe(2);
    expect(await registry.register('b-value', 'string')).toBe(3);
    expect(registry.versions('a-value')).toEqual([1, 2]);
    expect(await registry.getLatest('a-value')).toEqual({ subject: 'a-value', id: 2, version: 2, schema: JSON.stringify(v2) });
    expect(registry.getVersion('a-value', 1).id).toBe(1);
    expect(await registry.getById(3)).toBe('"string"');
    expect(registry.subjects()).toEqual(['a-value', 'b-value']);
  });

  it('gives the same schema the same id: registered twice (no new version), under another subject, or spelled differently', async () => {
    const registry = new EmbeddedSchemaRegistry();
    const id = await registry.register('a-value', v1);
    expect(await registry.register('a-value', JSON.stringify(v1, null, 2))).toBe(id);
    expect(await registry.register('a-value', { fields: v1.fields, namespace: 'taxi', name: 'Ride', type: 'record' })).toBe(id);
    expect(registry.versions('a-value')).toEqual([1]);
    expect(await registry.register('b-value', v1)).toBe(id);
    expect(registry.getLatestSync('b-value')).toMatchObject({ id, version: 1 });
    expect(registry.usesOf(id)).toEqual([
      { subject: 'a-value', version: 1 },
      { subject: 'b-value', version: 1 },
    ]);
    // A doc counts, as in Confluent's registry.
    expect(await registry.register('a-value', { ...v1, doc: 'rides' })).not.toBe(id);
  });

  it('refuses an incompatible schema with the subject, level, version and field, and registers nothing', async () => {
    const registry = new EmbeddedSchemaRegistry();
    await registry.register('rides-value', v1);
    await registry.register('rides-value', v2);
    const refused = registry.register('rides-value', v3);
    await expect(refused).rejects.toBeInstanceOf(IncompatibleSchemaError);
    await expect(refused).rejects.toMatchObject({
      code: 'INCOMPATIBLE_SCHEMA',
      subject: 'rides-value',
      level: 'BACKWARD',
      version: 2,
      field: '/fields/vendor_id',
    });
    await expect(refused).rejects.toThrow(/READER_FIELD_MISSING_DEFAULT_VALUE at \/fields\/vendor_id/);
    expect(registry.versions('rides-value')).toEqual([1, 2]);
    expect(await registry.testCompatibility('rides-value', v3)).toMatchObject({ compatible: false, level: 'BACKWARD', version: 2 });
  });

  it('has a global level (BACKWARD by default) and per-subject levels', async () => {
    const registry = new EmbeddedSchemaRegistry();
    expect(registry.compatibilityOf()).toBe('BACKWARD');
    await registry.register('a-value', v1);
    await registry.register('b-value', v1);
    await registry.setCompatibility('NONE', 'a-value');
    expect(await registry.register('a-value', v3)).toBe(2);
    await expect(registry.register('b-value', v3)).rejects.toBeInstanceOf(IncompatibleSchemaError);
    await registry.setCompatibility('NONE');
    expect(await registry.register('b-value', v3)).toBe(2);
    expect(registry.subjectLevel('b-value')).toBeUndefined();
    expect(new EmbeddedSchemaRegistry({ compatibility: 'FULL' }).compatibilityOf('x')).toBe('FULL');
    await expect(code(registry.setCompatibility('SIDEWAYS' as 'NONE'))).resolves.toBe(42203);
  });

  it('answers with Confluent error codes: 40401 subject, 40402 version, 40403 schema, 42201 invalid schema', async () => {
    const registry = new EmbeddedSchemaRegistry();
    await registry.register('a-value', v1);
    expect(await code(registry.getLatest('nope'))).toBe(40401);
    expect(() => registry.getVersion('a-value', 7)).toThrow(expect.objectContaining({ errorCode: 40402, status: 404 }) as Error);
    expect(await code(registry.getById(99))).toBe(40403);
    expect(await code(registry.register('a-value', { type: 'record', name: 'R', fields: [{ name: 'n', type: 'int', default: 'x' }] }))).toBe(42201);
    expect(await code(registry.register('a-value', '{oops'))).toBe(42201);
    expect(() => registry.lookup('a-value', v2)).toThrow(expect.objectContaining({ errorCode: 40403 }) as Error);
    expect(registry.lookup('a-value', v1)).toMatchObject({ id: 1, version: 1 });
  });

  it('deletes versions and subjects; ids stay readable', async () => {
    const registry = new EmbeddedSchemaRegistry({ compatibility: 'NONE' });
    await registry.register('a-value', v1);
    await registry.register('a-value', v3);
    expect(registry.deleteVersion('a-value', 'latest')).toBe(2);
    expect(registry.versions('a-value')).toEqual([1]);
    expect(registry.deleteSubject('a-value')).toEqual([1]);
    expect(registry.subjects()).toEqual([]);
    expect(await registry.getById(2)).toBe(JSON.stringify(v3));
  });
});
