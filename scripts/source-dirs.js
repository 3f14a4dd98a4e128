'use strict';
// The folders holding the TypeScript sources and their assets: what scripts/build.js compiles and
// copies, and what the tests' build check (test/support/build.ts) watches for changes.
module.exports = [
  'standard',
  'dossier',
  'evidence',
  'adapters',
  'core',
  'tracking',
  'security',
  'routing',
  'ingress',
  'demo',
  'directory',
  'nodes',
  'cli',
  'console',
];
