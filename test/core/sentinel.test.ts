import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Forwarder } from '../../core';
import { freePort } from '../support/free-port';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { IdempotentReceiver, message, uniquePrefix, waitFor } from './helpers';

let master: RedisServer;
let sentinel: ChildProcess;
let sentinelPort: number;
let dir: string;

beforeAll(async () => {
  master = await startRedisServer();
  sentinelPort = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'caselink-sentinel-'));
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(conf, [`port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor caselink 127.0.0.1 ${master.port} 1`, ''].join('\n'));
  sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  await waitFor(
    async () => {
      try {
        const probe = await Forwarder.create({
          redis: { sentinel: { sentinels: [{ host: '127.0.0.1', port: sentinelPort }], name: 'caselink' } },
          durability: 'none',
          prefix: 'probe',
        });
        await probe.close();
        return true;
      } catch {
        return false;
      }
    },
    15_000,
    'sentinel to know the master',
  );
});
afterAll(async () => {
  sentinel?.kill('SIGKILL');
  await master?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Sentinel: the connection factory resolves the master through Sentinel; enqueue and delivery work', async () => {
  const fwd = await Forwarder.create({
    redis: { sentinel: { sentinels: [{ host: '127.0.0.1', port: sentinelPort }], name: 'caselink' } },
    prefix: uniquePrefix('sentinel'),
    durability: 'none',
  });
  const rx = new IdempotentReceiver();
  fwd.consume('court-440105', (d) => rx.receive(d.messageId, d.orderKey), { blockMs: 200 });
  for (let i = 0; i < 5; i++) await fwd.enqueue('court-440105', message(`m${i}`), { orderKey: 'case-1' });
  await waitFor(() => rx.effects.size === 5);
  expect(rx.orderByCase.get('case-1')).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  await fwd.close();
});
