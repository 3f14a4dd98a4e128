import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { AuditLog, GENESIS_HASH, auditOrRefuse, recordHash, verifyJsonlFile, type AuditEntry } from '../../security/audit-log';
import { AuditUnavailableError } from '../../security/errors';
import { connectFailFast } from '../../security/redis-guard';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { sharedRedis } from '../support/shared-redis';
import { ensureBuilt, runCli } from './helpers';

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: 'psb-440105',
  action: 'ingress',
  subject: `JZPT-${n}`,
  outcome: 'accepted',
  detail: { destination: 'procuratorate-440105', n },
  ...extra,
});

describe('hash-chained audit log (real Redis)', () => {
  let server: RedisServer;
  let redis: Redis;
  let dir: string;
  let prefixSeq = 0;
  const prefix = () => `au${++prefixSeq}`;

  beforeAll(async () => {
    server = sharedRedis();
    redis = new Redis(server.url);
    dir = mkdtempSync(join(tmpdir(), 'caselink-audit-'));
    ensureBuilt();
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends records chained by hash and verifies the chain', async () => {
    const log = new AuditLog(redis, { prefix: prefix(), now: () => Date.parse('2022-12-05T01:30:00Z') });
    const first = await log.append(entry(1));
    expect(first).toMatchObject({ seq: 1, at: '2022-12-05T01:30:00.000Z', prevHash: GENESIS_HASH, action: 'ingress', subject: 'JZPT-1' });
    const { hash, ...rest } = first;
    expect(hash).toBe(recordHash(rest));
    const second = await log.append(entry(2, { action: 'delivery', outcome: 'delivered' }));
    expect(second.prevHash).toBe(first.hash);
    // Records with odd subjects and details chain by the recordHash rule too.
    for (const odd of [{ detail: undefined }, { subject: 'say "\\ 案件" \u2028', detail: { z: [1, { b: null, a: '"' }], é: 1.5, A: true } }]) {
      const { hash: oddHash, ...oddRest } = await log.append(entry(0, odd));
      expect(oddHash).toBe(recordHash(oddRest));
    }
    for (let n = 5; n <= 10; n++) await log.append(entry(n));
    expect(await log.verify()).toEqual({ ok: true, count: 10, headSeq: 10, headHash: (JSON.parse((await log.tail(1))[0]!) as { hash: string }).hash });
    expect((await log.tail(3)).map((text) => (JSON.parse(text) as { seq: number }).seq)).toEqual([8, 9, 10]);
  });

  it('names the first broken link when a record is edited in Redis, also through the CLI', async () => {
    const p = prefix();
    const log = new AuditLog(redis, { prefix: p });
    for (let n = 1; n <= 8; n++) await log.append(entry(n));
    const ok = runCli(['audit', 'verify', '--redis', server.url, '--prefix', p]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^OK .*8 records, chain intact/);

    const record = JSON.parse((await redis.lindex(log.key, 4))!) as Record<string, unknown>;
    await redis.lset(log.key, 4, JSON.stringify({ ...record, outcome: 'rejected' }));
    expect(await log.verify()).toMatchObject({ ok: false, seq: 5, count: 4, reason: expect.stringMatching(/record 5 does not match its hash.*篡改/) });
    const broken = runCli(['audit', 'verify', '--redis', server.url, '--prefix', p]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/BROKEN .*first broken link at seq 5: record 5 does not match its hash/);

    // rewriting the hash too moves the break to the next link; deleting a record breaks the sequence
    const rehashed = { ...record, outcome: 'rejected' } as Record<string, unknown>;
    delete rehashed.hash;
    await redis.lset(log.key, 4, JSON.stringify({ ...rehashed, hash: recordHash(rehashed as never) }));
    expect(await log.verify()).toMatchObject({ ok: false, seq: 6, reason: expect.stringMatching(/prevHash does not match the hash of record 5/) });
    await redis.lset(log.key, 4, JSON.stringify(record));
    expect((await log.verify()).ok).toBe(true);
    await redis.lrem(log.key, 1, (await redis.lindex(log.key, 2))!);
    expect(await log.verify()).toMatchObject({ ok: false, seq: 3, reason: expect.stringMatching(/expected seq 3, found 4/) });
  });

  it('exports to an append-only JSONL file, incrementally, and verifies the file', async () => {
    const p = prefix();
    const log = new AuditLog(redis, { prefix: p });
    const file = join(dir, `${p}.jsonl`);
    for (let n = 1; n <= 5; n++) await log.append(entry(n));
    expect(await log.exportJsonl(file)).toEqual({ exported: 5, lastSeq: 5 });
    for (let n = 6; n <= 7; n++) await log.append(entry(n));
    const cli = runCli(['audit', 'export', '--redis', server.url, '--prefix', p, '--file', file]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/exported 2 records .* seq 7/);
    expect(await verifyJsonlFile(file)).toMatchObject({ ok: true, count: 7 });
    expect(runCli(['audit', 'verify', '--file', file]).status).toBe(0);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[2] = lines[2]!.replace('"outcome":"accepted"', '"outcome":"refused"');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(await verifyJsonlFile(file)).toMatchObject({ ok: false, seq: 3 });
    const cliBroken = runCli(['audit', 'verify', '--file', file]);
    expect(cliBroken.status).toBe(2);
    expect(cliBroken.stderr).toMatch(/first broken link at seq 3/);
  });

  it('keeps one valid chain when two connections (two processes) append concurrently', async () => {
    const p = prefix();
    const other = new Redis(server.url);
    const logs = [new AuditLog(redis, { prefix: p }), new AuditLog(other, { prefix: p })];
    const started = Date.now();
    const written = await Promise.all(Array.from({ length: 600 }, (_, i) => logs[i % 2]!.append(entry(i, { actor: `node-${i % 2}` }))));
    const elapsed = Date.now() - started;
    expect(new Set(written.map((r) => r.seq)).size).toBe(600);
    expect(await logs[0]!.verify()).toMatchObject({ ok: true, count: 600 });
    // and sequentially interleaved writers, each forced to chain from a tail the other moved
    for (let i = 0; i < 50; i++) await logs[i % 2]!.append(entry(1000 + i));
    expect(await logs[1]!.verify()).toMatchObject({ ok: true, count: 650 });
    console.log(`600 concurrent appends from 2 connections: ${elapsed} ms`);
    other.disconnect();
  });

  it('keeps each writer’s records in the order they were appended while batches are in flight and refused', async () => {
    const p = prefix();
    const other = new Redis(server.url);
    // Small batches: several are sent before the one ahead is acknowledged, and the other writer's refuse some.
    const logs = [new AuditLog(redis, { prefix: p, maxBatch: 3 }), new AuditLog(other, { prefix: p, maxBatch: 3 })];
    const rounds = Array.from({ length: 20 }, (_, round) =>
      Promise.all(Array.from({ length: 10 }, (_, i) => logs[(round + i) % 2]!.append(entry(round * 10 + i, { actor: `node-${(round + i) % 2}` })))),
    );
    const written = (await Promise.all(rounds)).flat();
    expect(new Set(written.map((r) => r.seq)).size).toBe(200);
    expect(await logs[0]!.verify()).toMatchObject({ ok: true, count: 200 });
    const stored = (await logs[0]!.range(0, 200)).map((text) => JSON.parse(text) as { actor: string; detail: { n: number } });
    for (const actor of ['node-0', 'node-1']) {
      const order = stored.filter((r) => r.actor === actor).map((r) => r.detail.n);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    other.disconnect();
  });

  it('masks personal data in subject and detail, and refuses malformed entries', async () => {
    const log = new AuditLog(redis, { prefix: prefix() });
    const record = await log.append(
      entry(1, { subject: 'refused 440105199001011239', detail: { person: { name: '张三', idNumber: '440105199001011239' }, token: 'secret' } }),
    );
    expect(record.subject).toBe('refused 440105********1239');
    expect(record.detail).toEqual({ person: { name: '张*', idNumber: '440105********1239' }, token: '[REDACTED]' });
    await expect(log.append({ ...entry(2), action: 'launch' as never })).rejects.toMatchObject({ code: 'AUDIT_INVALID_ENTRY' });
    await expect(log.append({ ...entry(2), actor: '' })).rejects.toMatchObject({ code: 'AUDIT_INVALID_ENTRY' });
    expect((await log.verify()).ok).toBe(true);
  });

  it('fails closed, quickly, when Redis is gone or does not answer; the chain continues afterwards', async () => {
    const own = await startRedisServer({ aof: true });
    onTestFinished(() => own.stop());
    const clients: Redis[] = [];
    let client: Redis | undefined;
    try {
      const plain = new Redis(own.url);
      const failFast = await connectFailFast(own.url); // FAIL_FAST_REDIS_OPTIONS, ready before use
      const admin = new Redis(own.url);
      for (const c of [plain, failFast, admin]) c.on('error', () => undefined);
      clients.push(plain, failFast, admin);
      const p = prefix();
      const logs = [new AuditLog(plain, { prefix: p, timeoutMs: 500 }), new AuditLog(failFast, { prefix: p, timeoutMs: 500 })];
      await logs[0]!.append(entry(1));
      await logs[1]!.append(entry(2));

      // unresponsive: writes paused longer than the deadline
      await admin.client('PAUSE', 1500, 'WRITE');
      let started = Date.now();
      await expect(logs[0]!.append(entry(3))).rejects.toBeInstanceOf(AuditUnavailableError);
      expect(Date.now() - started).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 1_200));

      // gone: SIGKILL
      await own.kill9();
      for (const log of logs) {
        started = Date.now();
        const error = await log.append(entry(4)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AuditUnavailableError);
        expect((error as AuditUnavailableError).code).toBe('AUDIT_UNAVAILABLE');
        expect((error as Error).message).toMatch(/audit log unavailable.*拒绝受理/);
        expect(Date.now() - started).toBeLessThan(1_000);
      }
      const gate = await auditOrRefuse(logs[0]!, entry(5));
      expect(gate).toMatchObject({ ok: false, reason: expect.stringMatching(/审计日志不可写/) });

      await own.restart();
      client = new Redis(own.url);
      const after = new AuditLog(client, { prefix: p });
      const next = await after.append(entry(6));
      expect(next.seq).toBeGreaterThan(2);
      expect(await after.verify()).toMatchObject({ ok: true, count: next.seq });
    } finally {
      for (const c of [...clients, client]) c?.disconnect();
      await own.stop();
    }
  });

  it('refuses to extend a chain whose tail is unreadable', async () => {
    const log = new AuditLog(redis, { prefix: prefix() });
    await log.append(entry(1));
    await redis.rpush(log.key, 'not json');
    const other = new AuditLog(redis, { prefix: log.key.split(':')[0] });
    await expect(other.append(entry(2))).rejects.toMatchObject({ code: 'AUDIT_CORRUPT' });
    await expect(log.append(entry(2))).rejects.toMatchObject({ code: 'AUDIT_CORRUPT' });
  });

  it('prints the last records with audit tail', async () => {
    const p = prefix();
    const log = new AuditLog(redis, { prefix: p });
    for (let n = 1; n <= 4; n++) await log.append(entry(n));
    const out = runCli(['audit', 'tail', '--redis', server.url, '--prefix', p, '-n', '2']);
    expect(out.status, out.stderr).toBe(0);
    expect(
      out.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { seq: number }).seq),
    ).toEqual([3, 4]);
    expect(runCli(['audit', 'verify', '--redis', 'redis://127.0.0.1:1', '--prefix', p]).status).toBe(1);
  });
});
