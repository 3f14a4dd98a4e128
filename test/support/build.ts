/**
 * The one build of a test run. vitest's globalSetup (test/support/global-setup.ts) calls
 * `buildOnce()` before any test file starts; test files only check that the build is there
 * (`assertBuilt`). Written without import.meta so that bench/ (compiled to CommonJS) can use it.
 *
 * CASELINK_BUILD=always builds whatever dist/ holds (npm test); CASELINK_NO_BUILD=1 uses dist/ as
 * it is; otherwise dist/ is rebuilt only when a source is newer than its output (a single test
 * file run after an edit).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ASSET = /\.(ts|html|json|svg|png|lua|js|css|yaml|yml)$/;

/** The repository root: the nearest directory up from here holding package.json with our name. */
export function buildRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'build.js'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('run the tests from inside the CaseLink checkout');
    dir = up;
  }
}

/** Source files newer than their output in dist/ (or without one). */
export function staleFiles(root = buildRoot()): string[] {
  const stale: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
        continue;
      }
      if (!ASSET.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
      const out = join(root, 'dist', relative(root, full)).replace(/\.ts$/, '.js');
      if (!existsSync(out) || statSync(out).mtimeMs < statSync(full).mtimeMs) stale.push(relative(root, full));
    }
  };
  const sourceDirs = createRequire(join(root, 'package.json'))('./scripts/source-dirs.js') as string[];
  for (const dir of sourceDirs) walk(join(root, dir));
  return stale;
}

/** Builds dist/ (scripts/build.js --no-check) unless told not to or it is up to date. Throws when the build fails. */
export function buildOnce(env: NodeJS.ProcessEnv = process.env): void {
  if (env.CASELINK_NO_BUILD === '1') return;
  const root = buildRoot();
  if (env.CASELINK_BUILD !== 'always' && existsSync(join(root, 'dist')) && staleFiles(root).length === 0) return;
  // Without type-checking (the same emit): `npm run typecheck` checks, CI runs it before the tests.
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.js'), '--no-check'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('scripts/build.js failed (构建失败)');
}

/** Throws a clear error when dist/ lacks a file a test needs (tests never build themselves). */
export function assertBuilt(files: readonly string[] = ['dist/nodes/caselink-redis.js']): void {
  const root = buildRoot();
  const missing = files.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: run the tests through vitest (its globalSetup builds once) or npm run build`);
}
