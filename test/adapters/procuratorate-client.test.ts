import { describe, expect, it } from 'vitest';
import { codec, createClient, parseTyywAnswer, PROCURATORATE_RECEIVE_PATH, startProcuratorateSimulator } from '../../adapters/procuratorate';
import { validFixture, validFixtureMessages, withMessageId } from '../support/fixtures';
import { simulatorUnderTest } from '../support/simulator-under-test';
import { PROMPTLY_MS } from '../support/timing';

const credentials = { token: 'tyyw-secret-token' };
const request = validFixtureMessages(codec, 'procuratorate', 'TQPZDB.json')[0]!;

const { simulator: sim, client } = simulatorUnderTest(() => startProcuratorateSimulator({ credentials }), createClient, { credentials, timeoutMs: 2000 });

describe('procuratorate client against the procuratorate simulator', () => {
  it('0000: accepted with the receipt number', async () => {
    const outcome = await client().send(withMessageId(request, 'P-1'));
    expect(outcome.kind).toBe('accepted');
    expect(outcome.kind === 'accepted' && outcome.receipt).toMatch(/^SIM-PROCURATORATE-/);
    expect(sim().acceptedMessages()).toEqual([withMessageId(request, 'P-1')]);
    expect(sim().received[0]!.headers.authorization).toBe('Bearer tyyw-secret-token');
  });

  it('the same message twice: 1002 duplicate, counted once', async () => {
    const first = await client().send(withMessageId(request, 'P-2'));
    const second = await client().send(withMessageId(request, 'P-2'));
    expect(second.kind).toBe('duplicate');
    expect(second.kind === 'duplicate' && first.kind === 'accepted' && second.receipt).toBe(first.kind === 'accepted' ? first.receipt : undefined);
    expect(sim().acceptedMessages()).toHaveLength(1);
  });

  it('1001: permanent with msg; 1002 fault: duplicate; 5000: retryable', async () => {
    sim().setFault({ fault: { kind: 'answer', code: '1001', message: 'body.xyr[0].zjhm 校验失败' }, times: 1 });
    expect(await client().send(withMessageId(request, 'P-3'))).toEqual({ kind: 'permanent', reason: 'body.xyr[0].zjhm 校验失败', code: '1001' });
    sim().setFault({ fault: { kind: 'duplicate' }, times: 1 });
    expect((await client().send(withMessageId(request, 'P-3'))).kind).toBe('duplicate');
    sim().setFault({ fault: { kind: 'answer', code: '5000' }, times: 2 });
    expect(await client().send(withMessageId(request, 'P-3'))).toMatchObject({ kind: 'retryable', code: '5000' });
    expect(await client().send(withMessageId(request, 'P-3'))).toMatchObject({ kind: 'retryable', code: '5000' });
    expect((await client().send(withMessageId(request, 'P-3'))).kind).toBe('accepted');
  });

  it('HTTP 503 and 429 with Retry-After → retryAfterMs; other 5xx retryable', async () => {
    sim().setFault({ fault: { kind: 'http', status: 503, retryAfterSeconds: 30 }, times: 1 });
    expect(await client().send(withMessageId(request, 'P-4'))).toMatchObject({ kind: 'retryable', retryAfterMs: 30_000 });
    sim().setFault({ fault: { kind: 'http', status: 429, retryAfterSeconds: 3 }, times: 1 });
    expect(await client().send(withMessageId(request, 'P-4'))).toMatchObject({ kind: 'retryable', retryAfterMs: 3000 });
    sim().setFault({ fault: { kind: 'http', status: 502 }, times: 1 });
    expect(await client().send(withMessageId(request, 'P-4'))).toMatchObject({ kind: 'retryable', code: 'HTTP_502' });
  });

  it('timeout on a hanging server and a dropped connection: retryable, quickly', async () => {
    sim().setFault({ fault: { kind: 'hang' }, times: 1 });
    const started = Date.now();
    expect(await client({ timeoutMs: 200 }).send(withMessageId(request, 'P-5'))).toMatchObject({ kind: 'retryable', code: 'NO_ANSWER' });
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    sim().setFault({ fault: { kind: 'down' }, times: 1 });
    expect(await client().send(withMessageId(request, 'P-5'))).toMatchObject({ kind: 'retryable', code: 'NO_ANSWER' });
  });

  it('a wrong token: HTTP 401 + 1001 → permanent', async () => {
    const outcome = await client({ credentials: { token: 'wrong' } }).send(withMessageId(request, 'P-6'));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'HTTP_401' });
    expect(sim().received[0]).toMatchObject({ status: 401, accepted: false });
  });

  it('bad content is answered 1001 naming the legacy key', async () => {
    const body = validFixture('procuratorate', 'TQPZDB.json').toString('utf8').replace('440105199001011239', '440105199001011238');
    const response = await fetch(`${sim().url}${PROCURATORATE_RECEIVE_PATH}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer tyyw-secret-token', 'Content-Type': 'application/json; charset=utf-8' },
      body,
    });
    const answer = parseTyywAnswer(Buffer.from(await response.arrayBuffer()));
    expect(answer?.code).toBe('1001');
    expect(answer?.msg).toContain('body.xyr[0].zjhm');
  });
});
