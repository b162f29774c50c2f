import { defineConfig } from 'vitest/config';

// Tests run from TypeScript sources: the "@tributary/source" export condition maps each
// workspace package to its src/index.ts, so no build is needed before `npm test`.
const sourceConditions = {
  resolve: { conditions: ['@tributary/source'] },
  ssr: { resolve: { conditions: ['@tributary/source'] } },
};

export default defineConfig({
  ...sourceConditions,
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/helpers/skipped-peers-reporter.ts'],
    projects: [
      {
        ...sourceConditions,
        test: {
          name: 'unit',
          exclude: ['**/node_modules/**', '**/*.kafka.test.ts'],
          include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'test/helpers/**/*.test.ts', 'test/differential/**/*.test.ts', 'test/chaos/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/streams-runtime/**/*.embedded.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        ...sourceConditions,
        test: {
          // Real-peer tests share one Apache Kafka started once per run (JVM start is slow on 2 cores).
          name: 'interop',
          include: ['test/interop/**/*.test.ts', 'test/reference/**/*.test.ts', 'test/streams-runtime/**/*.kafka.test.ts', 'test/chaos/**/*.kafka.test.ts'],
          globalSetup: ['test/helpers/kafka-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: 'forks',
        },
      },
    ],
  },
});
