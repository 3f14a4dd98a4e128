/**
 * The `waitaof` durability mode end to end. WAITAOF needs a Redis ≥ 7.2 protocol; the machine's
 * redis-server may be older, so these tests run on valkey-server (8.x answers as Redis 7.2.4) with
 * appendonly yes + appendfsync everysec: the mode's point is to prove each enqueue fsynced without
 * fsyncing every write.
 */
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BackpressureError, ConfigurationError, Forwarder, type WaitAofDurability } from '../../core';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { IdempotentReceiver, message, uniquePrefix, waitFor } from './helpers';

const VALKEY = 'valkey-server';
const INSTALL_HINT =
  `${VALKEY} is not installed, and the waitaof tests need it (WAITAOF, Redis ≥ 7.2). On Debian bookworm, as root: ` +
  "echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/bookworm-backports.list " +
  '&& apt-get update && apt-get install -y -t bookworm-backports valkey-server   (.ci/run does this)';

function requireValkey(): void {
  const probe = spawnSync(VALKEY, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(INSTALL_HINT);
}

function startValkey(options: { aof?: boolean; args?: string[] } = {}): Promise<RedisServer> {
  return startRedisServer({ binary: VALKEY, aof: options.aof ?? true, appendfsync: 'everysec', ...(options.args ? { args: options.args } : {}) });
}

async function infoField(client: Redis, section: string, field: string): Promise<string | undefined> {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(await client.info(section))?.[1]?.trim();
}

async function waitaofCalls(client: Redis): Promise<number> {
  const line = (await client.info('commandstats')).split('\n').find((l) => l.startsWith('cmdstat_waitaof:'));
  return Number(/calls=(\d+)/.exec(line ?? '')?.[1] ?? 0);
}

/** messageIds in a destination's stream on one server. */
async function streamIds(client: Redis, stream: string): Promise<string[]> {
  const entries = await client.xrange(stream, '-', '+');
  return entries.map(([, fields]) => fields[fields.indexOf('m') + 1]!);
}

const DEST = 'court-440105';
const LOCAL: WaitAofDurability = { mode: 'waitaof', numlocal: 1, numreplicas: 0, timeoutMs: 2000 };

let primary: RedisServer;
let admin: Redis;
beforeAll(async () => {
  requireValkey();
  primary = await startValkey();
  admin = new Redis(primary.url);
  expect(await infoField(admin, 'persistence', 'aof_enabled')).toBe('1');
  expect(await admin.config('GET', 'appendfsync')).toEqual(['appendfsync', 'everysec']);
});
afterAll(async () => {
  admin?.disconnect();
  await primary?.stop();
});

test('start-up: accepted on a WAITAOF-capable server; refused without appendonly for numlocal 1, and for settings that prove nothing', async () => {
  const fwd = await Forwarder.create({ redis: { url: primary.url }, prefix: uniquePrefix('wa'), durability: LOCAL });
  await fwd.close();

  const noAof = await startValkey({ aof: false });
  try {
    const err = await Forwarder.create({ redis: { url: noAof.url }, prefix: uniquePrefix('wa'), durability: LOCAL }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).code).toBe('WAITAOF_UNSUPPORTED');
    expect((err as Error).message).toMatch(/appendonly/);
  } finally {
    await noAof.stop();
  }

  for (const bad of [
    { numlocal: 2, numreplicas: 0, timeoutMs: 1000 },
    { numlocal: 0, numreplicas: 0, timeoutMs: 1000 },
    { numlocal: 1, numreplicas: -1, timeoutMs: 1000 },
    { numlocal: 1, numreplicas: 0, timeoutMs: 0 }, // WAITAOF would wait forever
  ]) {
    const err = await Forwarder.create({ redis: { url: primary.url }, durability: { mode: 'waitaof', ...bad } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).code).toBe('INVALID_OPTION');
  }
});

test('numlocal 1 under appendfsync everysec: each enqueue resolves after its WAITAOF; concurrent enqueues share WAITAOFs; all survive kill -9', async () => {
  const prefix = uniquePrefix('wa');
  const fwd = await Forwarder.create({ redis: { url: primary.url }, prefix, durability: LOCAL });
  const before = await waitaofCalls(admin);
  expect(await fwd.enqueue(DEST, message('m-0'), { orderKey: 'case-0' })).toEqual({ messageId: 'm-0', status: 'enqueued' });
  expect(await waitaofCalls(admin)).toBe(before + 1);

  const ids = Array.from({ length: 40 }, (_, i) => `m-${i + 1}`);
  const results = await Promise.all(ids.map((id, i) => fwd.enqueue(DEST, message(id), { orderKey: `case-${i % 4}` })));
  expect(results.every((r) => r.status === 'enqueued')).toBe(true);
  const grouped = (await waitaofCalls(admin)) - before - 1;
  expect(grouped).toBeGreaterThanOrEqual(1);
  expect(grouped).toBeLessThan(ids.length); // group commit: one WAITAOF covers several enqueues
  expect((await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' })).status).toBe('duplicate');
  await fwd.close();

  admin.disconnect();
  await primary.kill9();
  await primary.restart();
  admin = new Redis(primary.url);
  const after = await Forwarder.create({ redis: { url: primary.url }, prefix, durability: LOCAL });
  const rx = new IdempotentReceiver();
  after.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { concurrency: 8, blockMs: 200 });
  await waitFor(() => rx.effects.size === 41, 15_000, 'every acknowledged message after the crash');
  for (const [orderKey, delivered] of rx.orderByCase) {
    const expected = ['m-0', ...ids].filter((id, i) => `case-${i === 0 ? 0 : (i - 1) % 4}` === orderKey);
    expect(delivered).toEqual(expected);
  }
  await after.close();
}, 60_000);

test('numreplicas 1: confirmed by a live replica; without it enqueue fails NOT_DURABLE (other commands keep flowing meanwhile); the resend is a confirmed duplicate', async () => {
  await admin.config('SET', 'repl-diskless-sync-delay', '0'); // sync the replica at once, not after 5 s
  const replica = await startValkey({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
  const replicaClient = new Redis(replica.url);
  const linked = async () =>
    (await infoField(replicaClient, 'replication', 'master_link_status').catch(() => undefined)) === 'up' &&
    (await infoField(admin, 'replication', 'connected_slaves')) === '1';
  try {
    await waitFor(linked, 15_000, 'the replica to sync');
    const durability: WaitAofDurability = { mode: 'waitaof', numlocal: 1, numreplicas: 1, timeoutMs: 3000 };
    const fwd = await Forwarder.create({ redis: { url: primary.url }, prefix: uniquePrefix('wa'), durability });
    const stream = fwd.keys(DEST).stream;

    expect((await fwd.enqueue(DEST, message('r-1'), { orderKey: 'case-1' })).status).toBe('enqueued');
    // Confirmed means the replica has it (and fsynced it) by the time enqueue resolved.
    expect(await streamIds(replicaClient, stream)).toEqual(['r-1']);

    replicaClient.disconnect();
    await replica.kill9();
    let settledAt = 0;
    const pending = fwd.enqueue(DEST, message('r-2'), { orderKey: 'case-2' }).finally(() => {
      settledAt = Date.now();
    });
    pending.catch(() => undefined);
    // WAITAOF holds only the enqueue's own connection: figures on the shared one answer meanwhile
    // (not 3 s later, behind it), and show r-2 written, just not confirmed.
    await waitFor(async () => (await fwd.figures(DEST)).queued === 2, 5000, 'r-2 written');
    const answeredAt = Date.now();
    const err = await pending.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BackpressureError);
    expect((err as BackpressureError).code).toBe('NOT_DURABLE');
    expect((err as Error).message).toMatch(/1 local \/ 0 replica/);
    expect((err as Error).message).toMatch(/副本/);
    expect(settledAt - answeredAt).toBeGreaterThan(1000);

    await replica.restart();
    const back = new Redis(replica.url);
    try {
      await waitFor(
        async () =>
          (await infoField(back, 'replication', 'master_link_status').catch(() => undefined)) === 'up' &&
          (await infoField(admin, 'replication', 'connected_slaves')) === '1',
        15_000,
        'the replica to sync again',
      );
      // The sender resends after NOT_DURABLE: a duplicate, and now confirmed on the replica too.
      expect(await fwd.enqueue(DEST, message('r-2'), { orderKey: 'case-2' })).toEqual({ messageId: 'r-2', status: 'duplicate' });
      expect(await streamIds(back, stream)).toEqual(['r-1', 'r-2']);
    } finally {
      back.disconnect();
    }
    await fwd.close();
  } finally {
    replicaClient.disconnect();
    await replica.stop();
  }
}, 60_000);

test('appendonly switched off at run time: enqueue fails NOT_DURABLE instead of reporting success', async () => {
  const server = await startValkey();
  const client = new Redis(server.url);
  try {
    const fwd = await Forwarder.create({ redis: { url: server.url }, prefix: uniquePrefix('wa'), durability: LOCAL });
    expect((await fwd.enqueue(DEST, message('a-1'), { orderKey: 'k' })).status).toBe('enqueued');
    await client.config('SET', 'appendonly', 'no');
    const err = await fwd.enqueue(DEST, message('a-2'), { orderKey: 'k' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackpressureError);
    expect((err as BackpressureError).code).toBe('NOT_DURABLE');
    expect((err as Error).message).toMatch(/appendonly/);
    await fwd.close();
  } finally {
    client.disconnect();
    await server.stop();
  }
});
