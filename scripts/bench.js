#!/usr/bin/env node
'use strict';
// `npm run bench -- <name>|all`: compiles bench/ with the sources, then runs bench/<name>.ts
// (each writes bench/results/<name>.json and prints its figures and ratios).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const benchDir = path.join(root, 'bench');
const outDir = path.join(root, '.bench-build');
const available = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const requested = process.argv.slice(2);
if (requested.length === 0) {
  console.error(`usage: npm run bench -- <${[...available, 'all'].join('|')}>`);
  process.exit(2);
}
const names = requested.includes('all') ? available : requested;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
}

// Assets the benchmarks load at run time (for example Lua scripts) are copied by the main build.
execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit', cwd: root });
fs.rmSync(outDir, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'), '-p', path.join(benchDir, 'tsconfig.json')], {
  stdio: 'inherit',
  cwd: root,
});
for (const name of names) {
  console.log(`\n=== bench ${name} ===`);
  execFileSync(process.execPath, ['--expose-gc', path.join(outDir, 'bench', `${name}.js`)], { stdio: 'inherit', cwd: root });
}
