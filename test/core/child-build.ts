import { join, resolve } from 'node:path';
import { assertBuilt } from '../support/build';

export const repoRoot = resolve(__dirname, '../..');

/**
 * The compiled core child processes run: the run's one build (test/support/global-setup.ts), so
 * they run the current sources. Returns the path of dist/core/index.js.
 */
export function buildCoreForChildren(): Promise<string> {
  assertBuilt(['dist/core/index.js']);
  return Promise.resolve(join(repoRoot, 'dist', 'core', 'index.js'));
}

/** Nothing to remove any more (kept for the suites that call it in afterAll). */
export function removeChildBuild(): void {}
