'use strict';
// The Redis `npm start` uses when REDIS_URL is unset and nothing answers on 6379: a redis-server
// child with AOF (appendfsync always) and noeviction, its data under ./data/redis.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

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
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always',
      '--maxmemory-policy', 'noeviction', '--save', '', '--logfile', 'redis.log'],
    { stdio: 'ignore' },
  );
  const failed = new Promise((_, reject) => {
    child.once('error', (err) =>
      reject(new Error(`cannot start redis-server (${err.message}); install it (apt-get install redis-server) or set REDIS_URL`)),
    );
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

module.exports = { pingRedis, startManagedRedis };
