import { expect, test } from 'vitest';
import type { DestinationFigures } from '../../core';
import { sharedRedis } from '../support/shared-redis';
import { createForwarder, message, sleep, waitFor } from './helpers';

/** The run's shared Redis (test/support/global-setup.ts); each test keeps to its own prefix. */
const redis = sharedRedis();

const DEST = 'court-440105';

test('figures: queued, in flight, delivered, oldest age and latency histogram', async () => {
  let now = Date.UTC(2024, 0, 1);
  const fwd = await createForwarder(redis.url, { now: () => now });
  const empty = await fwd.figures(DEST);
  expect(empty).toMatchObject({ queued: 0, inFlight: 0, retrying: 0, parked: 0, dead: 0, delivered: 0, oldestAgeMs: null });
  expect(empty.latency).toMatchObject({ count: 0, p99Ms: null });
  for (let i = 0; i < 4; i++) await fwd.enqueue(DEST, message(`m${i}`), { orderKey: `case-${i}` });
  now += 5000;
  expect(await fwd.figures(DEST)).toMatchObject({ queued: 4, inFlight: 0, oldestAgeMs: 5000 });

  const gates: Array<() => void> = [];
  fwd.consume(DEST, () => new Promise((resolve) => gates.push(() => resolve({ kind: 'accepted' }))), {
    concurrency: 2,
    blockMs: 200,
  });
  await waitFor(() => gates.length === 2);
  expect(await fwd.figures(DEST)).toMatchObject({ queued: 2, inFlight: 2 });
  await fwd.enqueue(DEST, message('m0-next'), { orderKey: 'case-0' });
  expect(await fwd.caseLane(DEST, 'case-0')).toEqual({ orderKey: 'case-0', state: 'flowing', head: null, waiting: ['m0-next'] });
  expect(await fwd.figures(DEST)).toMatchObject({ queued: 3, inFlight: 2, parked: 0 });
  now += 20; // these two took 5.02 s from enqueue
  gates.splice(0).forEach((open) => open());
  await waitFor(() => gates.length === 2);
  gates.splice(0).forEach((open) => open());
  await waitFor(() => gates.length === 1);
  gates.splice(0).forEach((open) => open());
  await waitFor(async () => (await fwd.figures(DEST)).delivered === 5);
  const figures = await fwd.figures(DEST);
  expect(figures).toMatchObject({ queued: 0, inFlight: 0, oldestAgeMs: null });
  expect(figures.latency.count).toBe(5);
  expect(figures.latency.buckets.find((b) => b.leMs === 10_000)!.count).toBe(4);
  expect(figures.latency.p50Ms).toBe(10_000);
  await fwd.close();
});

test("'figures' events: emitted when figures change, throttled, quiet when nothing changes; destinations listed", async () => {
  const fwd = await createForwarder(redis.url, { figuresIntervalMs: 50 });
  const events: DestinationFigures[] = [];
  const onFigures = (f: DestinationFigures) => events.push(f);
  fwd.on('figures', onFigures);
  for (let i = 0; i < 3; i++) await fwd.enqueue(DEST, message(`m${i}`), { orderKey: 'case-1' });
  await waitFor(() => events.some((e) => e.destination === DEST && e.queued === 3), 2000, 'queued 3 event');
  fwd.consume(DEST, () => ({ kind: 'accepted' }), { blockMs: 200 });
  await waitFor(() => events.some((e) => e.delivered === 3 && e.queued === 0), 2000, 'delivered 3 event');
  await sleep(120);
  const settled = events.length;
  await sleep(300);
  expect(events.length).toBe(settled); // nothing changed, nothing emitted
  expect(events.length).toBeLessThan(20); // throttled
  fwd.off('figures', onFigures);
  await fwd.enqueue('court-other', message('x'), { orderKey: 'c' });
  expect(await fwd.destinations()).toEqual([DEST, 'court-other']);
  await fwd.close();
});
