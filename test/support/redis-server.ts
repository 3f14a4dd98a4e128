import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface RedisServerOptions {
  /** Turn on AOF persistence (appendonly yes). */
  aof?: boolean;
  /** appendfsync policy when aof is on; default "always". */
  appendfsync?: 'always' | 'everysec' | 'no';
  /** Extra redis-server arguments, e.g. ['--maxmemory', '10mb']. */
  args?: string[];
  port?: number;
  dir?: string;
  /** Server program, default "redis-server" (e.g. "valkey-server" for a server with WAITAOF). */
  binary?: string;
}

/** A real redis-server child process owned by one test suite. */
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

function waitForPort(port: number, timeoutMs: number): Promise<void> {
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
      if (Date.now() > deadline) reject(new Error(`redis-server on ${port} did not start`));
      else setTimeout(attempt, 25);
    };
    attempt();
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'caselink-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    '--appendonly',
    options.aof ? 'yes' : 'no',
    ...(options.aof ? ['--appendfsync', options.appendfsync ?? 'always'] : []),
    ...(options.args ?? []),
  ];
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(options.binary ?? 'redis-server', args, { stdio: 'ignore' });
    await waitForPort(port, 10_000);
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
