import { defineConfig } from 'vitest/config';
import { ownProcessTestFiles } from './test/support/own-process.mts';
import { LongestFirstSequencer } from './test/support/sequencer.mts';

const include = ['test/**/*.test.ts'];
/** Files that run Node-RED in the test process or set process.env (test/support/own-process.mts). */
const ownProcess = ownProcessTestFiles(import.meta.dirname);
// Four worker processes on the 2-core machine: most files spend their time waiting on real processes
// (Chromium, Node-RED, redis-server's fsync, simulators' timers), so two workers left the cores idle
// ~40 % of the run (idle: 2 workers 127 s, 3 workers 124 s, 4 workers 106–112 s).
const common = { pool: 'forks', maxWorkers: 4, testTimeout: 30_000, hookTimeout: 60_000 } as const;

export default defineConfig({
  test: {
    include,
    // Builds once and starts the shared Redis servers (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    ...common,
    // Longest files first, so the workers finish together (test/support/sequencer.mts).
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      // A worker process runs file after file: their modules load once per worker, not once per file.
      { extends: false, test: { ...common, name: 'shared-process', include, exclude: ownProcess, isolate: false } },
      { extends: false, test: { ...common, name: 'own-process', include: ownProcess, isolate: true } },
    ],
  },
});
