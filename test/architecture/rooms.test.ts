/**
 * The rooms of docs/architecture.md and who may import whom: each source folder imports only the
 * rooms below it, and only nodes/ imports Node-RED.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

/** Room → the rooms it may import (besides itself). The order is the layering of docs/architecture.md. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  standard: [],
  directory: ['standard'],
  adapters: ['standard'],
  core: ['standard'],
  security: ['standard', 'core', 'adapters'],
  dossier: ['standard', 'security'],
  evidence: ['standard', 'security', 'dossier'],
  tracking: ['standard', 'core'],
  routing: ['standard', 'adapters', 'directory'],
  ingress: ['standard', 'adapters', 'core', 'security', 'directory'],
  console: ['standard', 'adapters', 'core', 'security', 'tracking', 'routing', 'directory', 'dossier', 'evidence'],
  cli: ['standard', 'adapters', 'core', 'security', 'directory', 'dossier', 'evidence'],
  nodes: ['standard', 'adapters', 'core', 'security', 'tracking', 'routing', 'ingress', 'console', 'directory', 'dossier', 'evidence'],
  demo: ['standard', 'adapters', 'core', 'security', 'tracking', 'routing', 'ingress', 'nodes', 'directory', 'dossier', 'evidence'],
};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'public') out.push(...sources(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Every module specifier a file imports (static, dynamic, require). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const pattern of [/\bfrom\s+'([^']+)'/g, /\bimport\s*\(\s*'([^']+)'\s*\)/g, /\brequire\(\s*'([^']+)'\s*\)/g, /^import\s+'([^']+)'/gm]) {
    for (const match of text.matchAll(pattern)) found.push(match[1]!);
  }
  return found;
}

const roomOf = (file: string): string => relative(ROOT, file).split('/')[0]!;

describe('rooms (docs/architecture.md)', () => {
  const files = Object.keys(MAY_IMPORT).flatMap((room) => sources(join(ROOT, room)));

  it('each room imports only the rooms below it', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const room = roomOf(file);
      for (const spec of specifiers(file)) {
        if (!spec.startsWith('.')) continue;
        const target = roomOf(resolve(dirname(file), spec));
        if (target !== room && !MAY_IMPORT[room]!.includes(target)) wrong.push(`${relative(ROOT, file)} imports ${spec} (${room} → ${target})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('only nodes/ imports Node-RED', () => {
    const wrong = files
      .filter((file) => roomOf(file) !== 'nodes')
      .flatMap((file) =>
        specifiers(file)
          .filter((spec) => /^(node-red|@node-red\/)/.test(spec))
          .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
      );
    expect(wrong).toEqual([]);
  });

  it('every source folder is a room of the table', () => {
    const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    const compiled = tsconfig.include.map((glob) => glob.split('/')[0]!);
    expect([...compiled].sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });
});
