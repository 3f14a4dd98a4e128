import { randomBytes } from 'node:crypto';
import { onTestFinished } from 'vitest';
import { Forwarder, type ForwarderOptions } from '../../core';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';

/** A fresh key prefix per test: tests share a server but never keys. */
export function uniquePrefix(name = 't'): string {
  return `${name}-${randomBytes(4).toString('hex')}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Closes a resource when the running test ends, passed or failed (a `finally` for every test that
 * opens it). Outside a test (beforeAll) it does nothing: close it in afterAll.
 */
export function closeAfterTest<T extends { close(): Promise<unknown> } | { stop(): Promise<unknown> }>(resource: T): T {
  try {
    onTestFinished(async () => {
      await ('close' in resource ? resource.close() : resource.stop());
    });
  } catch {
    // not inside a test
  }
  return resource;
}

/** A forwarder on a fresh prefix, closed when the test ends (closing it earlier is fine: close is idempotent). */
export async function createForwarder(url: string, options: Partial<ForwarderOptions> = {}): Promise<Forwarder> {
  return closeAfterTest(
    await Forwarder.create({
      redis: { url },
      prefix: uniquePrefix(),
      durability: 'none',
      ...options,
    }),
  );
}

export function message(id: string, extra: Record<string, unknown> = {}) {
  return { messageId: id, docType: 'INDICTMENT', body: `document ${id}`, ...extra };
}

/**
 * An idempotent receiver like a legacy system: the first delivery of a messageId has an effect,
 * later ones answer duplicate. Keeps the effect order per case.
 */
export class IdempotentReceiver {
  readonly effects = new Map<string, number>();
  readonly deliveries = new Map<string, number>();
  readonly orderByCase = new Map<string, string[]>();

  receive(messageId: string, orderKey: string): DeliveryOutcome {
    this.deliveries.set(messageId, (this.deliveries.get(messageId) ?? 0) + 1);
    if (this.effects.has(messageId)) return { kind: 'duplicate' };
    this.effects.set(messageId, 1);
    const list = this.orderByCase.get(orderKey) ?? [];
    list.push(messageId);
    this.orderByCase.set(orderKey, list);
    return { kind: 'accepted' };
  }
}
