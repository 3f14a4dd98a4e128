import { describe, expect, it } from 'vitest';
import axios from 'axios';
import { codec, createClient, outboxRequest, signedHeaders, startSimulator } from '../../adapters/justice';
import type { UnifiedMessage } from '../../standard';
import { validFixtureMessages } from '../support/fixtures';
import { simulatorUnderTest } from '../support/simulator-under-test';
import { PROMPTLY_MS } from '../support/timing';

const credentials = { appId: 'GZ-PLATFORM', secret: 'sample-secret' };
const decodeFixture = (name: string) => validFixtureMessages(codec, 'justice', name);

const notice = decodeFixture('inbox-LA_NOTICE.json')[0]!;
const judgmentCopy = decodeFixture('inbox-JUDGMENT_COPY.json')[0]!;
const justiceSent = decodeFixture('outbox-page-mixed.json');

const { simulator, client } = simulatorUnderTest(() => startSimulator({ credentials }), createClient, { credentials, timeoutMs: 5000 });

describe('justice client → simulator: inbox answers', () => {
  it('200 is accepted; the simulator records the message exactly as sent', async () => {
    expect(await client().send(notice)).toEqual({ kind: 'accepted' });
    expect(simulator().received[0]).toMatchObject({ path: '/sfxz/openapi/v1/inbox', accepted: true, status: 200, legacyId: notice.messageId });
    expect(simulator().received[0]!.headers['x-sfxz-appkey']).toBe('GZ-PLATFORM');
    expect(simulator().received[0]!.message).toEqual(notice);
    expect(await client().send(judgmentCopy)).toEqual({ kind: 'accepted' });
    expect(simulator().acceptedMessages()).toEqual([notice, judgmentCopy]);
  });

  it('sending the same item again is answered 409, a duplicate', async () => {
    await client().send(notice);
    expect(await client().send(notice)).toEqual({ kind: 'duplicate' });
  });

  it.each([
    [
      { kind: 'answer', code: '400', message: 'case_no 不存在' },
      { kind: 'permanent', code: 'INVALID', reason: 'HTTP 400: id: case_no 不存在' },
    ],
    [{ kind: 'answer', code: '409' }, { kind: 'duplicate' }],
    [{ kind: 'duplicate' }, { kind: 'duplicate' }],
    [
      { kind: 'http', status: 429, retryAfterSeconds: 7 },
      { kind: 'retryable', code: 'HTTP 429', reason: 'HTTP 429', retryAfterMs: 7000 },
    ],
    [
      { kind: 'answer', code: '429' },
      { kind: 'retryable', code: 'HTTP 429', reason: 'HTTP 429', retryAfterMs: 1000 },
    ],
    [
      { kind: 'http', status: 503 },
      { kind: 'retryable', code: 'HTTP 503', reason: 'HTTP 503' },
    ],
    [
      { kind: 'answer', code: '500' },
      { kind: 'retryable', code: 'HTTP 500', reason: 'HTTP 500' },
    ],
  ] as const)('fault %j → %j', async (fault, outcome) => {
    simulator().setFault({ fault, times: 1 });
    expect(await client().send(notice)).toEqual(outcome);
  });

  it('a content error found by the justice side is 400 with error.code/field/message, permanent', async () => {
    const wrongDistrict = { ...notice, case: { ...notice.case, crimeDivision: '12345' } };
    const outcome = await client().send(wrongDistrict as UnifiedMessage);
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'INVALID', reason: expect.stringContaining('case.district') });
  });

  it('a hanging answer is retryable after the client timeout; a closed port too', async () => {
    simulator().setFault({ fault: { kind: 'hang' }, times: 1 });
    const started = Date.now();
    expect(await client({ timeoutMs: 300 }).send(notice)).toMatchObject({ kind: 'retryable', reason: 'no answer within 300 ms (超时未应答)' });
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    const closed = createClient({ baseUrl: 'http://127.0.0.1:1', credentials, timeoutMs: 1000 });
    expect(await closed.send(notice)).toMatchObject({ kind: 'retryable' });
  });

  it('a bad signature or a stale timestamp is answered 401, permanent', async () => {
    expect(await client({ credentials: { secret: 'wrong' } }).send(notice)).toMatchObject({
      kind: 'permanent',
      code: 'UNAUTHORIZED',
      reason: expect.stringContaining('HTTP 401'),
    });
    expect(await client({ now: () => Date.now() + 600_000 }).send(notice)).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('300 s') });
    const raw = await axios.get(`${simulator().url}/sfxz/openapi/v1/outbox?after=&limit=10`, { validateStatus: () => true, proxy: false });
    expect(raw.status).toBe(401);
    expect(simulator().received.every((r) => !r.accepted)).toBe(true);
  });

  it('a signed body with __proto__ keys or deep nesting is refused with 400 naming the problem, and nothing is polluted', async () => {
    for (const [body, field] of [
      ['{"id":"x","type":"LA_NOTICE","__proto__":{"polluted":true}}', '__proto__'],
      [`{"id":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 'body'],
    ] as const) {
      const bytes = Buffer.from(body);
      const answer = await axios.post(`${simulator().url}/sfxz/openapi/v1/inbox`, bytes, {
        headers: { 'Content-Type': 'application/json; charset=utf-8', ...signedHeaders(bytes, credentials, Date.now()) },
        validateStatus: () => true,
        proxy: false,
      });
      expect(answer.status).toBe(400);
      expect(answer.data).toMatchObject({ success: false, error: { code: 'INVALID', field } });
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('the justice side refuses a type it does not receive; the encoder refuses a second person', async () => {
    expect(await client().send(justiceSent[0]!)).toMatchObject({
      kind: 'permanent',
      reason: expect.stringContaining('not a type the justice system receives'),
    });
    const twoPeople = { ...notice, persons: [notice.persons[0]!, { ...notice.persons[0]!, name: '李四' }] };
    expect(await client().send(twoPeople)).toMatchObject({ kind: 'permanent', code: 'ENCODE', reason: expect.stringContaining('one person') });
  });
});

describe('justice client → simulator: outbox', () => {
  it('GET outbox pages with after/limit; unacknowledged items come again; POST outbox/ack removes them', async () => {
    for (const message of justiceSent) simulator().addToOutbox!(message);
    const c = client();
    const first = await c.fetchOutbox!(undefined, 2);
    expect(first.decoded.messages.map((m) => m.message)).toEqual(justiceSent.slice(0, 2));
    expect(first.nextCursor).toBe('c-000002');
    const second = await c.fetchOutbox!(first.nextCursor, 100);
    expect(second.ids).toEqual([justiceSent[2]!.messageId]);
    expect((await c.fetchOutbox!(second.nextCursor, 100)).ids).toEqual([]);
    expect((await c.fetchOutbox!(undefined, 100)).ids).toHaveLength(3);
    await c.ack!([...first.ids, ...second.ids]);
    expect(simulator().pendingOutbox!()).toEqual([]);
    expect((await c.fetchOutbox!(undefined, 100)).ids).toEqual([]);
  });

  it('the GET is signed over an empty body and limit stays within 1-100', async () => {
    const request = outboxRequest('c-000001', 100, credentials, 1_670_392_800_000);
    expect(request.path).toBe('/sfxz/openapi/v1/outbox?after=c-000001&limit=100');
    expect(request.headers).toEqual(signedHeaders(Buffer.alloc(0), credentials, 1_670_392_800_000));
    expect(() => outboxRequest(undefined, 101, credentials, 0)).toThrow(RangeError);
    const headers = signedHeaders(Buffer.alloc(0), credentials, Date.now());
    const refused = await axios.get(`${simulator().url}/sfxz/openapi/v1/outbox?after=&limit=101`, { headers, validateStatus: () => true, proxy: false });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ success: false, error: { field: 'limit' } });
  });

  it('a page with one broken item yields the good ones, the bad one with its raw text, and every id', async () => {
    for (const message of justiceSent) simulator().addToOutbox!(message);
    simulator().tamperOutbox(justiceSent[1]!.messageId, (json) => json.replace('"sex":"F"', '"sex":"X"'));
    const page = await client().fetchOutbox!(undefined, 50);
    expect(page.decoded.messages.map((m) => m.message.messageId)).toEqual([justiceSent[0]!.messageId, justiceSent[2]!.messageId]);
    expect(page.decoded.rejected[0]).toMatchObject({ legacyId: justiceSent[1]!.messageId, issues: [{ field: 'items[1].person.sex', value: 'X' }] });
    expect(page.decoded.rejected[0]!.raw).toContain('"sex":"X"');
    expect(page.ids).toEqual(expect.arrayContaining(justiceSent.map((m) => m.messageId)));
  });

  it('outbox failures are OutboxErrors saying whether to retry', async () => {
    simulator().setFault({ fault: { kind: 'http', status: 429, retryAfterSeconds: 1 }, times: 1 });
    await expect(client().fetchOutbox!(undefined, 10)).rejects.toMatchObject({ name: 'OutboxError', retryable: true });
    await expect(client({ credentials: { secret: 'wrong' } }).fetchOutbox!(undefined, 10)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('401'),
    });
    simulator().setFault({ fault: { kind: 'http', status: 500 }, times: 1 });
    await expect(client().ack!(['X'])).rejects.toMatchObject({ retryable: true });
    simulator().setFault({ fault: { kind: 'hang' }, times: 1 });
    await expect(client({ timeoutMs: 200 }).fetchOutbox!(undefined, 10)).rejects.toMatchObject({ retryable: true });
  });
});
