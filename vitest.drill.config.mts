import { defineConfig } from 'vitest/config';

// `npm run drill`: the failover drill, with its own time budget; never part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/drill/**/*.drill.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
