import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { codec as psbCodec } from '../../adapters/psb';
import { OutboxStore, startBaseSimulator, type BaseSimulator, type SimulatorBehaviour } from '../../adapters/shared/simulator-base';
import type { UnifiedMessage } from '../../standard/schema/message';
import { PROMPTLY_MS } from '../support/timing';

const message: UnifiedMessage = psbCodec.decode(readFileSync(new URL('../../adapters/psb/fixtures/valid/TQPZDBS.gbk.xml', import.meta.url))).messages[0]!
  .message;

/** A toy system: JSON body {"id": …}, header x-key must equal the token, an outbox route. */
const behaviour: SimulatorBehaviour = {
  kind: 'justice',
  authenticate: (request, credentials) => (request.headers['x-key'] === credentials.token ? { ok: true } : { ok: false, reason: 'bad key' }),
  unauthorized: (reason) => ({ status: 401, body: JSON.stringify({ error: reason }) }),
  receive: {
    matches: (request) => request.path === '/in',
    decode: (request) => {
      const body = JSON.parse(request.body.toString('utf8')) as { id?: string; bad?: boolean };
      return body.bad
        ? { legacyId: body.id, issues: [{ field: 'bad', reason: 'is bad' }] }
        : { legacyId: body.id, message: { ...message, messageId: body.id ?? 'none' } };
    },
    answers: {
      accepted: (id, receipt) => ({ status: 200, body: JSON.stringify({ ok: id, receipt }) }),
      duplicate: (id) => ({ status: 409, body: JSON.stringify({ duplicate: id }) }),
      rejected: (_id, issues) => ({ status: 400, body: JSON.stringify({ issues }) }),
      code: (code, msg) => ({ status: 200, body: JSON.stringify({ code, msg }) }),
    },
  },
  routes: [
    {
      matches: (request) => request.method === 'GET' && request.path === '/outbox',
      handle: (request, context) => {
        const after = request.query.get('after');
        const page = context.outbox.page(after ? Number(after) : undefined, 2);
        return { status: 200, body: JSON.stringify({ ids: page.map((e) => e.id), next: page.at(-1)?.seq }) };
      },
    },
    { matches: (request) => request.path === '/free', faults: false, authenticated: false, handle: () => ({ status: 200, body: 'free' }) },
  ],
};

let sim: BaseSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const start = async (maxBodyBytes?: number) =>
  (sim = await startBaseSimulator(behaviour, { credentials: { token: 'k' }, ...(maxBodyBytes ? { maxBodyBytes } : {}) }));
const post = (path: string, body: unknown, key = 'k') =>
  fetch(`${sim!.url}${path}`, {
    method: 'POST',
    headers: { 'x-key': key, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('shared simulator base', () => {
  it('receives idempotently: a repeated id is answered duplicate and not counted again', async () => {
    await start();
    expect((await post('/in', { id: 'm1' })).status).toBe(200);
    expect((await post('/in', { id: 'm1' })).status).toBe(409);
    expect((await post('/in', { id: 'm2' })).status).toBe(200);
    expect(sim!.acceptedMessages().map((m) => m.messageId)).toEqual(['m1', 'm2']);
    expect(sim!.received.map((r) => [r.legacyId, r.accepted, r.status])).toEqual([
      ['m1', true, 200],
      ['m1', false, 409],
      ['m2', true, 200],
    ]);
  });

  it('answers bad input and bad credentials in the system format, never counting them', async () => {
    await start();
    expect((await post('/in', { id: 'b', bad: true })).status).toBe(400);
    expect((await post('/in', { id: 'c' }, 'wrong')).status).toBe(401);
    expect(sim!.acceptedMessages()).toEqual([]);
    expect(sim!.received.map((r) => r.status)).toEqual([400, 401]);
  });

  it('plays faults with times through the control API, then answers normally', async () => {
    await start();
    const set = await fetch(`${sim!.url}/_sim/fault`, {
      method: 'POST',
      body: JSON.stringify({ fault: { kind: 'answer', code: '7', message: 'x' }, times: 2 }),
    });
    expect(set.status).toBe(200);
    expect(await (await post('/in', { id: 'f' })).json()).toEqual({ code: '7', msg: 'x' });
    expect(sim!.currentFault()).toEqual({ fault: { kind: 'answer', code: '7', message: 'x' }, times: 1 });
    await post('/in', { id: 'f' });
    expect((await post('/in', { id: 'f' })).status).toBe(200);
    expect(sim!.acceptedMessages()).toHaveLength(1);

    expect((await fetch(`${sim!.url}/_sim/fault`, { method: 'POST', body: '{"fault":{"kind":"nope"}}' })).status).toBe(400);
    await fetch(`${sim!.url}/_sim/fault`, { method: 'POST', body: JSON.stringify({ fault: { kind: 'http', status: 503, retryAfterSeconds: 9 } }) });
    const busy = await post('/in', { id: 'g' });
    expect([busy.status, busy.headers.get('retry-after')]).toEqual([503, '9']);
    expect((await fetch(`${sim!.url}/free`)).status).toBe(200); // a route that opts out of faults
    expect((await fetch(`${sim!.url}/outbox`, { headers: { 'x-key': 'k' } })).status).toBe(503);
    await fetch(`${sim!.url}/_sim/fault`, { method: 'POST', body: '{"clear":true}' });
    expect((await post('/in', { id: 'g' })).status).toBe(200);

    const received = (await (await fetch(`${sim!.url}/_sim/received`)).json()) as Array<{ legacyId: string }>;
    expect(received.length).toBe(sim!.received.length);
    await fetch(`${sim!.url}/_sim/reset`, { method: 'POST' });
    expect(sim!.received).toEqual([]);
    expect((await post('/in', { id: 'f' })).status).toBe(200); // idempotency memory reset too
  });

  it('keeps an outbox until acknowledged, fed by the control API', async () => {
    await start();
    for (const id of ['o1', 'o2', 'o3']) {
      const added = await fetch(`${sim!.url}/_sim/outbox`, { method: 'POST', body: JSON.stringify({ ...message, messageId: id }) });
      expect(added.status).toBe(201);
    }
    expect((await fetch(`${sim!.url}/_sim/outbox`, { method: 'POST', body: '{"messageId":1}' })).status).toBe(400);
    const page = (await (await fetch(`${sim!.url}/outbox`, { headers: { 'x-key': 'k' } })).json()) as { ids: string[]; next: number };
    expect(page).toEqual({ ids: ['o1', 'o2'], next: 2 });
    expect((await (await fetch(`${sim!.url}/outbox?after=2`, { headers: { 'x-key': 'k' } })).json()) as unknown).toEqual({ ids: ['o3'], next: 3 });
    expect((await fetch(`${sim!.url}/outbox`)).status).toBe(401);
    sim!.outbox.ack(['o1']);
    expect(sim!.pendingOutbox!()).toEqual(['o2', 'o3']);
    const listed = (await (await fetch(`${sim!.url}/_sim/outbox`)).json()) as { pending: string[] };
    expect(listed.pending).toEqual(['o2', 'o3']);
  });

  it('refuses an oversize body with 413', async () => {
    await start(1024);
    const response = await post('/in', { id: 'big', pad: 'x'.repeat(4096) });
    expect(response.status).toBe(413);
    expect(sim!.received).toEqual([]);
  });

  it('answers unknown paths 404 and closes cleanly while a request hangs', async () => {
    await start();
    expect((await fetch(`${sim!.url}/nowhere`)).status).toBe(404);
    sim!.setFault({ fault: { kind: 'hang' } });
    const hanging = post('/in', { id: 'h' }).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await sim!.close();
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS); // the hanging request is dropped, not awaited
    expect(await hanging).toBe('dropped');
    expect(sim!.received[0]).toMatchObject({ path: '/in', legacyId: 'h', status: 0, accepted: false });
  });

  it('OutboxStore pages after a sequence and skips acknowledged entries', () => {
    const store = new OutboxStore();
    const a = store.add(message, 'a');
    store.add(message, 'b');
    store.add(message, 'c');
    expect(store.page(undefined, 10).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(store.page(a.seq, 1).map((e) => e.id)).toEqual(['b']);
    expect(store.ack(['b', 'zzz'])).toEqual(['b']);
    expect(store.page(undefined, 10).map((e) => e.id)).toEqual(['a', 'c']);
    store.clear();
    expect(store.pending()).toEqual([]);
  });
});
