import { expect, test } from 'vitest';
import { ConfigurationError, ValidationError } from '../../core';
import { sharedRedis } from '../support/shared-redis';
import { createForwarder, IdempotentReceiver, message, sleep, uniquePrefix, waitFor } from './helpers';

/** The run's shared Redis (test/support/global-setup.ts); each test keeps to its own prefix. */
const redis = sharedRedis();

const DEST = 'court-440105';
const ops = { who: 'zhang.wei', why: 'receiver schema fixed (ticket 42)' };

/** A field of a raw stream entry. */
function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

test('poison message: other cases keep flowing, the case is parked, replay delivers each once in order, all audited', async () => {
  const fwd = await createForwarder(redis.url);
  const rx = new IdempotentReceiver();
  let poisoned = true;
  fwd.consume(
    DEST,
    (d) =>
      poisoned && d.messageId === 'A2' ? { kind: 'permanent', reason: 'schema rejected: field docNo', code: 'E_SCHEMA' } : rx.receive(d.messageId, d.orderKey),
    { concurrency: 4, blockMs: 200 },
  );
  const plan: Array<[string, string]> = [];
  for (let n = 1; n <= 5; n++) for (const c of ['A', 'B', 'C']) if (!(c === 'C' && n > 3)) plan.push([`${c}${n}`, c]);
  for (const [id, orderKey] of plan) await fwd.enqueue(DEST, message(id), { orderKey });
  await waitFor(() => rx.effects.size === 9, 5000, 'A1, B*, C*');
  await waitFor(async () => (await fwd.figures(DEST)).dead === 1);
  expect(rx.orderByCase.get('A')).toEqual(['A1']);
  expect(rx.orderByCase.get('B')).toEqual(['B1', 'B2', 'B3', 'B4', 'B5']);
  expect(rx.orderByCase.get('C')).toEqual(['C1', 'C2', 'C3']);
  expect(await fwd.caseLane(DEST, 'A')).toEqual({ orderKey: 'A', state: 'dead', head: 'A2', waiting: ['A3', 'A4', 'A5'] });
  expect(await fwd.figures(DEST)).toMatchObject({ queued: 0, inFlight: 0, retrying: 0, dead: 1, parked: 3, blockedCases: 1 });

  expect((await fwd.deadLetters.list(DEST, { orderKey: 'A' }, ops)).map((l) => l.messageId)).toEqual(['A2']);
  expect(await fwd.deadLetters.list(DEST, { orderKey: 'B' }, ops)).toEqual([]);
  expect(await fwd.deadLetters.list(DEST, { reasonContains: 'SCHEMA' }, ops)).toHaveLength(1);
  expect(await fwd.deadLetters.list(DEST, { since: Date.now() + 60_000 }, ops)).toEqual([]);
  const letter = await fwd.deadLetters.inspect(DEST, 'A2', ops);
  expect(letter).toMatchObject({
    destination: DEST,
    messageId: 'A2',
    orderKey: 'A',
    reason: 'schema rejected: field docNo',
    attempts: 1,
    message: message('A2'),
  });
  expect(letter!.deadAt).toBeGreaterThanOrEqual(letter!.enqueuedAt);
  expect(await fwd.deadLetters.inspect(DEST, 'nope', ops)).toBeNull();

  poisoned = false;
  expect(await fwd.deadLetters.replay(DEST, { orderKey: 'A' }, ops)).toEqual({ replayed: 1, notFound: 0 });
  await waitFor(() => rx.effects.size === 13, 5000, 'the replayed case');
  expect(rx.orderByCase.get('A')).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
  expect([...rx.deliveries.values()].every((n) => n === 1)).toBe(true);
  await waitFor(async () => (await fwd.figures(DEST)).delivered === 13);
  expect(await fwd.figures(DEST)).toMatchObject({ queued: 0, inFlight: 0, dead: 0, parked: 0, blockedCases: 0 });

  const audit = await fwd.deadLetters.audit(DEST);
  expect(audit.map((a) => a.action)).toEqual(['replay', 'inspect', 'inspect', 'list', 'list', 'list', 'list']);
  expect(audit[0]).toMatchObject({ action: 'replay', who: ops.who, why: ops.why, messageId: 'A2', orderKey: 'A', destination: DEST });
  expect(audit.every((a) => a.who === ops.who && a.why === ops.why && a.at > 0)).toBe(true);
  expect(JSON.parse(audit[6]!.detail!)).toEqual({ orderKey: 'A' });
  await fwd.close();
});

test('discard lets the next message of the case flow; the discarded one is never delivered; audited', async () => {
  const fwd = await createForwarder(redis.url);
  const rx = new IdempotentReceiver();
  fwd.consume(DEST, (d) => (d.messageId === 'X1' ? { kind: 'permanent', reason: 'rejected' } : rx.receive(d.messageId, d.orderKey)), {
    blockMs: 200,
  });
  for (const id of ['X1', 'X2', 'X3']) await fwd.enqueue(DEST, message(id), { orderKey: 'X' });
  await waitFor(async () => (await fwd.figures(DEST)).dead === 1);
  expect((await fwd.caseLane(DEST, 'X')).waiting).toEqual(['X2', 'X3']);
  expect(await fwd.deadLetters.discard(DEST, { messageId: 'X1' }, { who: 'li.na', why: 'sent by mistake' })).toEqual({
    discarded: 1,
    notFound: 0,
  });
  await waitFor(() => rx.effects.size === 2);
  expect(rx.orderByCase.get('X')).toEqual(['X2', 'X3']);
  expect(rx.effects.has('X1')).toBe(false);
  const [entry] = await fwd.deadLetters.audit(DEST, { count: 1 });
  expect(entry).toMatchObject({ action: 'discard', who: 'li.na', why: 'sent by mistake', messageId: 'X1', orderKey: 'X' });
  // A resend within the window stays a duplicate: the operator's decision holds.
  expect((await fwd.enqueue(DEST, message('X1'), { orderKey: 'X' })).status).toBe('duplicate');
  expect(await fwd.deadLetters.discard(DEST, { messageId: 'X1' }, { who: 'li.na', why: 'again' })).toEqual({ discarded: 0, notFound: 1 });
  await fwd.close();
});

test('replay a whole destination (rate-limited) and all destinations; unknown ids are counted', async () => {
  const prefix = uniquePrefix('replay');
  const fwd = await createForwarder(redis.url, { prefix });
  const rx = new IdempotentReceiver();
  let reject = true;
  const handler = (d: { messageId: string; orderKey: string; destination: string }) =>
    reject ? ({ kind: 'permanent', reason: 'closed for maintenance' } as const) : rx.receive(`${d.destination}/${d.messageId}`, d.orderKey);
  fwd.consume('court-1', handler, { blockMs: 200 });
  fwd.consume('court-2', handler, { blockMs: 200 });
  for (let c = 0; c < 6; c++) await fwd.enqueue('court-1', message(`m${c}`), { orderKey: `case-${c}` });
  for (let c = 0; c < 2; c++) await fwd.enqueue('court-2', message(`m${c}`), { orderKey: `case-${c}` });
  await waitFor(async () => (await fwd.figures('court-1')).dead === 6 && (await fwd.figures('court-2')).dead === 2);
  reject = false;
  const started = Date.now();
  expect(await fwd.deadLetters.replay('court-1', { all: true }, ops, { ratePerSec: 10 })).toEqual({ replayed: 6, notFound: 0 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(450); // 6 at 10/s
  await waitFor(() => rx.effects.size === 6);
  expect(await fwd.deadLetters.replayAll(ops, { ratePerSec: 1000 })).toEqual({ replayed: 2, notFound: 0 });
  await waitFor(() => rx.effects.size === 8);
  expect(await fwd.deadLetters.replay('court-1', { messageId: 'ghost' }, ops)).toEqual({ replayed: 0, notFound: 1 });
  expect(await fwd.destinations()).toEqual(['court-1', 'court-2']);
  await sleep(50);
  expect([...rx.deliveries.values()].every((n) => n === 1)).toBe(true);
  await fwd.close();
});

test('dead-letter operations need an actor with who and why', async () => {
  const fwd = await createForwarder(redis.url);
  await expect(fwd.deadLetters.list(DEST, {}, { who: '', why: 'x' })).rejects.toBeInstanceOf(ValidationError);
  await expect(fwd.deadLetters.replay(DEST, { all: true }, { who: 'x', why: ' ' })).rejects.toBeInstanceOf(ValidationError);
  await fwd.close();
});

test('audit retention: reads (list, inspect) older than auditRetentionDays are trimmed on write, operator actions are kept', async () => {
  const DAY = 86_400_000;
  const fwd = await createForwarder(redis.url); // default: 30 days
  const keys = fwd.keys(DEST);
  const t = Date.now(); // the test and redis-server share the machine's clock
  // Entries written long ago: explicit stream ids <ms>-<seq>, increasing per stream.
  const old = (ms: number, action: string, who: string) => ['action', action, 'who', who, 'why', 'earlier', 'at', String(ms)];
  await fwd.client.xadd(keys.audit, `${t - 400 * DAY}-0`, ...old(t - 400 * DAY, 'discard', 'wang.fang'), 'messageId', 'OLD-1', 'orderKey', 'O');
  await fwd.client.xadd(keys.auditReads, `${t - 45 * DAY}-0`, ...old(t - 45 * DAY, 'list', 'read-45d'));
  await fwd.client.xadd(keys.auditReads, `${t - 30 * DAY - 60_000}-0`, ...old(t - 30 * DAY, 'inspect', 'read-30d+1min'));
  await fwd.client.xadd(keys.auditReads, `${t - 30 * DAY + 60_000}-0`, ...old(t - 30 * DAY, 'inspect', 'read-30d-1min'));
  await fwd.client.xadd(keys.auditReads, `${t - 2 * DAY}-0`, ...old(t - 2 * DAY, 'list', 'read-2d'));
  const readers = async () => (await fwd.client.xrange(keys.auditReads, '-', '+')).map(([, f]) => field(f, 'who'));

  await fwd.deadLetters.list(DEST, {}, ops);
  expect(await readers()).toEqual(['read-30d-1min', 'read-2d', ops.who]);
  await fwd.deadLetters.inspect(DEST, 'nope', { who: 'li.na', why: 'check' });
  expect(await readers()).toEqual(['read-30d-1min', 'read-2d', ops.who, 'li.na']);

  // Operator actions are never trimmed: the 400-day-old discard stays next to a new one.
  const rx = new IdempotentReceiver();
  fwd.consume(DEST, (d) => (d.messageId === 'P1' ? { kind: 'permanent', reason: 'rejected' } : rx.receive(d.messageId, d.orderKey)), { blockMs: 200 });
  await fwd.enqueue(DEST, message('P1'), { orderKey: 'P' });
  await waitFor(async () => (await fwd.figures(DEST)).dead === 1);
  await fwd.deadLetters.discard(DEST, { messageId: 'P1' }, { who: 'li.na', why: 'sent twice' });
  await fwd.deadLetters.list(DEST, {}, ops);
  expect((await fwd.client.xrange(keys.audit, '-', '+')).map(([, f]) => field(f, 'messageId'))).toEqual(['OLD-1', 'P1']);

  // The trail merges both streams, newest first; reads can be left out.
  const trail = await fwd.deadLetters.audit(DEST);
  expect(trail.map((e) => `${e.action}:${e.who}`)).toEqual([
    `list:${ops.who}`,
    'discard:li.na',
    'inspect:li.na',
    `list:${ops.who}`,
    'list:read-2d',
    'inspect:read-30d-1min',
    'discard:wang.fang',
  ]);
  expect((await fwd.deadLetters.audit(DEST, { reads: false })).map((e) => e.messageId)).toEqual(['P1', 'OLD-1']);
  expect((await fwd.deadLetters.audit(DEST, { count: 2 })).map((e) => e.action)).toEqual(['list', 'discard']);
  await fwd.close();

  // A shorter retention: one day.
  const short = await createForwarder(redis.url, { auditRetentionDays: 1 });
  const shortKeys = short.keys(DEST);
  await short.client.xadd(shortKeys.auditReads, `${t - 2 * DAY}-0`, ...old(t - 2 * DAY, 'list', 'read-2d'));
  await short.client.xadd(shortKeys.auditReads, `${t - DAY / 2}-0`, ...old(t - DAY / 2, 'list', 'read-12h'));
  await short.deadLetters.inspect(DEST, 'nope', ops);
  expect((await short.client.xrange(shortKeys.auditReads, '-', '+')).map(([, f]) => field(f, 'who'))).toEqual(['read-12h', ops.who]);
  await short.close();
});

test('auditRetentionDays must be a positive number of days', async () => {
  for (const auditRetentionDays of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    const err = await createForwarder(redis.url, { auditRetentionDays }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).message).toMatch(/auditRetentionDays.*审计保留天数/);
  }
  const fwd = await createForwarder(redis.url, { auditRetentionDays: 0.5 });
  await fwd.close();
});
