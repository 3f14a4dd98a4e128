/**
 * The polled-outbox transport of a declarative system over real HTTP: the client reads pages after
 * its cursor with signed requests (the simulator refuses any that does not verify), maps every
 * item, acknowledges by id (`{id}` in the path), by a list of ids, or not at all; the shared
 * OutboxPoller keeps the cursor in a FileCursorStore as for the built-ins; a page that is not the
 * declared shape is refused whole with its raw text.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AdapterDefinition } from '../../adapters/contract';
import { checkSystemDocumentText, declarativeAdapter } from '../../adapters/declarative/adapter';
import type { SystemDocument } from '../../adapters/declarative/schema';
import { FileCursorStore } from '../../adapters/shared/file-cursor-store';
import { OutboxError, RefusedOutboxPage } from '../../adapters/shared/outbox-error';
import { OutboxPoller } from '../../adapters/shared/outbox-poller';
import type { Simulator } from '../../adapters/simulator-types';
import type { OutboxPage } from '../../adapters/types';
import type { UnifiedMessage } from '../../standard/schema/message';

const ROOT = new URL('../../', import.meta.url).pathname;
const SYSTEM_DIR = `${ROOT}adapters/declarative/systems/prison-yzgl-v2`;
const baseDoc = (): SystemDocument => checkSystemDocumentText(readFileSync(`${SYSTEM_DIR}/system.yaml`, 'utf8'), 'system.yaml', 'yaml');
const credentials = { appId: 'GZ-PLATFORM', secret: 'outbox-sm3-secret' };
const scratch = mkdtempSync(join(tmpdir(), 'caselink-decl-outbox-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const adapterWith = (change: (doc: SystemDocument) => void = () => undefined): AdapterDefinition => {
  const doc = structuredClone(baseDoc());
  change(doc);
  return declarativeAdapter(doc);
};
const prison = adapterWith();
const sample = (id: string): UnifiedMessage => {
  const decoded = prison.codec.decode(readFileSync(`${SYSTEM_DIR}/fixtures/valid/ZXHZ-execution-receipt.gbk.json`));
  return { ...decoded.messages[0]!.message, messageId: id } as UnifiedMessage;
};

let sim: Simulator | undefined;
let server: Server | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('a declarative outbox over real HTTP', () => {
  it('declares the outbox in the contract with the document page size and interval', () => {
    expect(prison.transports).toMatchObject({ outbox: { cursor: true, ack: true, maxPageSize: 50, pageSize: 20, intervalMs: 2000 }, delivery: {} });
    expect(prison.transports.push).toBeUndefined();
  });

  it('reads pages after the cursor, maps the items, acknowledges each by id; the page size is held to the maximum', async () => {
    sim = await prison.startSimulator({ credentials });
    for (const id of ['OB-1', 'OB-2', 'OB-3']) sim.addToOutbox!(sample(id));
    const client = prison.createClient({ baseUrl: sim.url, credentials });
    const first = await client.fetchOutbox!(undefined, 2);
    expect(first.decoded.messages.map((m) => m.message.messageId)).toEqual(['OB-1', 'OB-2']);
    expect(first.decoded.messages[0]!.message.messageType).toBe('EXECUTION_RECEIPT');
    expect(first).toMatchObject({ ids: ['OB-1', 'OB-2'], nextCursor: '2' });
    await client.ack!(first.ids);
    expect(sim.pendingOutbox!()).toEqual(['OB-3']);
    const second = await client.fetchOutbox!(first.nextCursor, 500);
    expect(second).toMatchObject({ ids: ['OB-3'], nextCursor: '3' });
    await client.ack!(second.ids);
    const empty = await client.fetchOutbox!(second.nextCursor, 20);
    expect(empty).toMatchObject({ ids: [], nextCursor: '3' });
    expect(sim.pendingOutbox!()).toEqual([]);
  });

  it('an acknowledgement answered 200 with a refusal code is not taken as acknowledged', async () => {
    sim = await prison.startSimulator({ credentials });
    sim.addToOutbox!(sample('OB-R1'));
    const client = prison.createClient({ baseUrl: sim.url, credentials });
    const page = await client.fetchOutbox!(undefined, 5);
    sim.setFault({ fault: { kind: 'answer', code: '1001', message: '确认失败 not acknowledged' }, times: 1 });
    const error = await client.ack!(page.ids).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxError);
    expect((error as Error).message).toMatch(/refused with code 1001.*确认未被接受/);
    expect(sim.pendingOutbox!()).toEqual(['OB-R1']);
  });

  it('drives the shared OutboxPoller, which keeps the cursor in a file as for the built-ins', async () => {
    sim = await prison.startSimulator({ credentials });
    sim.addToOutbox!(sample('OB-P1'));
    const pages: OutboxPage[] = [];
    const store = new FileCursorStore(join(scratch, 'cursors', 'prison-yzgl-v2-440000.json'));
    const poller = new OutboxPoller({
      client: prison.createClient({ baseUrl: sim.url, credentials }),
      cursorStore: store,
      onPage: async (page) => void pages.push(page),
    });
    expect(await poller.pollOnce()).toEqual({ handed: 1, acked: 1, cursor: '1' });
    expect(await new FileCursorStore(store.path).load()).toBe('1');
    expect(pages[0]!.decoded.messages[0]!.message.messageId).toBe('OB-P1');
    expect(sim.pendingOutbox!()).toEqual([]);
  });

  it('a poll signed with the wrong secret is refused by the system, not retried as if busy', async () => {
    sim = await prison.startSimulator({ credentials });
    const client = prison.createClient({ baseUrl: sim.url, credentials: { ...credentials, secret: 'wrong' } });
    const error = await client.fetchOutbox!(undefined, 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxError);
    expect((error as OutboxError).retryable).toBe(false);
    expect((error as Error).message).toMatch(/HTTP 401.*1003/);
  });

  it('acknowledges a list of ids in one request, or not at all (the cursor alone moves on)', async () => {
    const listed = adapterWith((doc) => {
      doc.transports.outbox!.acknowledgement = { method: 'POST', path: '/yzgl/api/v2/fajianxiang/queren', ids: 'sj.ids' };
    });
    sim = await listed.startSimulator({ credentials });
    for (const id of ['L-1', 'L-2']) sim.addToOutbox!(sample(id));
    const client = listed.createClient({ baseUrl: sim.url, credentials });
    await client.ack!((await client.fetchOutbox!(undefined, 10)).ids);
    expect(sim.pendingOutbox!()).toEqual([]);
    await sim.close();

    const none = adapterWith((doc) => {
      doc.transports.outbox!.acknowledgement = 'none';
    });
    sim = await none.startSimulator({ credentials });
    sim.addToOutbox!(sample('N-1'));
    const noAck = none.createClient({ baseUrl: sim.url, credentials });
    const page = await noAck.fetchOutbox!(undefined, 10);
    await noAck.ack!(page.ids);
    expect(sim.pendingOutbox!()).toEqual(['N-1']);
    expect((await noAck.fetchOutbox!(page.nextCursor, 10)).ids).toEqual([]);
  });

  it('a page that is not the declared shape is refused whole, its raw text kept; a bad item is rejected with its field', async () => {
    let answer = '{"sj":{"xiayiye":"9"}}';
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(answer);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const baseUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
    const client = prison.createClient({ baseUrl, credentials });
    const refused = await client.fetchOutbox!(undefined, 5).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedOutboxPage);
    expect((refused as RefusedOutboxPage).rejected).toEqual({ issues: [{ field: 'sj.baowen', reason: expect.stringMatching(/array.*数组/) }], raw: answer });

    const item = JSON.parse(iconv.decode(readFileSync(`${SYSTEM_DIR}/fixtures/malformed/unknown-penalty.gbk.json`), 'gbk')) as unknown;
    answer = JSON.stringify({ sj: { baowen: [item], xiayiye: 7 } });
    const page = await client.fetchOutbox!(undefined, 5);
    expect(page.decoded.messages).toEqual([]);
    expect(page.decoded.rejected[0]!.issues.map((i) => i.field)).toContain('neirong.xfzl');
    expect(page.nextCursor).toBe('7');
  });
});
