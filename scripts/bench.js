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

// `figures`: tracking's figure test over 10,000 generated cases (the unit run checks 500).
const FIGURE_CASES = 10_000;
const requested = process.argv.slice(2);
if (requested.length === 0) {
  console.error(`usage: npm run bench -- <${[...available, 'figures', 'all'].join('|')}>`);
  process.exit(2);
}
const runFigures = requested.includes('figures') || requested.includes('all');
const names = requested.includes('all') ? available : requested.filter((name) => name !== 'figures');
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
}

execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit', cwd: root });
if (runFigures) {
  console.log(`\n=== bench figures (${FIGURE_CASES} cases) ===`);
  const started = Date.now();
  execFileSync(process.execPath, [path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs'), 'run', 'test/tracking/figures.test.ts'], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, TRACKING_FIGURE_CASES: String(FIGURE_CASES), CASELINK_NO_BUILD: '1' },
  });
  fs.mkdirSync(path.join(benchDir, 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(benchDir, 'results', 'figures.json'),
    `${JSON.stringify({ cases: FIGURE_CASES, seconds: Math.round((Date.now() - started) / 100) / 10, at: new Date().toISOString() }, null, 2)}\n`,
  );
}
if (names.length === 0) process.exit(0);
fs.rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'), '-p', path.join(benchDir, 'tsconfig.json')],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
// Assets the compiled benchmarks load at run time (the Lua scripts) are copied beside their code.
for (const dir of ['core', 'tracking', 'security']) {
  const scripts = path.join(root, dir, 'scripts');
  if (!fs.existsSync(scripts)) continue;
  for (const file of fs.readdirSync(scripts).filter((f) => f.endsWith('.lua'))) {
    fs.mkdirSync(path.join(outDir, dir, 'scripts'), { recursive: true });
    fs.copyFileSync(path.join(scripts, file), path.join(outDir, dir, 'scripts', file));
  }
}
for (const name of names) {
  console.log(`\n=== bench ${name} ===`);
  execFileSync(process.execPath, ['--expose-gc', path.join(outDir, 'bench', `${name}.js`)], { stdio: 'inherit', cwd: root });
}
