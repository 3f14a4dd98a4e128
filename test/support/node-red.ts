/**
 * Node-RED for tests, two ways:
 * - `nodeRedHelper()`: node-red-node-test-helper, promisified, on Node-RED 5 or 4.1 (`node-red-4`);
 * - `startNodeRed()`: a real Node-RED runtime child process with the package loaded from the
 *   checkout (settings/settings.js, `nodesDir` = the repository), which a test may SIGKILL and restart.
 * Written without import.meta so that bench/ (compiled to CommonJS) can use it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type RequestListener, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { exited } from '../../cli/redis-server';
import { assertBuilt } from './build';
import { freePort } from './free-port';

export type RuntimeName = 'node-red' | 'node-red-4';

/** The repository root: the nearest directory up from the working directory holding this package. */
export function repoRoot(): string {
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && require_(pkg).name === '@caselink/node-red-caselink') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('run the tests from inside the CaseLink checkout');
    dir = up;
  }
}

function require_(path: string): any {
  return createRequire(join(process.cwd(), 'noop.js'))(path);
}

/** A require() anchored at the repository root (resolves node-red, node-red-4, dist/…). */
export function rootRequire(): NodeJS.Require {
  return createRequire(join(repoRoot(), 'package.json'));
}

/**
 * Checks that dist/ holds the build the test run made (test/support/global-setup.ts builds once;
 * tests never build by themselves).
 */
export function ensureBuilt(): void {
  assertBuilt();
}

// ---------------------------------------------------------------------------------------------
// node-red-node-test-helper, promisified
// ---------------------------------------------------------------------------------------------

export type FlowNode = Record<string, unknown> & { id: string; type: string };
export type NodeModule = (RED: any) => unknown;

export interface NodeRedHelper {
  readonly runtime: RuntimeName;
  /** Loads node modules and starts the flow. */
  load(modules: NodeModule | NodeModule[], flow: FlowNode[], credentials?: Record<string, Record<string, string>>): Promise<void>;
  /** Stops the flow (closing every node) and clears the registry. */
  unload(): Promise<void>;
  /**
   * Redeploys a new flow over the running one: "full" (default) closes every old node first;
   * "nodes" restarts only the nodes added, changed or removed, as the editor's "modified nodes" deploy.
   */
  setFlows(flow: FlowNode[], credentials?: Record<string, Record<string, string>>, type?: 'full' | 'nodes'): Promise<void>;
  getNode(id: string): any;
  /** An HTTP server in front of RED.httpNode of the last load (started on first use). */
  httpNodeUrl(): Promise<string>;
  /** The raw helper for anything else. */
  readonly raw: any;
  /** Stops the httpNode server, if any. */
  close(): Promise<void>;
}

/** Resolves with the next message a helper node receives. */
export function nextMessage(node: any, timeoutMs = 5000): Promise<any> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message on ${node.id} within ${timeoutMs} ms`)), timeoutMs);
    node.once('input', (msg: any) => {
      clearTimeout(timer);
      resolvePromise(msg);
    });
  });
}

/** Collects every message a helper node receives. */
export function collect(node: any): any[] {
  const messages: any[] = [];
  node.on('input', (msg: any) => messages.push(msg));
  return messages;
}

/** What a truthy test leaves of `T`. */
type Truthy<T> = Exclude<T, undefined | null | false | 0 | ''>;

/** Polls until `check` returns a truthy value (or throws the last error after the timeout). */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 25): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw lastError instanceof Error ? lastError : new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function nodeRedHelper(runtime: RuntimeName = 'node-red'): NodeRedHelper {
  const req = rootRequire();
  const { NodeTestHelper } = req('node-red-node-test-helper');
  const helper = new NodeTestHelper();
  helper.init(req.resolve(runtime));
  helper.settings({ logging: { console: { level: 'off' } } });
  let httpNode: RequestListener | undefined;
  let server: Server | undefined;
  let serverApp: RequestListener | undefined;
  // A module that only captures RED.httpNode so tests can reach the HTTP endpoints nodes register.
  const capture: NodeModule = (RED) => {
    httpNode = RED.httpNode;
  };
  const stopServer = () =>
    new Promise<void>((done) => {
      if (!server) return done();
      server.closeAllConnections();
      server.close(() => done());
      server = undefined;
    });
  return {
    runtime,
    raw: helper,
    async load(modules, flow, credentials) {
      const list = Array.isArray(modules) ? modules : [modules];
      await helper.load([capture, ...list], flow, credentials ?? {});
    },
    async unload() {
      await helper.unload();
    },
    async setFlows(flow, credentials, type = 'full') {
      await helper.setFlows(flow, type, credentials ?? {});
    },
    getNode(id) {
      return helper.getNode(id);
    },
    async httpNodeUrl() {
      if (!httpNode) throw new Error('load a flow first');
      if (server && serverApp === httpNode) {
        const address = server.address();
        if (address && typeof address === 'object') return `http://127.0.0.1:${address.port}`;
      }
      await stopServer();
      serverApp = httpNode;
      const app = httpNode;
      server = createServer((req2, res) => app(req2, res));
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('no address');
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      await stopServer();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A real Node-RED runtime process
// ---------------------------------------------------------------------------------------------

export interface NodeRedProcessOptions {
  runtime?: RuntimeName;
  /** The flow to deploy (written to <userDir>/flows.json before the first start). */
  flows: unknown[];
  /** Extra environment for the runtime (REDIS_URL, CASELINK_<KIND>_<DIVISION>_URL …). */
  env?: Record<string, string>;
  userDir?: string;
  port?: number;
  /** Settings file; default settings/settings.js of the checkout. */
  settingsFile?: string;
  /** How long to wait for "Started flows"; default 30 s. */
  startTimeoutMs?: number;
  /**
   * Also wait until a caselink-redis node has connected ("Started flows" comes first, and a push
   * before the connection is answered busy). Default: when the flow has a caselink-redis node.
   */
  waitForRedis?: boolean;
}

export interface NodeRedProcess {
  readonly url: string;
  readonly port: number;
  readonly userDir: string;
  /** Process id of the running runtime (changes on restart). */
  readonly pid: number | undefined;
  /** Everything the runtime printed so far. */
  logs(): string;
  /** Waits for a log line matching the pattern (after the current end of the log, unless `fromStart`). */
  waitForLog(pattern: RegExp, timeoutMs?: number, fromStart?: boolean): Promise<void>;
  /** SIGKILL: no close handlers, no flush — a crash. */
  kill9(): Promise<void>;
  /** Starts the runtime again on the same port and userDir (flows as last deployed). */
  restart(): Promise<void>;
  /** SIGTERM (clean close), then removes the userDir if this helper created it. */
  stop(): Promise<void>;
}

/** The caselink-redis node's log line once connected (either language). */
const REDIS_CONNECTED = /caselink-redis.*(connected to |已连接 )/;

export async function startNodeRed(options: NodeRedProcessOptions): Promise<NodeRedProcess> {
  ensureBuilt();
  const root = repoRoot();
  const runtime = options.runtime ?? 'node-red';
  const redJs = join(root, 'node_modules', runtime, 'red.js');
  const ownUserDir = options.userDir === undefined;
  const userDir = options.userDir ?? mkdtempSync(join(tmpdir(), 'caselink-nodered-'));
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(options.flows, null, 2));
  const port = options.port ?? (await freePort());
  const settingsFile = options.settingsFile ?? join(root, 'settings', 'settings.js');
  let output = '';
  let child: ChildProcess | undefined;
  const waitForRedis = options.waitForRedis ?? options.flows.some((n) => (n as { type?: unknown }).type === 'caselink-redis');

  const launch = async () => {
    const mark = output.length;
    // The V8 flags `npm start` gives the runtime, so that tests and benchmarks run it as deployed.
    const { runtimeV8Flags } = rootRequire()('./scripts/start/runtime-flags.js') as { runtimeV8Flags(env: NodeJS.ProcessEnv): string[] };
    const v8Flags = runtimeV8Flags({ ...process.env, ...options.env });
    child = spawn(process.execPath, [...v8Flags, redJs, '--settings', settingsFile, '--userDir', userDir, '--port', String(port)], {
      cwd: root,
      env: {
        ...process.env,
        CASELINK_HOST: '127.0.0.1',
        CASELINK_PACKAGE_DIR: root,
        // The shipped settings in demo mode (no login; keys generated in the userDir) unless a test sets otherwise.
        CASELINK_DEMO: '1',
        CASELINK_CREDENTIAL_SECRET: 'caselink-test-credential-secret-0123456789',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const timeout = options.startTimeoutMs ?? 30_000;
    // A runtime that exits while starting fails the start at once ('close': its output is all read by then).
    const launched = child;
    const exitedWhileStarting = new Promise<never>((_, reject) =>
      launched.once('close', (code) => reject(new Error(`Node-RED exited with ${code}:\n${output.slice(mark)}`))),
    );
    exitedWhileStarting.catch(() => undefined);
    const started = waitForRedis ? REDIS_CONNECTED : /Started flows/;
    await Promise.race([waitFor(() => /Started flows/.test(output.slice(mark)) && started.test(output.slice(mark)), timeout, 50), exitedWhileStarting]).catch(
      (err: Error) => {
        // A runtime that did not come up is not left running behind the failed test.
        launched.kill('SIGKILL');
        throw new Error(`${err.message}\n--- Node-RED output ---\n${output.slice(mark)}`);
      },
    );
  };
  await launch();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    userDir,
    get pid() {
      return child?.pid;
    },
    logs: () => output,
    async waitForLog(pattern, timeoutMs = 10_000, fromStart = false) {
      const mark = fromStart ? 0 : output.length;
      await waitFor(() => pattern.test(output.slice(mark)), timeoutMs, 50).catch(() => {
        throw new Error(`no log line matching ${pattern} within ${timeoutMs} ms\n--- Node-RED output ---\n${output.slice(mark)}`);
      });
    },
    async kill9() {
      if (!child) return;
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      await launch();
    },
    async stop() {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
        await exited(child);
        clearTimeout(timer);
      }
      if (ownUserDir) rmSync(userDir, { recursive: true, force: true });
    },
  };
}

/** The path of the checkout's shipped settings file. */
export function settingsPath(): string {
  return resolve(repoRoot(), 'settings', 'settings.js');
}
