import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects. `unit`: `test/**\/*.test.ts` plus type-inference tests (`expectTypeOf`) in `test/**\/*.test-d.ts`,
 * checked by tsc. `integration`: `test/integration/**\/*.test.ts` against librdkafka's mock cluster; its global setup
 * compiles the launcher (test/broker/kmock.c); it runs after the unit project, one file at a time, because its
 * files start clusters and worker processes.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/integration/**'],
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
            // Type errors outside *.test-d.ts are the job of `tsc -p tsconfig.json --noEmit` (the first step of
            // `npm test`); reporting them here too would fail every vitest run on one unrelated file.
            ignoreSourceErrors: true,
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/broker/global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
