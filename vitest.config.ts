import { defineConfig } from 'vitest/config';

// One test run for the whole monorepo: unit tests sit beside the code (`src/**/*.test.ts`),
// tests against real servers are named `*.integ.test.ts`. Cross-package imports resolve to
// the built `dist/` of each workspace package, so `npm test` builds first.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
