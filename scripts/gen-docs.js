#!/usr/bin/env node
'use strict';
// Rewrites docs/standard.md from the compiled standard (run `node scripts/build.js` first).
// `--check` only compares: exit 1 when docs/standard.md differs from what the code generates.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const compiled = path.join(root, 'dist', 'standard', 'reference.js');
const target = path.join(root, 'docs', 'standard.md');

if (!fs.existsSync(compiled)) {
  console.error('dist/standard/reference.js is missing: run `node scripts/build.js` first (请先构建)');
  process.exit(1);
}
const text = require(compiled).standardReference();

if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('docs/standard.md is out of date: run `node scripts/gen-docs.js` (文档需要重新生成)');
    process.exit(1);
  }
  console.log('docs/standard.md is up to date');
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  console.log(`wrote ${path.relative(root, target)} (${Buffer.byteLength(text)} bytes)`);
}
