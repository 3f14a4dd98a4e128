#!/usr/bin/env node
'use strict';
/**
 * `npm start`: Node-RED 5 with CaseLink and the hub flow on http://127.0.0.1:1880.
 *  1. builds dist/ when it is missing or older than the sources;
 *  2. Redis: $REDIS_URL, else a Redis answering on 127.0.0.1:6379 that is fit for the default
 *     durability (AOF with appendfsync always, noeviction), else a managed redis-server with those
 *     settings and its data under ./data/redis (on 6379, or the next free port when 6379 is taken);
 *  3. the built-in simulators for every legacy system instance whose CASELINK_<SYSTEM>_<DIVISION>_URL
 *     is not set (CASELINK_SIMULATORS=0: none), and those of adapter packages named in
 *     CASELINK_ADAPTERS for the instances the org directory (CASELINK_DIRECTORY) lists;
 *  4. Node-RED (userDir ./data/node-red, settings/settings.js, the package loaded from this checkout),
 *     the hub flow copied in on first start (CASELINK_FLOW=flows/<file>.json picks another);
 *  5. demo traffic: one guilty-plea theft case per district through the six processes, then a new
 *     case now and then (CASELINK_DEMO_TRAFFIC=0: off), when the simulators run.
 * It runs in demo mode (CASELINK_DEMO=1: no login, a generated integrity key in ./data/integrity.key)
 * unless CASELINK_DEMO=0 asks for the hardened production settings (docs/security.md).
 * docs/nodes-and-flows.md lists every environment variable.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { staleSources } = require('./start/stale');
const { startManagedRedis, pingRedis, unfitForFsyncAlways, freePortFrom } = require('./start/redis');
const { runtimeV8Flags } = require('./start/runtime-flags');

const root = path.resolve(__dirname, '..');
const env = process.env;
const dataDir = path.resolve(root, env.CASELINK_DATA_DIR || 'data');
const userDir = path.join(dataDir, 'node-red');
const port = Number(env.PORT) || 1880;
const host = env.CASELINK_HOST || '127.0.0.1';
const log = (line) => console.log(`[caselink] ${line}`);
const yes = (value) => /^(1|true|yes)$/i.test(String(value ?? '').trim());
const no = (value) => /^(0|false|no)$/i.test(String(value ?? '').trim());
/** Demo mode unless CASELINK_DEMO=0 (or the older CASELINK_PRODUCTION=1) asks for production. */
const demo = env.CASELINK_DEMO ? !no(env.CASELINK_DEMO) : !yes(env.CASELINK_PRODUCTION);

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 9)) {
    console.error(`Node-RED 5 needs Node.js ≥ 22.9; this is ${process.version}. Run through npm (it uses the project's Node 22) or node_modules/.bin/node.`);
    process.exit(1);
  }
}

function build() {
  const stale = staleSources(root);
  if (stale.length === 0) return;
  log(`building dist/ (${stale.length} source file(s) newer than the build) …`);
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[caselink] the build failed; fix the errors above or run `npm run build`');
    process.exit(result.status || 1);
  }
}

async function chooseRedis(cleanups) {
  if (env.REDIS_URL) {
    log(`Redis: REDIS_URL ${env.REDIS_URL.replace(/\/\/[^@/]*@/, '//***@')}`);
    return env.REDIS_URL;
  }
  let managedPort = 6379;
  if (await pingRedis('127.0.0.1', 6379)) {
    const local = 'redis://127.0.0.1:6379';
    // A durability of the user's choosing is theirs to match; the default (fsync-always) is checked here,
    // so that a Redis that would be refused at start-up does not leave the demo waiting for it.
    const unfit = env.CASELINK_REDIS_DURABILITY ? undefined : await unfitForFsyncAlways(local);
    if (!unfit) {
      log('Redis: using the Redis answering on 127.0.0.1:6379');
      return local;
    }
    managedPort = await freePortFrom(6380);
    log(`Redis: not using the Redis on 127.0.0.1:6379: ${unfit}; starting CaseLink's own instead (set REDIS_URL to choose one)`);
  }
  const redis = await startManagedRedis(path.join(dataDir, 'redis'), managedPort);
  cleanups.push(() => redis.stop());
  log(`Redis: started redis-server on 127.0.0.1:${managedPort} with AOF in ${path.relative(root, redis.dir)}`);
  return redis.url;
}

function prepareUserDir() {
  fs.mkdirSync(userDir, { recursive: true });
  const flowFile = path.join(userDir, env.CASELINK_FLOW_FILE || 'flows.json');
  if (!fs.existsSync(flowFile)) {
    const source = path.resolve(root, env.CASELINK_FLOW || path.join('flows', 'hub.json'));
    fs.copyFileSync(source, flowFile);
    log(`flow: ${path.relative(root, source)} → ${path.relative(root, flowFile)}`);
  } else {
    log(`flow: ${path.relative(root, flowFile)} (delete it to start again from flows/hub.json)`);
    migrateFlowFile(flowFile);
  }
}

/** Brings a saved flow file up to the current node definitions (nodes/lib/flow-migrations.ts), keeping a backup. */
function migrateFlowFile(flowFile) {
  const { migrateFlows } = require(path.join(root, 'dist', 'nodes', 'lib', 'flow-migrations.js'));
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(flowFile, 'utf8'));
  } catch {
    return; // Node-RED reports an unreadable flow file itself
  }
  const { flows, changes } = migrateFlows(parsed);
  if (changes.length === 0) return;
  fs.copyFileSync(flowFile, `${flowFile}.pre-migration`);
  fs.writeFileSync(flowFile, `${JSON.stringify(flows, null, 4)}\n`);
  for (const change of changes) log(`flow migrated: ${change.migration} (${change.nodes.length} node(s); backup ${path.basename(flowFile)}.pre-migration)`);
}

/**
 * Demo mode: the per-deployment integrity key, created once (32 random bytes, mode 0600) and kept,
 * so what is queued in Redis still verifies after a restart.
 */
function demoIntegrityKeyFile() {
  if (!demo || (env.CASELINK_INTEGRITY_KEY || '').trim() || (env.CASELINK_INTEGRITY_KEY_FILE || '').trim()) return undefined;
  const file = path.join(dataDir, 'integrity.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${require('node:crypto').randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    log(`integrity key: generated ${path.relative(root, file)} (demo only; production sets CASELINK_INTEGRITY_KEY)`);
  }
  return file;
}

async function startSimulators(cleanups) {
  if (env.CASELINK_SIMULATORS === '0') return undefined;
  const { startSimulatorFleet } = require(path.join(root, 'dist', 'demo', 'simulator-fleet.js'));
  const { envNames } = require(path.join(root, 'dist', 'nodes', 'lib', 'system-instance.js'));
  const { BUILTIN_KINDS: SYSTEM_KINDS } = require(path.join(root, 'dist', 'adapters', 'builtins.js'));
  const { DIVISION_CODES } = require(path.join(root, 'dist', 'standard', 'codes', 'divisions.js'));
  const missing = DIVISION_CODES.flatMap((division) => SYSTEM_KINDS.filter((kind) => !env[envNames(kind, division).url]).map((kind) => [kind, division]));
  if (missing.length === 0) return undefined;
  const basePort = env.CASELINK_SIM_BASE_PORT === undefined ? 18100 : Number(env.CASELINK_SIM_BASE_PORT);
  let fleet;
  try {
    fleet = await startSimulatorFleet({ only: missing, basePort });
  } catch {
    fleet = await startSimulatorFleet({ only: missing, basePort: 0 });
  }
  cleanups.push(() => fleet.close());
  log(`simulators: ${missing.length} legacy system simulator(s), e.g. ${fleet.list()[0].simulator.url}/_sim/received`);
  return fleet;
}

/**
 * Simulators for the instances the org directory (CASELINK_DIRECTORY) lists for adapter packages
 * named in CASELINK_ADAPTERS (installed in the userDir for Node-RED, resolvable from here for this),
 * unless their CASELINK_<KIND>_<DIVISION>_URL is set. Returns the environment pointing at them.
 */
async function startAdapterSimulators(cleanups) {
  if (env.CASELINK_SIMULATORS === '0' || !env.CASELINK_ADAPTERS) return {};
  const { cliRegistry } = require(path.join(root, 'dist', 'cli', 'legacy-options.js'));
  const { builtinDirectory, loadDirectoryFile } = require(path.join(root, 'dist', 'directory', 'load.js'));
  const { BUILTIN_KINDS } = require(path.join(root, 'dist', 'adapters', 'builtins.js'));
  const { envNames } = require(path.join(root, 'dist', 'nodes', 'lib', 'system-instance.js'));
  const registry = cliRegistry({ flags: {}, positional: [] }, env);
  const loaded = env.CASELINK_DIRECTORY ? loadDirectoryFile(path.resolve(userDir, env.CASELINK_DIRECTORY)) : { ok: true, directory: builtinDirectory() };
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const out = {};
  for (const instance of loaded.directory.instances()) {
    const adapter = registry.get(instance.kind);
    const names = envNames(instance.kind, instance.division);
    if (!adapter || BUILTIN_KINDS.includes(instance.kind) || env[names.url]) continue;
    const credentials = { token: `demo-token-${instance.id}`, appId: 'GZ-PLATFORM', secret: `demo-secret-${instance.id}` };
    const simulator = await adapter.startSimulator({ host: '127.0.0.1', port: 0, credentials });
    cleanups.push(() => simulator.close());
    out[names.url] = simulator.url;
    for (const field of adapter.credentials) out[names[field]] = credentials[field];
    log(`simulator: ${instance.id} (${adapter.names['en-US']}) at ${simulator.url}`);
  }
  return out;
}

function waitForPort(portNumber, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.createConnection({ port: portNumber, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on ${portNumber}`));
        else setTimeout(attempt, 250);
      });
    };
    attempt();
  });
}

async function main() {
  checkNode();
  build();
  const cleanups = [];
  let child;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          r();
        });
      });
    }
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    // Demo mode is announced once, by the settings file Node-RED loads (it says the same to a plain `node-red -s`).
    if (!demo) log('production mode (CASELINK_DEMO=0): login, credential secret and integrity key are required (docs/security.md)');
    const keyFile = demoIntegrityKeyFile();
    const redisUrl = await chooseRedis(cleanups);
    const fleet = await startSimulators(cleanups);
    prepareUserDir();
    const adapterEnv = await startAdapterSimulators(cleanups);
    const childEnv = {
      ...env,
      ...(fleet ? fleet.env() : {}),
      ...adapterEnv,
      REDIS_URL: redisUrl,
      CASELINK_PACKAGE_DIR: root,
      PORT: String(port),
      CASELINK_HOST: host,
      CASELINK_DEMO: demo ? '1' : '0',
      // Chinese first: node status texts and runtime messages in zh-CN unless CASELINK_LANG says otherwise.
      CASELINK_LANG: env.CASELINK_LANG || 'zh-CN',
      ...(keyFile ? { CASELINK_INTEGRITY_KEY_FILE: keyFile } : {}),
      // Attachments go to the content-addressed store, Redis holds references (docs/dossier-and-evidence.md).
      CASELINK_ATTACHMENT_STORE: env.CASELINK_ATTACHMENT_STORE || `fs:${path.join(dataDir, 'attachments')}`,
    };
    child = spawn(
      process.execPath,
      [
        ...runtimeV8Flags(env),
        path.join(root, 'node_modules', 'node-red', 'red.js'),
        '--settings',
        path.join(root, 'settings', 'settings.js'),
        '--userDir',
        userDir,
      ],
      { cwd: root, env: childEnv, stdio: 'inherit' },
    );
    child.once('exit', (code, signal) => {
      if (!stopping) {
        log(`Node-RED exited (${signal || code})`);
        void stop(code || 1);
      }
    });
    await waitForPort(port, 60_000);
    log(`editor: http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}${demo ? '/' : env.CASELINK_ADMIN_ROOT || '/admin'}`);
    if (fleet && demo && !no(env.CASELINK_DEMO_TRAFFIC)) {
      const { startDemoTraffic } = require(path.join(root, 'dist', 'demo', 'demo-traffic.js'));
      const traffic = startDemoTraffic({ fleet, baseUrl: `http://127.0.0.1:${port}`, log, intervalMs: Number(env.CASELINK_DEMO_INTERVAL_MS) || 60_000 });
      cleanups.push(() => traffic.stop());
    }
  } catch (err) {
    console.error(`[caselink] ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

void main();
