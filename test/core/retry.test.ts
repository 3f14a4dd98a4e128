import { describe, expect, test } from 'vitest';
import { Backoff, type CaseLane, type DestinationFigures } from '../../core';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import { sharedRedis } from '../support/shared-redis';
import { TestClock } from '../support/timing';
import { createForwarder, message, sleep, waitFor } from './helpers';

/** The run's shared Redis (test/support/global-setup.ts); each test keeps to its own prefix. */
const redis = sharedRedis();

const DEST = 'court-440105';
const actor = { who: 'ops-1', why: 'test' };

describe('Backoff', () => {
  test('exponential, capped, jittered downwards only; Retry-After wins (bounded)', () => {
    const fixed = new Backoff({ initialMs: 100, factor: 2, maxMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map((a) => fixed.delay(a))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const low = new Backoff({ initialMs: 100, factor: 2, maxMs: 1000, jitter: 0.2 }, () => 1);
    expect(low.delay(2)).toBe(160);
    const high = new Backoff({ initialMs: 100, factor: 2, maxMs: 1000, jitter: 0.2 }, () => 0);
    expect(high.delay(2)).toBe(200);
    expect(fixed.delay(1, 5000)).toBe(5000);
    expect(new Backoff({ maxRetryAfterMs: 60_000 }).delay(1, 3_600_000)).toBe(60_000);
    expect(() => new Backoff({ factor: 0.5 })).toThrow(RangeError);
  });
});

describe('retries', () => {
  test('a failing receiver is retried on the backoff schedule, then dead-lettered with reason, attempts and last error', async () => {
    const fwd = await createForwarder(redis.url, {
      defaults: { maxAttempts: 4, backoff: { initialMs: 60, factor: 2, jitter: 0 } },
    });
    const calls: Array<{ at: number; attempt: number; lastError?: string }> = [];
    const consumer = fwd.consume(
      DEST,
      (d) => {
        calls.push({ at: Date.now(), attempt: d.attempt, ...(d.lastError ? { lastError: d.lastError } : {}) });
        throw new Error('boom');
      },
      { blockMs: 200, retryPollMs: 1000 },
    );
    const scheduled: number[] = [];
    consumer.on('retry', (event: { delayMs: number }) => scheduled.push(event.delayMs));
    await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' });
    await waitFor(async () => (await fwd.figures(DEST)).dead === 1, 5000, 'dead letter');
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
    expect(calls[1]!.lastError).toBe('handler failed: boom');
    // The schedule as the consumer computed it (no wall-clock upper bound: a loaded machine runs
    // late), and no attempt earlier than its delay.
    expect(scheduled).toEqual([60, 120, 240]);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    [60, 120, 240].forEach((expected, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(expected - 2);
    });
    const [letter] = await fwd.deadLetters.list(DEST, {}, actor);
    expect(letter).toMatchObject({
      messageId: 'm-1',
      orderKey: 'case-1',
      reason: 'attempt limit (4) reached',
      attempts: 4,
      lastError: 'handler failed: boom',
      message: message('m-1'),
    });
    await fwd.close();
  });

  test('a hanging receiver: the handler times out (signal aborted), the delivery is retried', async () => {
    const fwd = await createForwarder(redis.url, { defaults: { maxAttempts: 5, backoff: { initialMs: 20, jitter: 0 } } });
    const signals: AbortSignal[] = [];
    const lastErrors: Array<string | undefined> = [];
    fwd.consume(
      DEST,
      (d) => {
        signals.push(d.signal);
        lastErrors.push(d.lastError);
        if (d.attempt < 3) return new Promise<DeliveryOutcome>(() => undefined); // hangs
        return { kind: 'accepted' };
      },
      { handlerTimeoutMs: 100, blockMs: 200 },
    );
    const started = Date.now();
    await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' });
    await waitFor(async () => (await fwd.figures(DEST)).delivered === 1, 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(signals).toHaveLength(3);
    expect(signals[0]!.aborted && signals[1]!.aborted).toBe(true);
    expect(signals[2]!.aborted).toBe(false);
    expect(lastErrors[2]).toBe('handler timed out after 100 ms');
    await fwd.close();
  });

  test('a receiver that always hangs ends in the dead letters after the limit', async () => {
    const fwd = await createForwarder(redis.url, { defaults: { maxAttempts: 2, backoff: { initialMs: 20, jitter: 0 } } });
    fwd.consume(DEST, () => new Promise<DeliveryOutcome>(() => undefined), { handlerTimeoutMs: 80, blockMs: 200 });
    await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' });
    await waitFor(async () => (await fwd.figures(DEST)).dead === 1, 5000);
    const letter = await fwd.deadLetters.inspect(DEST, 'm-1', actor);
    expect(letter).toMatchObject({ reason: 'attempt limit (2) reached', attempts: 2, lastError: 'handler timed out after 80 ms' });
    await fwd.close();
  });

  test("a receiver's Retry-After is honoured", async () => {
    // The forwarder's clock is the test's: the retry is due when the test says 400 ms have passed, however slow the machine.
    const clock = new TestClock();
    const fwd = await createForwarder(redis.url, { now: clock.now, defaults: { backoff: { initialMs: 10, jitter: 0 } } });
    const calls: number[] = [];
    const consumer = fwd.consume(
      DEST,
      (d) => {
        calls.push(clock.now());
        return d.attempt === 1 ? { kind: 'retryable', reason: '503 busy', retryAfterMs: 400 } : { kind: 'accepted' };
      },
      { blockMs: 200, retryPollMs: 20 },
    );
    const scheduled: number[] = [];
    consumer.on('retry', (event: { delayMs: number }) => scheduled.push(event.delayMs));
    await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' });
    await waitFor(() => scheduled.length === 1, 5000, 'the retry scheduled');
    expect(scheduled).toEqual([400]);
    // 399 ms later by the clock: not due yet, through several looks of the promoter.
    clock.advance(399);
    await sleep(200);
    expect(calls).toHaveLength(1);
    // 400 ms: due, delivered.
    clock.advance(1);
    await waitFor(async () => (await fwd.figures(DEST)).delivered === 1, 5000);
    expect(calls).toHaveLength(2);
    expect(calls[1]! - calls[0]!).toBe(400);
    await fwd.close();
  });

  test('while a case head is retrying its later messages are parked (visible) and other cases flow', async () => {
    const fwd = await createForwarder(redis.url, { defaults: { backoff: { initialMs: 10, jitter: 0 } } });
    const order: string[] = [];
    let failA = true;
    fwd.consume(
      DEST,
      (d) => {
        if (d.messageId === 'A1' && failA) return { kind: 'retryable', reason: 'down', retryAfterMs: 60_000 };
        order.push(d.messageId);
        return { kind: 'accepted' };
      },
      { blockMs: 200, retryPollMs: 50 },
    );
    await fwd.enqueue(DEST, message('A1'), { orderKey: 'A' });
    await fwd.enqueue(DEST, message('A2'), { orderKey: 'A' });
    await fwd.enqueue(DEST, message('B1'), { orderKey: 'B' });
    await fwd.enqueue(DEST, message('A3'), { orderKey: 'A' });
    await fwd.enqueue(DEST, message('B2'), { orderKey: 'B' });
    await waitFor(() => order.length === 2, 5000);
    expect(order).toEqual(['B1', 'B2']);
    expect(await fwd.caseLane(DEST, 'A')).toEqual({ orderKey: 'A', state: 'retry', head: 'A1', waiting: ['A2', 'A3'] });
    expect(await fwd.caseLane(DEST, 'B')).toEqual({ orderKey: 'B', state: 'idle', head: null, waiting: [] });
    expect(await fwd.blockedCases(DEST)).toHaveLength(1);
    expect(await fwd.figures(DEST)).toMatchObject({ queued: 0, inFlight: 0, retrying: 1, parked: 2, blockedCases: 1, delivered: 2 });
    // Pull the retry forward (as an operator would after fixing the receiver).
    failA = false;
    await fwd.client.zadd(fwd.keys(DEST).retry, 0, 'A1');
    await waitFor(() => order.length === 5, 5000);
    expect(order).toEqual(['B1', 'B2', 'A1', 'A2', 'A3']);
    await fwd.close();
  });

  test('a case stays blocked (retrying) through each retry attempt until it completes: sampled figures never show it flowing', async () => {
    const fwd = await createForwarder(redis.url, { defaults: { backoff: { initialMs: 30, factor: 1, jitter: 0 } } });
    const samples: Array<{ f: DestinationFigures; lane: CaseLane }> = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [f, lane] = await Promise.all([fwd.figures(DEST), fwd.caseLane(DEST, 'A')]);
        samples.push({ f, lane });
      }
    })();
    // An attempt holds until the sampler has looked at least three times while it runs.
    const sampledDuring = async () => {
      const from = samples.length;
      await waitFor(() => samples.length >= from + 3, 5000, 'samples during the attempt');
    };
    const attempts: number[] = [];
    const order: string[] = [];
    fwd.consume(
      DEST,
      async (d) => {
        if (d.messageId !== 'A1') {
          order.push(d.messageId);
          return { kind: 'accepted' };
        }
        attempts.push(d.attempt);
        if (d.attempt === 1) return { kind: 'retryable', reason: 'HTTP 503' };
        await sampledDuring();
        if (d.attempt === 2) return { kind: 'retryable', reason: 'HTTP 503 again' };
        order.push(d.messageId);
        return { kind: 'accepted' };
      },
      { blockMs: 200, retryPollMs: 20 },
    );
    await fwd.enqueue(DEST, message('A1'), { orderKey: 'A' });
    await fwd.enqueue(DEST, message('A2'), { orderKey: 'A' });
    await waitFor(async () => (await fwd.figures(DEST)).retrying === 1, 5000, 'first retry');
    const firstRetry = samples.length;
    // The handler has seen A2 before its completion is written: wait for the figures to say so too.
    await waitFor(async () => order.includes('A2') && (await fwd.figures(DEST)).delivered === 2, 10_000, 'A1 then A2 delivered');
    sampling = false;
    await sampler;
    samples.push({ f: await fwd.figures(DEST), lane: await fwd.caseLane(DEST, 'A') });

    expect(attempts).toEqual([1, 2, 3]);
    expect(order).toEqual(['A1', 'A2']);
    // From the first retry until A1 is delivered every snapshot shows the case blocked by A1,
    // A2 parked behind it, and nothing flowing — also while attempts 2 and 3 run.
    const beforeDelivery = samples.slice(firstRetry).filter((s) => s.f.delivered === 0);
    expect(beforeDelivery.length).toBeGreaterThanOrEqual(6);
    for (const { f, lane } of beforeDelivery) {
      expect(f).toMatchObject({ blockedCases: 1, retrying: 1, parked: 1, queued: 0, inFlight: 0, dead: 0 });
      expect(lane).toEqual({ orderKey: 'A', state: 'retry', head: 'A1', waiting: ['A2'] });
    }
    // Once A1 is done the case is unblocked and A2 flows.
    const last = samples[samples.length - 1]!;
    expect(last.f).toMatchObject({ blockedCases: 0, retrying: 0, parked: 0, delivered: 2 });
    expect(await fwd.caseLane(DEST, 'A')).toEqual({ orderKey: 'A', state: 'idle', head: null, waiting: [] });
    expect(await fwd.client.hgetall(fwd.keys(DEST).msgs)).toEqual({});
    await fwd.close();
  });

  test('a retry attempt that ends in the dead letters leaves the case blocked as dead, never flowing in between', async () => {
    const fwd = await createForwarder(redis.url, { defaults: { maxAttempts: 2, backoff: { initialMs: 30, jitter: 0 } } });
    const states: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) states.push((await fwd.caseLane(DEST, 'A')).state);
    })();
    fwd.consume(DEST, () => ({ kind: 'retryable', reason: 'HTTP 503' }), { blockMs: 200, retryPollMs: 20 });
    await fwd.enqueue(DEST, message('A1'), { orderKey: 'A' });
    await fwd.enqueue(DEST, message('A2'), { orderKey: 'A' });
    await waitFor(async () => (await fwd.figures(DEST)).dead === 1, 5000, 'dead letter');
    sampling = false;
    await sampler;
    const firstRetry = states.indexOf('retry');
    expect(firstRetry).toBeGreaterThanOrEqual(0);
    expect(states.slice(firstRetry).every((s) => s === 'retry' || s === 'dead')).toBe(true);
    expect(await fwd.figures(DEST)).toMatchObject({ dead: 1, retrying: 0, parked: 1, blockedCases: 1, inFlight: 0, queued: 0 });
    expect(await fwd.caseLane(DEST, 'A')).toEqual({ orderKey: 'A', state: 'dead', head: 'A1', waiting: ['A2'] });
    expect(await fwd.client.hkeys(fwd.keys(DEST).msgs)).toEqual(['pA2']);
    await fwd.close();
  });

  test('retry schedule on a simulated clock', async () => {
    let now = Date.UTC(2024, 5, 1);
    const fwd = await createForwarder(redis.url, {
      now: () => now,
      defaults: { backoff: { initialMs: 10 * 60_000, maxMs: 3_600_000, jitter: 0 } },
    });
    const attempts: number[] = [];
    fwd.consume(
      DEST,
      (d) => {
        attempts.push(d.attempt);
        return d.attempt === 1 ? { kind: 'retryable', reason: 'down' } : { kind: 'accepted' };
      },
      { blockMs: 200, retryPollMs: 30 },
    );
    await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' });
    await waitFor(async () => (await fwd.figures(DEST)).retrying === 1, 5000);
    expect(await fwd.client.zscore(fwd.keys(DEST).retry, 'm-1')).toBe(String(now + 10 * 60_000));
    now += 10 * 60_000 - 1;
    await sleep(150);
    expect(attempts).toEqual([1]);
    now += 1;
    await waitFor(async () => (await fwd.figures(DEST)).delivered === 1, 5000);
    expect(attempts).toEqual([1, 2]);
    await fwd.close();
  });
});
