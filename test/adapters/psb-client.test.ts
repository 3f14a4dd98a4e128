import { describe, expect, it } from 'vitest';
import { codec, createClient, parseFhxx, startPsbSimulator, PSB_RECEIVE_PATH } from '../../adapters/psb';
import type { UnifiedMessage } from '../../standard/schema/message';
import { validFixture, validFixtureMessages, withMessageId } from '../support/fixtures';
import { simulatorUnderTest } from '../support/simulator-under-test';
import { PROMPTLY_MS } from '../support/timing';

const credentials = { token: 'psb-secret-token' };
const approval = validFixtureMessages(codec, 'psb', 'PZDBJDS.gbk.xml')[0]!;

const { simulator: sim, client } = simulatorUnderTest(() => startPsbSimulator({ credentials }), createClient, { credentials, timeoutMs: 2000 });

describe('PSB client against the PSB simulator', () => {
  it('FHDM 0: accepted, the simulator holds the unified message', async () => {
    expect(await client().send(withMessageId(approval, 'A-1'))).toEqual({ kind: 'accepted', receipt: 'A-1' });
    expect(sim().acceptedMessages()).toEqual([withMessageId(approval, 'A-1')]);
    expect(sim().received[0]).toMatchObject({ path: PSB_RECEIVE_PATH, legacyId: 'A-1', accepted: true, status: 200 });
    expect(sim().received[0]!.headers['content-type']).toBe('application/xml; charset=GBK');
    expect(sim().received[0]!.body).toContain('<BWLX>PZDBJDS</BWLX>');
  });

  it('the same message twice: the second is a duplicate and not a second delivery', async () => {
    await client().send(withMessageId(approval, 'A-2'));
    expect(await client().send(withMessageId(approval, 'A-2'))).toEqual({ kind: 'duplicate', receipt: 'A-2' });
    expect(sim().acceptedMessages()).toHaveLength(1);
    expect(sim().received.map((r) => r.accepted)).toEqual([true, false]);
  });

  it('FHDM 1: permanent with the FHMS reason', async () => {
    sim().setFault({ fault: { kind: 'answer', code: '1', message: 'XYR[0]/ZJHM 校验位错误' }, times: 1 });
    expect(await client().send(withMessageId(approval, 'A-3'))).toEqual({ kind: 'permanent', reason: 'XYR[0]/ZJHM 校验位错误', code: '1' });
    expect(sim().acceptedMessages()).toEqual([]);
    // times: 1 — the next attempt is answered normally
    expect((await client().send(withMessageId(approval, 'A-3'))).kind).toBe('accepted');
  });

  it('FHDM 2 (duplicate fault) and FHDM 9 (busy)', async () => {
    sim().setFault({ fault: { kind: 'duplicate' }, times: 1 });
    expect((await client().send(withMessageId(approval, 'A-4'))).kind).toBe('duplicate');
    sim().setFault({ fault: { kind: 'answer', code: '9' } });
    expect(await client().send(withMessageId(approval, 'A-4'))).toMatchObject({ kind: 'retryable', code: '9' });
    expect(sim().acceptedMessages()).toEqual([]);
  });

  it('HTTP 5xx and 429 with Retry-After: retryable', async () => {
    sim().setFault({ fault: { kind: 'http', status: 500 }, times: 1 });
    expect(await client().send(withMessageId(approval, 'A-5'))).toMatchObject({ kind: 'retryable', code: 'HTTP_500' });
    sim().setFault({ fault: { kind: 'http', status: 503, retryAfterSeconds: 7 }, times: 1 });
    expect(await client().send(withMessageId(approval, 'A-5'))).toMatchObject({ kind: 'retryable', retryAfterMs: 7000 });
    sim().setFault({ fault: { kind: 'http', status: 429, retryAfterSeconds: 2 }, times: 1 });
    expect(await client().send(withMessageId(approval, 'A-5'))).toMatchObject({ kind: 'retryable', retryAfterMs: 2000 });
  });

  it('no answer: a hanging server times out, a dropped connection fails — both retryable', async () => {
    sim().setFault({ fault: { kind: 'hang' }, times: 1 });
    const started = Date.now();
    const outcome = await client({ timeoutMs: 200 }).send(withMessageId(approval, 'A-6'));
    expect(outcome).toMatchObject({ kind: 'retryable', code: 'NO_ANSWER' });
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    sim().setFault({ fault: { kind: 'down' }, times: 1 });
    expect(await client().send(withMessageId(approval, 'A-6'))).toMatchObject({ kind: 'retryable', code: 'NO_ANSWER' });
    // a slow answer within the timeout is still an answer
    sim().setFault({ fault: { kind: 'slow', delayMs: 100 }, times: 1 });
    expect((await client().send(withMessageId(approval, 'A-6'))).kind).toBe('accepted');
    expect(sim().acceptedMessages()).toHaveLength(1);
  });

  it('a wrong token is refused with FHDM 1 (permanent)', async () => {
    const outcome = await client({ credentials: { token: 'wrong' } }).send(withMessageId(approval, 'A-7'));
    expect(outcome.kind).toBe('permanent');
    expect(outcome.kind === 'permanent' && outcome.reason).toContain('X-JZPT-Token');
    expect(sim().received[0]).toMatchObject({ accepted: false });
  });

  it('bad content is answered FHDM 1 naming the legacy field', async () => {
    const body = Buffer.from(validFixture('psb', 'PZDBJDS.gbk.xml').toString('latin1').replace('440105199001011239', '440105199001011238'), 'latin1');
    const response = await fetch(`${sim().url}${PSB_RECEIVE_PATH}`, {
      method: 'POST',
      headers: { 'X-JZPT-Token': credentials.token, 'Content-Type': 'application/xml; charset=GBK' },
      body,
    });
    const fhxx = parseFhxx(Buffer.from(await response.arrayBuffer()), response.headers.get('content-type') ?? undefined);
    expect(fhxx?.fhdm).toBe('1');
    expect(fhxx?.fhms).toContain('BODY/XYRLIST/XYR[0]/ZJHM');
    expect(sim().received[0]).toMatchObject({ accepted: false, legacyId: 'TYYW-440105020000-20221209-000031' });
  });

  it('cannot encode: permanent without a request', async () => {
    const outcome = await client().send({
      ...withMessageId(approval, 'A-8'),
      messageType: 'CASE_ACCEPTED',
      process: 'PUBLIC_PROSECUTION',
      payload: {},
    } as UnifiedMessage);
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'ENCODE' });
    expect(sim().received).toEqual([]);
  });
});
