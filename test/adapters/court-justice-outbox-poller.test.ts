import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as court from '../../adapters/court';
import * as justice from '../../adapters/justice';
import { FileCursorStore } from '../../adapters/shared/file-cursor-store';
import { OutboxPoller } from '../../adapters/shared/outbox-poller';
import type { BaseSimulator } from '../../adapters/shared/simulator-base';
import type { LegacyClient, OutboxPage } from '../../adapters/types';
import type { UnifiedMessage } from '../../standard';
import { PROMPTLY_MS } from '../support/timing';

const credentials = { appId: 'GZ-PLATFORM', secret: 'sample-secret' };
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-cursor-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Copies of one message with distinct ids, as the legacy system's outbox would hold them. */
function series(message: UnifiedMessage, count: number, tag: string): UnifiedMessage[] {
  return Array.from({ length: count }, (_, i) => ({ ...message, messageId: `${message.messageId}-${tag}${i}` }));
}

/** A client that records the cursors it was asked for and can be told to fail its next ack. */
function recording(inner: LegacyClient) {
  const cursors: Array<string | undefined> = [];
  let failAcks = 0;
  const client: Pick<LegacyClient, 'fetchOutbox' | 'ack'> = {
    fetchOutbox: (cursor, max) => {
      cursors.push(cursor);
      return inner.fetchOutbox!(cursor, max);
    },
    ack: async (ids) => {
      if (failAcks > 0) {
        failAcks--;
        throw new Error('ack lost on the way');
      }
      return inner.ack!(ids);
    },
  };
  return { client, cursors, failNextAck: () => void (failAcks = 1) };
}

const SYSTEMS = [
  {
    name: 'court',
    start: () => court.startSimulator({ credentials }),
    createClient: court.createClient,
    sample: () =>
      court.codec.decode(readFileSync(new URL('../../adapters/court/fixtures/valid/outbox-PJS-judgment.soap.xml', import.meta.url))).messages[0]!.message,
  },
  {
    name: 'justice',
    start: () => justice.startSimulator({ credentials }),
    createClient: justice.createClient,
    sample: () =>
      justice.codec.decode(readFileSync(new URL('../../adapters/justice/fixtures/valid/outbox-CC_REPORTED-page.json', import.meta.url))).messages[0]!.message,
  },
] as const;

describe.each(SYSTEMS)('$name outbox poller', (system) => {
  let simulator: BaseSimulator;
  let poller: OutboxPoller | undefined;
  beforeAll(async () => {
    simulator = (await system.start()) as BaseSimulator;
  });
  afterAll(() => simulator.close());
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
    simulator.reset();
  });

  const newPoller = (client: Pick<LegacyClient, 'fetchOutbox' | 'ack'>, path: string, onPage: (page: OutboxPage) => Promise<void>, errors: unknown[] = []) =>
    new OutboxPoller({
      client,
      cursorStore: new FileCursorStore(path),
      onPage,
      batchSize: 2,
      idleDelayMs: 20,
      errorDelayMs: 20,
      onError: (e) => errors.push(e),
    });

  it('drains the outbox page by page, acks after the callback, saves the cursor, and resumes from it after a restart', async () => {
    const path = join(tempDir(), 'cursor.json');
    const first = series(system.sample(), 5, 'a');
    first.forEach((m) => simulator.addToOutbox!(m));
    const handled: string[] = [];
    const rec = recording(system.createClient({ baseUrl: simulator.url, credentials, timeoutMs: 2000 }));
    poller = newPoller(rec.client, path, async (page) => {
      handled.push(...page.decoded.messages.map((m) => m.message.messageId));
    });
    poller.start();
    await until(() => handled.length === 5 && simulator.pendingOutbox!().length === 0);
    await poller.stop();
    expect(handled).toEqual(first.map((m) => m.messageId));
    const saved = JSON.parse(readFileSync(path, 'utf8')).cursor as string;
    expect(saved).toMatch(/5$/);
    expect(rec.cursors[0]).toBeUndefined();

    // A new poller (a restart) starts from the saved cursor and gets only what came later.
    const later = series(system.sample(), 2, 'b');
    later.forEach((m) => simulator.addToOutbox!(m));
    const again = recording(system.createClient({ baseUrl: simulator.url, credentials, timeoutMs: 2000 }));
    const afterRestart: string[] = [];
    poller = newPoller(again.client, path, async (page) => {
      afterRestart.push(...page.decoded.messages.map((m) => m.message.messageId));
    });
    poller.start();
    await until(() => afterRestart.length === 2 && simulator.pendingOutbox!().length === 0);
    expect(again.cursors[0]).toBe(saved);
    expect(afterRestart).toEqual(later.map((m) => m.messageId));
  });

  it('a failing callback means no ack and no cursor move: the same messages come again', async () => {
    const path = join(tempDir(), 'cursor.json');
    const messages = series(system.sample(), 2, 'c');
    messages.forEach((m) => simulator.addToOutbox!(m));
    const rec = recording(system.createClient({ baseUrl: simulator.url, credentials, timeoutMs: 2000 }));
    const attempts: string[][] = [];
    const errors: unknown[] = [];
    let failures = 2;
    poller = newPoller(
      rec.client,
      path,
      async (page) => {
        attempts.push(page.ids);
        if (failures-- > 0) throw new Error('store unavailable');
      },
      errors,
    );
    poller.start();
    await until(() => attempts.length >= 3 && simulator.pendingOutbox!().length === 0);
    await poller.stop();
    expect(attempts.slice(0, 3)).toEqual([0, 1, 2].map(() => messages.map((m) => m.messageId)));
    expect(errors.map((e) => (e as Error).message)).toEqual(['store unavailable', 'store unavailable']);
    expect(rec.cursors.slice(0, 3)).toEqual([undefined, undefined, undefined]);
  });

  it('a lost ack leaves the cursor where it was, so the page is handed over again (the callback must be idempotent)', async () => {
    const path = join(tempDir(), 'cursor.json');
    const [message] = series(system.sample(), 1, 'd');
    simulator.addToOutbox!(message!);
    const rec = recording(system.createClient({ baseUrl: simulator.url, credentials, timeoutMs: 2000 }));
    rec.failNextAck();
    const handed: string[] = [];
    poller = newPoller(rec.client, path, async (page) => void handed.push(...page.ids));
    poller.start();
    await until(() => handed.length === 2 && simulator.pendingOutbox!().length === 0);
    expect(handed).toEqual([message!.messageId, message!.messageId]);
  });

  it('stop() waits for a callback in progress and returns promptly while idle', async () => {
    const path = join(tempDir(), 'cursor.json');
    simulator.addToOutbox!(series(system.sample(), 1, 'e')[0]!);
    let finished = false;
    let entered = false;
    const client = system.createClient({ baseUrl: simulator.url, credentials, timeoutMs: 2000 });
    poller = new OutboxPoller({
      client,
      cursorStore: new FileCursorStore(path),
      idleDelayMs: 60_000,
      onPage: async () => {
        entered = true;
        await new Promise((resolve) => setTimeout(resolve, 200));
        finished = true;
      },
    });
    poller.start();
    await until(() => entered);
    await poller.stop();
    expect(finished).toBe(true);
    expect(simulator.pendingOutbox!()).toEqual([]);

    poller.start(); // now idle for a minute
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await poller.stop();
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS); // not the minute it idles for
    expect(poller.isRunning).toBe(false);
  });
});

describe('FileCursorStore', () => {
  it('loads nothing at first, then the last saved cursor, writing atomically with no temporary files left', async () => {
    const dir = tempDir();
    const path = join(dir, 'nested', 'court-440105.cursor.json');
    const store = new FileCursorStore(path, () => Date.UTC(2023, 0, 1));
    expect(await store.load()).toBeUndefined();
    await Promise.all(['000001', '000002', '000003'].map((c) => store.save(c)));
    expect(await store.load()).toBe('000003');
    expect(await new FileCursorStore(path).load()).toBe('000003');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ cursor: '000003', savedAt: '2023-01-01T00:00:00.000Z' });
    expect(readdirSync(join(dir, 'nested'))).toEqual(['court-440105.cursor.json']);
  });

  it('reads its file once: later loads give the cursor it last read or saved (a poller loads before every fetch)', async () => {
    const path = join(tempDir(), 'cursor.json');
    writeFileSync(path, JSON.stringify({ cursor: '000007', savedAt: '2023-01-01T00:00:00.000Z' }));
    const store = new FileCursorStore(path);
    expect(await store.load()).toBe('000007');
    writeFileSync(path, '{"cursor":'); // not read again
    expect(await store.load()).toBe('000007');
    await store.save('000008');
    expect(await store.load()).toBe('000008');
    expect(await new FileCursorStore(path).load()).toBe('000008');
  });

  it('a damaged cursor file is a clear error, not a silent restart from the beginning', async () => {
    const path = join(tempDir(), 'cursor.json');
    writeFileSync(path, '{"cursor":');
    await expect(new FileCursorStore(path).load()).rejects.toThrow(/not valid JSON/);
    writeFileSync(path, '{"other":1}');
    await expect(new FileCursorStore(path).load()).rejects.toThrow(/no "cursor"/);
  });
});
