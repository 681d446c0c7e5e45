import { defineConfig } from 'vitest/config';

/** Unit tests are `test/**\/*.test.ts`; type-inference tests (`expectTypeOf`) are `test/**\/*.test-d.ts`, checked by tsc. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
      // Type errors outside *.test-d.ts are the job of `tsc -p tsconfig.json --noEmit` (the first step of
      // `npm test`); reporting them here too would fail every vitest run on one unrelated file.
      ignoreSourceErrors: true,
    },
  },
});
