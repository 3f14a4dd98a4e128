/**
 * One way to start a private redis-server (or valkey-server) child on a loopback port, for the
 * conformance kit's own Redis and the test suites' servers, with the arguments of
 * cli/redis-server-args.ts (which `npm start`'s managed Redis and the test clusters use too).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisServerArgs, type RedisServerArgsOptions } from './redis-server-args';

export interface RedisServerOptions extends RedisServerArgsOptions {
  port?: number;
  dir?: string;
  /** Server programs tried in order until one starts (default redis-server, then valkey-server). */
  binaries?: readonly string[];
}

/** A real redis-server child process owned by its starter. */
export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  /** SIGKILL, no shutdown save: a crash. */
  kill9(): Promise<void>;
  /** Start again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stop and remove the data directory. */
  stop(): Promise<void>;
}

/** Asks the kernel for a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

/** Resolves once a Redis on the port answers PING with PONG. */
function waitForPong(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.write('PING\r\n');
        socket.once('data', (data) => {
          socket.destroy();
          if (data.toString().startsWith('+PONG')) resolve();
          else retry();
        });
      });
      socket.once('error', () => {
        socket.destroy();
        retry();
      });
    };
    const retry = () => {
      if (Date.now() > deadline) reject(new Error(`redis-server did not answer on ${port} within ${timeoutMs} ms (Redis未能启动)`));
      else setTimeout(attempt, 25);
    };
    attempt();
  });
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Spawns the first of `binaries` that the system has; undefined when none is installed. */
async function spawnFirst(binaries: readonly string[], args: string[]): Promise<ChildProcess | undefined> {
  for (const binary of binaries) {
    const child = spawn(binary, args, { stdio: 'ignore' });
    const missing = await new Promise<boolean>((resolve) => {
      child.once('error', () => resolve(true));
      child.once('spawn', () => resolve(false));
    });
    if (!missing) return child;
  }
  return undefined;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'caselink-redis-'));
  const binaries = options.binaries ?? ['redis-server', 'valkey-server'];
  const args = redisServerArgs(port, dir, options);
  let child: ChildProcess;
  const launch = async () => {
    const started = await spawnFirst(binaries, args);
    if (!started) throw new Error(`none of ${binaries.join(', ')} is installed (未安装Redis)`);
    child = started;
    await waitForPong(port, 10_000);
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      await launch();
    },
    async stop() {
      child.kill('SIGKILL');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
