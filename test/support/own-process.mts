/**
 * Which test files run in a process of their own (vitest.config.mts, the `own-process` project).
 * Every other file shares its worker process with the files before it (vitest `isolate: false`):
 * the modules it imports are loaded once per worker instead of once per file.
 *
 * A file gets its own process when it, or a test module it imports (at any depth), runs Node-RED
 * inside the test process (node-red-node-test-helper: Node-RED's registry and the nodes' runtime
 * state, test/../nodes/lib/runtime-state.ts, last as long as the process) or sets process.env for
 * the code under test. Found by reading the sources, so a new file is placed without a list to keep.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SHARES_PROCESS_STATE = [/=\s*nodeRedHelper\(/, /\bprocess\.env(?:\.\w+|\[[^\]]+\])\s*=(?!=)/, /\bdelete process\.env\b/];
const RELATIVE_IMPORT = /\bfrom\s+'(\.{1,2}\/[^']+)'/g;

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'node_modules' ? [] : typeScriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The test files (relative to root, `/`-separated) that need a process of their own. */
export function ownProcessTestFiles(root: string, testDir = 'test'): string[] {
  const files = typeScriptFiles(join(root, testDir));
  const sources = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
  const imports = new Map(
    files.map((file) => [
      file,
      [...sources.get(file)!.matchAll(RELATIVE_IMPORT)]
        .map((match) => resolve(dirname(file), match[1]!))
        .flatMap((target) => [target, `${target}.ts`])
        .filter((target) => sources.has(target) || (existsSync(target) && target.endsWith('.ts'))),
    ]),
  );
  const marked = new Set(files.filter((file) => SHARES_PROCESS_STATE.some((pattern) => pattern.test(sources.get(file)!))));
  for (let grew = true; grew;) {
    grew = false;
    for (const file of files) {
      if (!marked.has(file) && imports.get(file)!.some((target) => marked.has(target))) {
        marked.add(file);
        grew = true;
      }
    }
  }
  return [...marked]
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => relative(root, file).split('\\').join('/'))
    .sort();
}
