import { describe, expect, test } from 'vitest';
import { Backoff } from '../../core';
import { LinkHold } from '../../core/link-hold';
import { sharedRedis } from '../support/shared-redis';
import { createForwarder, message, waitFor } from './helpers';

/** The run's shared Redis (test/support/global-setup.ts); each test keeps to its own prefix. */
const redis = sharedRedis();

const DEST = 'procuratorate-440105';

describe('LinkHold', () => {
  const backoff = new Backoff({ initialMs: 100, factor: 2, maxMs: 1000, jitter: 0 });

  test('holds after the configured failures in a row, spaced by the backoff, and opens on the first non-retryable outcome', () => {
    const hold = new LinkHold({ afterFailures: 3 }, backoff);
    expect(hold.record(true, 0)).toBe(false);
    expect(hold.record(true, 0)).toBe(false);
    expect(hold.state()).toEqual({ held: false });
    expect(hold.record(true, 1000)).toBe(true);
    expect(hold.state()).toEqual({ held: true, probeAt: 1100, failures: 3 });
    expect(hold.record(true, 2000)).toBe(true);
    expect(hold.state()).toEqual({ held: true, probeAt: 2200, failures: 4 });
    hold.record(true, 3000);
    hold.record(true, 4000);
    hold.record(true, 5000);
    expect(hold.state()).toMatchObject({ probeAt: 6000 }); // capped at maxMs
    expect(hold.record(true, 7000, 30_000)).toBe(true);
    expect(hold.state()).toMatchObject({ probeAt: 37_000 }); // a receiver's Retry-After wins
    expect(hold.record(false, 8000)).toBe(false);
    expect(hold.state()).toEqual({ held: false });
  });

  test('a success in between starts the count again', () => {
    const hold = new LinkHold({ afterFailures: 2 }, backoff);
    hold.record(true, 0);
    hold.record(false, 0);
    hold.record(true, 0);
    expect(hold.state()).toEqual({ held: false });
  });

  test('refuses a count below one', () => {
    expect(() => new LinkHold({ afterFailures: 0 }, backoff)).toThrow(RangeError);
  });
});

describe('a consumer with a link hold', () => {
  test('a receiver that is down gets one probe at a time instead of every case head, and the backlog drains in order once it answers', async () => {
    let clock = 1_000_000;
    const fwd = await createForwarder(redis.url, {
      now: () => clock,
      defaults: { maxAttempts: 1000, backoff: { initialMs: 50, factor: 2, maxMs: 200, jitter: 0 } },
    });
    let down = true;
    let running = 0;
    let mostAtOnce = 0;
    const attemptsWhileDown: string[] = [];
    const delivered: string[] = [];
    const consumer = fwd.consume(
      DEST,
      async (d) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
        if (down) {
          attemptsWhileDown.push(d.messageId);
          return { kind: 'retryable', reason: 'ECONNRESET' };
        }
        delivered.push(d.messageId);
        return { kind: 'accepted' };
      },
      { concurrency: 8, blockMs: 100, retryPollMs: 50, linkHold: { afterFailures: 4 } },
    );
    const held: number[] = [];
    let resumed = 0;
    consumer.on('held', (event: { failures: number }) => held.push(event.failures));
    consumer.on('resumed', () => resumed++);
    try {
      for (let c = 0; c < 20; c++) {
        for (let k = 0; k < 3; k++) await fwd.enqueue(DEST, message(`m-${c}-${k}`), { orderKey: `case-${c}` });
      }
      await waitFor(() => held.length >= 1, 5000, 'link held');
      // Held: once the deliveries in flight have ended, nothing runs until the (injected) clock
      // reaches the probe's due time, and then one probe alone.
      await waitFor(() => running === 0, 5000, 'deliveries in flight ended');
      const whenHeld = attemptsWhileDown.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(attemptsWhileDown.length).toBe(whenHeld);
      mostAtOnce = 0;
      for (let probe = 0; probe < 3; probe++) {
        const before = attemptsWhileDown.length;
        clock += 1000;
        await waitFor(() => attemptsWhileDown.length === before + 1, 5000, `probe ${probe + 1}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(attemptsWhileDown.length).toBe(before + 1);
      }
      expect(mostAtOnce).toBeLessThanOrEqual(1);
      expect(held.at(-1)).toBeGreaterThanOrEqual(7);

      down = false;
      for (let i = 0; i < 40 && delivered.length < 60; i++) {
        clock += 1000;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await waitFor(() => delivered.length === 60, 10_000, 'backlog drained');
      expect(resumed).toBe(1);
      for (let c = 0; c < 20; c++) {
        const ofCase = delivered.filter((id) => id.startsWith(`m-${c}-`));
        expect(ofCase).toEqual([`m-${c}-0`, `m-${c}-1`, `m-${c}-2`]);
      }
      expect((await fwd.figures(DEST)).dead).toBe(0);
    } finally {
      await fwd.close();
    }
  });
});
