'use strict';
/**
 * V8 flags of the Node-RED process (`npm start`, and the test/benchmark launcher, so that the
 * benchmarks measure the runtime as it is deployed).
 *
 * A 64 MB young generation (semi-space; Node's default is 16 MB): every message allocates
 * short-lived objects (HTTP, XML, JSON, Redis replies), and with the default the hub spent ~12 % of
 * its busy CPU in scavenges; fewer, larger ones cost less per message (bench/RESULTS.md, platform).
 * It costs up to ~100 MB more resident memory at full load. A --max-semi-space-size in NODE_OPTIONS
 * is the operator's choice and is left alone.
 */
function runtimeV8Flags(env) {
  return /--max-semi-space-size/.test(env.NODE_OPTIONS || '') ? [] : ['--max-semi-space-size=64'];
}

module.exports = { runtimeV8Flags };
