#!/usr/bin/env node
// The `streams-run` bin. In a checkout (src/ present) it runs the TypeScript source through tsx, so
// `npx streams-run …` works right after `npm install`, with no build step and never a stale build;
// in the published package (dist/ only) it runs the compiled CLI. STREAMS_RUN_DIST=1 forces dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/cli/main.js', import.meta.url);

if (existsSync(source) && process.env.STREAMS_RUN_DIST !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  process.stderr.write('streams-run: dist/cli/main.js is missing; run `npm run build`.\n');
  process.exit(1);
}
