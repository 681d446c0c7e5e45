import { existsSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { App } from '../app/app.js';
import { UsageError } from './command.js';

const APP_BRAND = Symbol.for('kstreams.App');
/** kstreams' own directory: its frames are not the user's. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TS = new Set(['.ts', '.mts', '.cts', '.tsx']);

/** An App loaded from the user's file (the default export, or an export named `app`). */
export async function loadApp(file: string): Promise<App> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`No such file: ${file}`);
  let mod: Record<string, unknown>;
  try {
    mod = (await importFile(path)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(describeLoadError(error, path), 1);
  }
  const candidate = [mod['default'], mod['app']].find((v) => typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[APP_BRAND] === true);
  if (candidate === undefined) {
    throw new UsageError(`${file} does not export an App: add \`export default app\` (where app = new App({ id, broker })).`, 1);
  }
  return candidate as App;
}

/** Imports a .js file as it is and a TypeScript file through tsx (Node 20 cannot strip types). */
async function importFile(path: string): Promise<unknown> {
  if (!TS.has(extname(path))) return import(pathToFileURL(path).href);
  let tsImport: (specifier: string, parent: string) => Promise<unknown>;
  try {
    ({ tsImport } = (await import('tsx/esm/api')) as { tsImport: typeof tsImport });
  } catch {
    throw new UsageError(`Loading ${relative(process.cwd(), path)} needs tsx: npm install tsx (or compile the app to .js).`, 1);
  }
  return tsImport(pathToFileURL(path).href, import.meta.url);
}

/** The error of a user file with its location: `file:line:column: message`, then the stack frames of that file. */
export function describeLoadError(error: unknown, path: string): string {
  const shown = relative(process.cwd(), path);
  // esbuild (through tsx) reports syntax errors with a location.
  const esbuild = (error as { errors?: { text?: string; location?: { file?: string; line?: number; column?: number } | null }[] }).errors;
  const first = Array.isArray(esbuild) ? esbuild[0] : undefined;
  if (first?.location != null) {
    const where = `${first.location.file ?? shown}:${first.location.line ?? '?'}:${(first.location.column ?? 0) + 1}`;
    return `Error in ${where}: ${first.text ?? String(error)}`;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const location = locate(error, path);
  return location === undefined ? `Error while loading ${shown}: ${message}` : `Error in ${location}: ${message}`;
}

/** The first stack frame that points into `path` (or any user file outside node_modules), as `file:line:col`. */
export function locate(error: unknown, path?: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const frames = [...stack.matchAll(/(?:\(|at )((?:file:\/\/)?\/[^():\s]+):(\d+):(\d+)/g)].map((m) => ({
    file: (m[1] ?? '').startsWith('file://') ? fileURLToPath(m[1] ?? '') : (m[1] ?? ''),
    line: m[2],
    column: m[3],
  }));
  const mine = path === undefined ? undefined : frames.find((f) => f.file === path);
  const own = [`${PACKAGE_ROOT}src/`, `${PACKAGE_ROOT}dist/`];
  const user = mine ?? frames.find((f) => !f.file.includes('/node_modules/') && !own.some((dir) => f.file.startsWith(dir)));
  return user === undefined ? undefined : `${relative(process.cwd(), user.file)}:${user.line}:${user.column}`;
}
