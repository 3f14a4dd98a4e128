import { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ReplayGuardUnavailableError } from '../../security/errors';
import { ReplayGuard, replayFacts } from '../../security/replay-guard';
import { startRedisServer } from '../support/redis-server';
import { redisForFile } from '../support/shared-redis';
import { PROMPTLY_MS } from '../support/timing';

function justiceRequest(body: string, timestamp: number) {
  const signature = createHmac('sha256', 'sample-secret').update(`${timestamp}\n${body}`).digest('base64');
  return { 'X-Sfxz-AppKey': 'GZ-PLATFORM', 'X-Sfxz-Timestamp': String(timestamp), 'X-Sfxz-Signature': signature };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('replay guard (real Redis shared by several instances)', () => {
  let a: Redis;
  let b: Redis;
  let prefixSeq = 0;
  const prefix = () => `rg${++prefixSeq}`;

  // Two instances of the platform: two connections to one server.
  redisForFile('shared', (r) => (a = r.client));
  beforeAll(() => {
    b = a.duplicate();
  });
  afterAll(() => b.disconnect());

  it('refuses a signed request replayed within the window and admits it after', async () => {
    const guard = new ReplayGuard(a, { prefix: prefix(), windowMs: 400 });
    const body = '{"ids":["LA-1"]}';
    const headers = justiceRequest(body, 1_670_203_800_000);
    expect((await guard.admitHttp('justice', headers, body)).ok).toBe(true);
    const replay = await guard.admitHttp('justice', headers, body);
    expect(replay).toMatchObject({ ok: false, code: 'REPLAYED', answer: 'unauthorized' });
    if (!replay.ok) expect(replay.reason).toMatch(/replay refused.*拒绝重放/);
    await sleep(500);
    expect((await guard.admitHttp('justice', headers, body)).ok).toBe(true);
  });

  it('sees a replay through another instance (another connection) and lets exactly one of concurrent copies in', async () => {
    const shared = prefix();
    const first = new ReplayGuard(a, { prefix: shared });
    const second = new ReplayGuard(b, { prefix: shared });
    const body = '<soap:Envelope/>';
    const headers = justiceRequest(body, 1_670_203_900_000);
    const verdicts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).admitHttp('justice', headers, body)));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(1);
    // a fresh signature (new timestamp) is a new request
    expect((await second.admitHttp('justice', justiceRequest(body, 1_670_203_900_001), body)).ok).toBe(true);
  });

  it('answers a token-only resend "duplicate", and admits the retry of a request answered busy', async () => {
    const guard = new ReplayGuard(a, { prefix: prefix() });
    const body = Buffer.from('<PACKAGE><HEAD><BWBH>JZPT-1</BWBH></HEAD></PACKAGE>');
    const headers = { 'x-jzpt-token': 'psb-token' };
    const first = await guard.admitHttp('psb-440105', headers, body);
    expect(first.ok).toBe(true);
    expect(await guard.admitHttp('psb-440105', headers, body)).toMatchObject({ ok: false, code: 'REPLAYED', answer: 'duplicate' });
    expect((await guard.admitHttp('psb-440105', headers, Buffer.from('<PACKAGE>other</PACKAGE>'))).ok).toBe(true);
    expect((await guard.admitHttp('psb-440105', { 'x-jzpt-token': 'other-token' }, body)).ok).toBe(true);
    if (first.ok) await first.release(); // the store was busy: the sender will retry
    expect((await guard.admitHttp('psb-440105', headers, body)).ok).toBe(true);
  });

  it('refuses stale timestamps when a clock-skew limit is set, and keeps them long enough', async () => {
    const now = 1_670_203_800_000;
    const guard = new ReplayGuard(a, { prefix: prefix(), maxSkewMs: 300_000, now: () => now });
    const body = 'x';
    expect(await guard.admitHttp('justice', justiceRequest(body, now - 301_000), body)).toMatchObject({ ok: false, code: 'STALE', answer: 'unauthorized' });
    expect((await guard.admitHttp('justice', justiceRequest(body, now - 299_000), body)).ok).toBe(true);
    expect(() => new ReplayGuard(a, { maxSkewMs: 300_000, windowMs: 300_000 })).toThrow(/两倍/);
  });

  it('reads the court signature from the SOAP header, any prefix', () => {
    const body =
      '<s:Envelope xmlns:s="x"><s:Header><x:Auth><x:AppId>GZ</x:AppId><x:Timestamp>1670203800000</x:Timestamp><x:Sign>abc123</x:Sign></x:Auth></s:Header></s:Envelope>';
    expect(replayFacts('court', {}, body)).toMatchObject({ signature: 'abc123', timestamp: '1670203800000' });
    expect(replayFacts('procuratorate', { Authorization: 'Bearer t' }, '{}')).toMatchObject({ token: 'Bearer t' });
  });

  it('fails closed when Redis is down', async () => {
    const own = await startRedisServer();
    onTestFinished(() => own.stop());
    const client = new Redis(own.url);
    client.on('error', () => undefined);
    try {
      const guard = new ReplayGuard(client, { prefix: prefix(), timeoutMs: 500 });
      expect((await guard.admit({ system: 'psb', body: 'a', token: 't' })).ok).toBe(true);
      await own.kill9();
      const started = Date.now();
      await expect(guard.admit({ system: 'psb', body: 'b', token: 't' })).rejects.toBeInstanceOf(ReplayGuardUnavailableError);
      expect(Date.now() - started).toBeLessThan(PROMPTLY_MS); // the 500 ms deadline, not the client's reconnecting
    } finally {
      client.disconnect();
      await own.stop();
    }
  });
});
