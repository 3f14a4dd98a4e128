'use strict';
/**
 * An agency's own CaseLink adapter, as its own npm package (docs/adapter-sdk.md): the prison
 * management system JYGL (监狱信息管理系统). Installed beside CaseLink (palette manager or
 * `npm install` in the Node-RED userDir) it registers a `caselink-adapter` plugin, and CaseLink
 * treats it like a built-in system. It needs nothing from CaseLink at run time.
 */
const path = require('node:path');
const { codec } = require('./codec');
const { createClient } = require('./client');
const { startSimulator } = require('./simulator');

const adapter = {
  contractVersion: 1,
  kind: 'prison-mis',
  names: { 'zh-CN': '监狱 · 监狱信息管理系统（示例）', 'en-US': 'Prison management system (example)' },
  agencies: ['PRISON'],
  credentials: ['token'],
  transports: { push: {}, delivery: { synchronousAnswer: true } },
  // CASELINK_EXAMPLE_STANDARD_VERSION lets the tests show how a version mismatch is refused.
  standardVersion: process.env.CASELINK_EXAMPLE_STANDARD_VERSION || '1.1',
  codec,
  createClient,
  startSimulator,
  fixtures: { directory: path.join(__dirname, 'fixtures') },
};

function register(RED) {
  RED.plugins.registerPlugin('caselink-adapter-prison', { type: 'caselink-adapter', adapter });
}

module.exports = register;
module.exports.adapter = adapter;
