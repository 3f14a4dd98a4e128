#!/usr/bin/env node
'use strict';
// Compiles the TypeScript sources to CommonJS in dist/ and copies every non-TypeScript asset
// (editor .html, locales, icons, console pages) beside its compiled .js, where Node-RED's loader looks.
// It builds into a staging folder and swaps it in at the end, so a failed compile leaves the
// previous dist/ usable and a reader never sees a half-written one.
// --no-check (the tests' build, test/support/build.ts): the same compiler and options, so the same
// dist/ byte for byte, without type-checking — `npm run typecheck` does that (CI runs it first).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const staging = path.join(root, `.dist-staging-${process.pid}`);
const sourceDirs = require('./source-dirs');
const assetPattern = /\.(html|json|png|svg|css|js|lua|txt|xml|yaml|yml)$/;
const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');

function copyAssets(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      copyAssets(full);
    } else if (assetPattern.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      const target = path.join(staging, path.relative(root, full));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(full, target);
    }
  }
}

try {
  const noCheck = process.argv.includes('--no-check') ? ['--noCheck'] : [];
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json'), '--outDir', staging, ...noCheck], { stdio: 'inherit', cwd: root });
  for (const dir of sourceDirs) copyAssets(path.join(root, dir));
  const old = path.join(root, `.dist-old-${process.pid}`);
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(staging, dist);
  fs.rmSync(old, { recursive: true, force: true });
} catch (error) {
  fs.rmSync(staging, { recursive: true, force: true });
  process.exitCode = 1;
  if (error && error.status === undefined) console.error(error);
}
