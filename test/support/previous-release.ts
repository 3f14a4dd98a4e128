/**
 * A previous release of the package, built from git for tests that run it beside this checkout
 * (the rolling-upgrade drill). `git archive <commit>` is unpacked into the OS temp directory, then
 * `npm ci` and scripts/build.js run there. The built copy is cached under the temp directory keyed
 * by the commit, so reruns only check it; it is never part of the repository. A lock directory
 * keeps two test runs from building the same commit at once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './node-red';

const READY = '.caselink-release-ready';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(command: string, args: string[], cwd: string, what: string, env: Record<string, string> = {}): void {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/** The full commit id of `ref` in this checkout's repository. */
export function resolveCommit(ref: string): string {
  return execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: repoRoot(), encoding: 'utf8' }).trim();
}

/**
 * Returns the directory of the built release at `ref` (a package directory with dist/ and
 * node_modules/), building it on first use. Takes minutes the first time (npm ci).
 */
export async function previousRelease(ref: string, timeoutMs = 900_000): Promise<string> {
  const commit = resolveCommit(ref);
  const dir = join(tmpdir(), `caselink-release-${commit.slice(0, 7)}`);
  if (existsSync(join(dir, READY))) return dir;
  const lock = `${dir}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(join(dir, READY))) return dir;
      if (Date.now() > deadline) throw new Error(`${lock} held for ${timeoutMs} ms; remove it if no build is running`);
      await sleep(1000);
    }
  }
  try {
    if (existsSync(join(dir, READY))) return dir;
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    run('sh', ['-c', 'git -C "$ROOT" archive "$COMMIT" | tar -x -C "$DEST"'], partial, 'git archive', { ROOT: repoRoot(), COMMIT: commit, DEST: partial });
    run('npm', ['ci', '--no-audit', '--no-fund'], partial, 'npm ci');
    run(process.execPath, [join(partial, 'scripts', 'build.js')], partial, 'build');
    execFileSync('touch', [join(partial, READY)]);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
