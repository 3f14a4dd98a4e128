/**
 * A running CaseLink platform for the console's browser tests: a real redis-server, the sixteen
 * legacy system simulators, and a real Node-RED runtime with the package, the hub flow
 * (flows/hub.json) and adminAuth (an admin with `*`, an operator with `read`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatorFleet, type SimulatorFleet } from '../../../demo/simulator-fleet';
import { assertBuilt } from '../../support/build';
import { repoRoot, rootRequire, startNodeRed, waitFor, type NodeRedProcess } from '../../support/node-red';
import { startRedisServer, type RedisServer } from '../../support/redis-server';

export interface ConsoleUser {
  username: string;
  password: string;
  permissions: string | string[];
}

export const USERS = {
  admin: { username: 'admin', password: 'admin-Passw0rd', permissions: '*' },
  operator: { username: 'operator', password: 'operator-Passw0rd', permissions: 'read' },
} satisfies Record<string, ConsoleUser>;

export interface ConsolePlatform {
  redis: RedisServer;
  fleet: SimulatorFleet;
  nodeRed: NodeRedProcess;
  url: string;
  /** An access token of a user (OAuth password grant, as the editor does). */
  token(user: ConsoleUser): Promise<string>;
  /** GET/POST on the admin API with an optional token; resolves with status and JSON body. */
  adminApi(path: string, options?: { token?: string; method?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Checks that the run's one build (test/support/global-setup.ts) holds the console. */
export function ensureConsoleBuilt(): void {
  assertBuilt(['dist/nodes/caselink-console.js', 'dist/console/api.js']);
}

function settingsFile(dir: string, users: ConsoleUser[]): string {
  const bcrypt = rootRequire()('bcryptjs') as { hashSync(text: string, rounds: number): string };
  const adminAuth = {
    type: 'credentials',
    users: users.map((u) => ({ username: u.username, password: bcrypt.hashSync(u.password, 8), permissions: u.permissions })),
  };
  const file = join(dir, 'settings.js');
  writeFileSync(
    file,
    [
      "'use strict';",
      `const base = require(${JSON.stringify(join(repoRoot(), 'settings', 'settings.js'))});`,
      // No telemetry consent dialog in the editor (and nothing sent out of an offline test).
      `module.exports = { ...base, adminAuth: ${JSON.stringify(adminAuth)}, telemetry: { enabled: false, updateNotification: false } };`,
      '',
    ].join('\n'),
  );
  return file;
}

/** The scrape token the platform's metrics endpoint accepts besides admin tokens. */
export const METRICS_TOKEN = 'scrape-token-for-tests';

export async function startConsolePlatform(): Promise<ConsolePlatform> {
  ensureConsoleBuilt();
  const root = repoRoot();
  const redis = await startRedisServer({ aof: true });
  const fleet = await startSimulatorFleet();
  const dir = mkdtempSync(join(tmpdir(), 'caselink-console-'));
  let nodeRed: NodeRedProcess | undefined;
  try {
    nodeRed = await startNodeRed({
      flows: JSON.parse(readFileSync(join(root, 'flows', 'hub.json'), 'utf8')),
      settingsFile: settingsFile(dir, Object.values(USERS)),
      env: {
        ...fleet.env(),
        REDIS_URL: redis.url,
        CASELINK_MAX_ATTEMPTS: '1000',
        CASELINK_RETRY_INITIAL_MS: '200',
        CASELINK_RETRY_MAX_MS: '2000',
        CASELINK_POLL_MS: '100',
        CASELINK_DELIVERY_CONCURRENCY: '4',
        CASELINK_METRICS_TOKEN: METRICS_TOKEN,
        // As `npm start`: files into a store of their own, so each case has a dossier.
        CASELINK_ATTACHMENT_STORE: `fs:${join(dir, 'attachments')}`,
      },
      startTimeoutMs: 60_000,
    });
  } catch (err) {
    await fleet.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const started = nodeRed;
  const url = started.url;
  const adminApi: ConsolePlatform['adminApi'] = async (path, options = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${url}/${path.replace(/^\//, '')}`, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: response.status, body };
  };
  // The console's Redis connection comes up with the flows; wait until it answers.
  const admin = await tokenOf(url, USERS.admin);
  await waitFor(async () => (await adminApi('caselink/api/links', { token: admin })).status === 200, 30_000, 100);
  return {
    redis,
    fleet,
    nodeRed: started,
    url,
    token: (user) => tokenOf(url, user),
    adminApi,
    async close() {
      await started.stop();
      await fleet.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function tokenOf(url: string, user: ConsoleUser): Promise<string> {
  const body = new URLSearchParams({ client_id: 'node-red-editor', grant_type: 'password', scope: '', username: user.username, password: user.password });
  const response = await fetch(`${url}/auth/token`, { method: 'POST', body });
  if (!response.ok) throw new Error(`login of ${user.username} refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
