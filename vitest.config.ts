import { defineConfig } from 'vitest/config';

// Two projects: `unit` (core, node, server, CLI: unit and integration tests against real SQLite files
// and a real server on 127.0.0.1) and `ui` (the built renderer in real Chromium through the test
// bridge; needs `npm run build` first, which `npm test` does).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/ui/**', 'node_modules/**'],
          setupFiles: ['test/helpers/matchers.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'ui',
          include: ['test/ui/**/*.test.ts'],
          setupFiles: ['test/helpers/matchers.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
