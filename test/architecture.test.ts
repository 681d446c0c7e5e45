// The house rules of the architecture ("Layering") and the style habits 2 and 3, checked on the
// imports of src/**/*.ts. Self-contained: a regex import scanner, no dependency-cruiser.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

interface Edge {
  readonly to: string;
  readonly typeOnly: boolean;
}

const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => f.split('\\').join('/')).sort();
const sources = new Map(files.map((f) => [f, readFileSync(join(SRC, f), 'utf8')]));

/** Relative imports of one file: `import`/`export … from`, side-effect imports and `import('…')` type expressions. */
function importsOf(file: string): Edge[] {
  const text = sources.get(file) ?? '';
  const edges: Edge[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    if (!spec.startsWith('.')) return;
    const to = relative(SRC, resolve(SRC, dirname(file), spec)).split('\\').join('/').replace(/\.js$/, '.ts');
    edges.push({ to, typeOnly });
  };
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*'([^']+)'/gms)) {
    const names = m[3] ?? '';
    const allTypes = /^\{[^}]*\}$/s.test(names) && names.slice(1, -1).split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '));
    add(m[4] ?? '', m[2] !== undefined || allTypes);
  }
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) add(m[1] ?? '', false);
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) add(m[1] ?? '', true);
  return edges;
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** The layer of a file: its top folder under src/, or the file's own name for errors.ts, config.ts and index.ts. */
const layerOf = (file: string): string => (file.includes('/') ? (file.split('/')[0] as string) : file.replace(/\.ts$/, ''));

// ARCHITECTURE.md "Layering": who may import whom (a layer may always import itself). Rows that say "the rows
// above" or "and everything they may import" are spelled out.
const base = ['errors', 'internal'];
const allowed: Record<string, readonly string[]> = {
  errors: [],
  internal: ['errors'],
  serdes: base,
  config: [...base, 'serdes'],
  windows: [...base, 'serdes'],
  state: [...base, 'serdes', 'config', 'windows'],
  topology: [...base, 'serdes', 'config', 'windows', 'state'],
  joins: [...base, 'serdes', 'config', 'windows', 'state', 'topology'],
  dsl: [...base, 'serdes', 'config', 'windows', 'state', 'topology', 'joins'],
  runtime: [...base, 'serdes', 'config', 'state', 'topology'],
  testing: [...base, 'serdes', 'config', 'state', 'topology', 'runtime'],
  app: [...base, 'serdes', 'config', 'windows', 'state', 'topology', 'joins', 'dsl', 'runtime'],
  cli: [...base, 'serdes', 'config', 'windows', 'state', 'topology', 'joins', 'dsl', 'runtime', 'app'],
};

describe('architecture', () => {
  it('every import resolves to a file in src/ (and the scanner sees them)', () => {
    expect(graph.get('dsl/kstream.ts')).toContainEqual({ to: 'dsl/options.ts', typeOnly: false });
    expect(graph.get('dsl/kstream.ts')).toContainEqual({ to: 'dsl/ktable.ts', typeOnly: true });
    const missing = [...graph].flatMap(([from, edges]) => edges.filter((e) => !sources.has(e.to)).map((e) => `${from} -> ${e.to}`));
    expect(missing).toEqual([]);
  });

  it('has no runtime import cycles between files (type-only imports are erased, so they may point back)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const edge of graph.get(file) ?? []) if (!edge.typeOnly) visit(edge.to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('imports (type-only ones included) point down the layer table; only src/index.ts may import everything', () => {
    const violations = [...graph].flatMap(([from, edges]) => {
      const layer = layerOf(from);
      if (layer === 'index') return [];
      const may = allowed[layer];
      if (may === undefined) return [`${from}: layer "${layer}" is not in ARCHITECTURE.md's table`];
      return edges.filter((e) => layerOf(e.to) !== layer && !may.includes(layerOf(e.to))).map((e) => `${from} -> ${e.to}`);
    });
    expect(violations).toEqual([]);
  });

  it('runtime never imports dsl or joins (directly or through another file)', () => {
    const reach = (file: string, seen: Set<string>): Set<string> => {
      for (const e of graph.get(file) ?? []) if (!seen.has(e.to)) reach(e.to, seen.add(e.to));
      return seen;
    };
    const leaks = files
      .filter((f) => layerOf(f) === 'runtime' || layerOf(f) === 'testing')
      .flatMap((f) => [...reach(f, new Set())].filter((to) => ['dsl', 'joins'].includes(layerOf(to))).map((to) => `${f} -> ${to}`));
    expect(leaks).toEqual([]);
  });

  it('uses no `export *`; src/index.ts only re-exports explicit names', () => {
    expect(files.filter((f) => /^\s*export\s+(type\s+)?\*/m.test(sources.get(f) ?? ''))).toEqual([]);
    const statements = (sources.get('index.ts') ?? '').replace(/\/\/.*$/gm, '').split(';').map((s) => s.trim()).filter((s) => s !== '');
    expect(statements.filter((s) => !/^export (type )?\{[^}]*\} from '\.\/[^']+'$/s.test(s))).toEqual([]);
  });
});
