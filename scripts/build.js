#!/usr/bin/env node
'use strict';
// Compiles the TypeScript sources to CommonJS in dist/ and copies every non-TypeScript asset
// (editor .html, locales, icons, console pages) beside its compiled .js, where Node-RED's loader looks.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const sourceDirs = ['standard', 'adapters', 'core', 'tracking', 'security', 'routing', 'nodes', 'cli', 'console'];
const assetPattern = /\.(html|json|png|svg|css|js|lua|txt|xml)$/;

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')], {
  stdio: 'inherit',
  cwd: root,
});

function copyAssets(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      copyAssets(full);
    } else if (assetPattern.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      const target = path.join(dist, path.relative(root, full));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(full, target);
    }
  }
}
for (const dir of sourceDirs) copyAssets(path.join(root, dir));
