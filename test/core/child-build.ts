import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = resolve(__dirname, '../..');
let built: Promise<string> | null = null;
let outDir: string | null = null;

/**
 * Compiles core/ (and the standard types it uses) to CommonJS in a private temp dir, so child
 * processes run the current sources without touching the shared dist/ that other suites use.
 * Children get NODE_PATH=<repo>/node_modules to find ioredis. Returns the path of core/index.js.
 */
export function buildCoreForChildren(): Promise<string> {
  built ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), 'caselink-core-build-'));
    outDir = out;
    await run(
      process.execPath,
      [
        join(repoRoot, 'node_modules/typescript/bin/tsc'),
        '--ignoreConfig',
        join(repoRoot, 'core/index.ts'),
        '--outDir', out,
        '--rootDir', repoRoot,
        '--module', 'nodenext',
        '--moduleResolution', 'nodenext',
        '--target', 'es2022',
        '--strict',
        '--skipLibCheck',
        '--esModuleInterop',
        '--types', 'node',
      ],
      { cwd: repoRoot },
    );
    // The Lua scripts are files read at run time (core/lua-scripts.ts): tsc does not copy them.
    cpSync(join(repoRoot, 'core/scripts'), join(out, 'core/scripts'), { recursive: true, filter: (src) => !src.endsWith('.ts') });
    return join(out, 'core/index.js');
  })();
  return built;
}

/** Removes the private build (call in afterAll). */
export function removeChildBuild(): void {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  outDir = null;
  built = null;
}
