'use strict';
// The Redis `npm start` uses when REDIS_URL is unset and no fit Redis answers on 6379: a redis-server
// child with AOF (appendfsync always) and noeviction, its data under ./data/redis.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/** True when a Redis answers PING on host:port within a second. */
function pingRedis(host, port) {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(/^\+PONG|^-NOAUTH/.test(data.toString())));
  });
}

async function startManagedRedis(dir, port) {
  fs.mkdirSync(dir, { recursive: true });
  // The settings the core checks at start-up (cli/redis-server-args.ts), from the build start.js made.
  const { durableRedisServerArgs } = require(path.join(__dirname, '..', '..', 'dist', 'cli', 'redis-server-args.js'));
  const child = spawn('redis-server', [...durableRedisServerArgs(port, dir), '--logfile', 'redis.log'], { stdio: 'ignore' });
  const failed = new Promise((_, reject) => {
    child.once('error', (err) => reject(new Error(`cannot start redis-server (${err.message}); install it (apt-get install redis-server) or set REDIS_URL`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}; see ${dir}/redis.log`)));
  });
  const ready = (async () => {
    for (let i = 0; i < 100; i++) {
      if (await pingRedis('127.0.0.1', port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('redis-server did not answer within 10 s');
  })();
  await Promise.race([ready, failed]);
  failed.catch(() => undefined);
  return {
    url: `redis://127.0.0.1:${port}`,
    dir,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM'); // redis-server flushes its AOF and exits
      }),
  };
}

/**
 * Why the Redis at `url` cannot hold CaseLink's queue with fsync-always durability, or undefined
 * when it can: appendonly yes, appendfsync always, maxmemory-policy noeviction (what the core's
 * start-up check asks for). A Redis that hides CONFIG or wants a password is not judged fit here.
 */
async function unfitForFsyncAlways(url) {
  const Redis = require('ioredis');
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const config = {};
    for (const name of ['appendonly', 'appendfsync', 'maxmemory-policy']) {
      const [, value] = await client.config('GET', name);
      config[name] = value;
    }
    const wrong = [];
    if (config.appendonly !== 'yes') wrong.push(`appendonly ${config.appendonly}`);
    if (config.appendfsync !== 'always') wrong.push(`appendfsync ${config.appendfsync}`);
    if (config['maxmemory-policy'] !== 'noeviction') wrong.push(`maxmemory-policy ${config['maxmemory-policy']}`);
    return wrong.length > 0 ? `it has ${wrong.join(', ')} (needs appendonly yes, appendfsync always, noeviction)` : undefined;
  } catch (err) {
    return `its configuration cannot be read (${err.message})`;
  } finally {
    client.disconnect();
  }
}

/** The first port from `from` on which nothing listens on 127.0.0.1. */
async function freePortFrom(from) {
  for (let port = from; port < from + 100; port++) {
    const free = await new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${from + 99}`);
}

module.exports = { pingRedis, startManagedRedis, unfitForFsyncAlways, freePortFrom };
