'use strict';
// Which sources are newer than their compiled or copied counterpart in dist/ (none: no build needed).
const fs = require('node:fs');
const path = require('node:path');

const SOURCE_DIRS = ['standard', 'adapters', 'core', 'tracking', 'security', 'routing', 'ingress', 'demo', 'nodes', 'cli', 'console'];
const ASSET = /\.(ts|html|json|svg|png|css|lua)$/;

function staleSources(root) {
  const stale = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'fixtures') walk(full);
      } else if (ASSET.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const out = path.join(root, 'dist', path.relative(root, full)).replace(/\.ts$/, '.js');
        if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(full).mtimeMs) stale.push(path.relative(root, full));
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(root, dir));
  if (!fs.existsSync(path.join(root, 'dist', 'nodes', 'caselink-in.js'))) stale.push('dist/nodes');
  return stale;
}

module.exports = { staleSources };
