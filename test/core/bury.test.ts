import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Forwarder } from '../../core';
import { type RedisServer } from '../support/redis-server';
import { sharedRedis } from '../support/shared-redis';
import { createForwarder, message, waitFor } from './helpers';

let redis: RedisServer;
let fwd: Forwarder | undefined;
beforeAll(async () => {
  redis = sharedRedis();
});
afterEach(async () => {
  await fwd?.close();
  fwd = undefined;
});
afterAll(async () => {
  await redis?.stop();
});

const ops = { who: 'zhang.wei', why: 'check the kept input' };

test('bury keeps a message as the same dead letter a permanent delivery outcome leaves, with no consumer; a resend is a duplicate', async () => {
  fwd = await createForwarder(redis.url);
  const reason = 'quarantined: xm: missing (缺少)';
  // The way it was kept before: enqueue, then a consumer answering permanent.
  await fwd.enqueue('via-consumer', message('Q1'), { orderKey: 'Q1' });
  const consumer = fwd.consume('via-consumer', () => ({ kind: 'permanent', reason, code: 'QUARANTINE' }), { blockMs: 100 });
  await waitFor(async () => (await fwd!.figures('via-consumer')).dead === 1);
  await consumer.stop();

  expect(await fwd.bury('direct', message('Q1'), { orderKey: 'Q1', reason })).toEqual({ messageId: 'Q1', status: 'enqueued' });
  expect(await fwd.bury('direct', message('Q1'), { orderKey: 'Q1', reason })).toEqual({ messageId: 'Q1', status: 'duplicate' });
  expect(await fwd.enqueue('direct', message('Q1'), { orderKey: 'Q1' })).toEqual({ messageId: 'Q1', status: 'duplicate' });

  const [before] = await fwd.deadLetters.list('via-consumer', {}, ops);
  const [direct] = await fwd.deadLetters.list('direct', {}, ops);
  const timeless = ({ enqueuedAt: _e, deadAt: _d, destination: _x, ...rest }: Record<string, unknown>) => rest;
  expect(timeless({ ...direct! })).toEqual(timeless({ ...before! }));
  const { oldestAgeMs: _o1, at: _a1, destination: _d1, ...figuresBefore } = await fwd.figures('via-consumer');
  const { oldestAgeMs: _o2, at: _a2, destination: _d2, ...figuresDirect } = await fwd.figures('direct');
  expect(figuresDirect).toEqual(figuresBefore);
  expect(await fwd.caseLane('direct', 'Q1')).toEqual(await fwd.caseLane('via-consumer', 'Q1'));
  expect(await fwd.destinations()).toEqual(expect.arrayContaining(['direct', 'via-consumer']));

  // Discarded, the lane is free again; a message of a busy lane is refused, nothing written.
  await fwd.deadLetters.discard('direct', { messageId: 'Q1' }, ops);
  await fwd.enqueue('direct', message('B1'), { orderKey: 'busy' });
  await expect(fwd.bury('direct', message('B2'), { orderKey: 'busy', reason })).rejects.toMatchObject({ code: 'LANE_BUSY' });
  expect((await fwd.figures('direct')).dead).toBe(0);
});
