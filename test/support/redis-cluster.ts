import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exited } from '../../cli/redis-server';
import { redisServerArgs } from '../../cli/redis-server-args';

const run = promisify(execFile);

/** A local Redis Cluster of N masters (and, if asked, replicas), owned by one test suite. */
export interface RedisCluster {
  /** Every node, masters first as created (replicas after them). */
  nodes: Array<{ host: string; port: number }>;
  dir: string;
  /** SIGKILLs one node (a crash). */
  kill9(port: number): Promise<void>;
  /** Starts a killed node again on its port with its nodes.conf (it rejoins; a failed-over master comes back as a replica). */
  restart(port: number): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** Replicas per master (default 0). */
  replicas?: number;
  /** Server binary (default redis-server; valkey-server works too). */
  binary?: string;
  /** cluster-node-timeout in ms (default 5000): how soon a dead master is failed over. */
  nodeTimeoutMs?: number;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port whose cluster bus port (port + 10000) is free too. */
async function clusterPort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if (taken.has(port) || taken.has(port + 10_000)) continue;
    if ((await portFree(port)) && (await portFree(port + 10_000))) {
      taken.add(port);
      taken.add(port + 10_000);
      return port;
    }
  }
  throw new Error('no free port pair for a cluster node');
}

async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  return stdout;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`redis cluster: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Spawns `masters` redis-server processes with cluster mode on, joins them with
 * `redis-cli --cluster create … --cluster-replicas 0 --cluster-yes` and waits for cluster_state:ok
 * on every node.
 */
export async function startRedisCluster(masters = 3, extraArgs: string[] = [], options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-cluster-'));
  const taken = new Set<number>();
  const ports: number[] = [];
  const replicas = options.replicas ?? 0;
  for (let i = 0; i < masters * (1 + replicas); i++) ports.push(await clusterPort(taken));
  const spawnNode = (port: number) =>
    spawn(
      options.binary ?? 'redis-server',
      redisServerArgs(port, dir, {
        args: [
          '--appendfilename',
          `appendonly-${port}.aof`,
          '--appenddirname',
          `aof-${port}`,
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          String(options.nodeTimeoutMs ?? 5000),
          ...extraArgs,
        ],
      }),
      { stdio: 'ignore' },
    );
  const children = new Map(ports.map((port) => [port, spawnNode(port)]));
  const stop = async () => {
    for (const child of children.values()) child.kill('SIGKILL');
    await Promise.all([...children.values()].map(exited));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) await waitUntil(async () => (await redisCli(port, 'PING')).trim() === 'PONG', 10_000, `node ${port}`);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes']);
    for (const port of ports) {
      await waitUntil(async () => (await redisCli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'), 20_000, `cluster_state:ok on ${port}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    dir,
    async kill9(port) {
      const child = children.get(port);
      if (!child) throw new Error(`no cluster node on ${port}`);
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart(port) {
      const child = spawnNode(port);
      children.set(port, child);
      await waitUntil(async () => (await redisCli(port, 'PING')).trim() === 'PONG', 20_000, `node ${port} back`);
    },
    stop,
  };
}
