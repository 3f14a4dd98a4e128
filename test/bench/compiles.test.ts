/**
 * `npm run bench` compiles bench/ with the sources into CommonJS before it runs anything, so a
 * change elsewhere (a test helper using import.meta, say) can break every benchmark unseen.
 * This type-checks the same project the bench script builds.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { repoRoot } from '../support/node-red';

it('bench/ compiles as npm run bench builds it', () => {
  const root = repoRoot();
  const tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'bench', 'tsconfig.json'), '--noEmit'], { cwd: root, encoding: 'utf8' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  expect(output).toBe('');
}, 120_000);
