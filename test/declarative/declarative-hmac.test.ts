/**
 * HMAC over declared parts (SHA-256 or SM3), timestamp window and nonce: the signature of the
 * document is what its specification says (the justice bureau's SHA-256 signature re-expressed
 * exactly; SM3 over method, path, AppId, timestamp, nonce and the body's SM3), and a system pushing
 * to the platform with it is checked at the push ingress over real HTTP, its nonces kept by the
 * platform's replay guard on a real redis-server: a replayed nonce, a stale timestamp and a bad
 * signature are answered with the document's unauthorized template and a bilingual reason.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, hmacSignature, identityOf, verifyRequest } from '../../adapters/declarative/auth';
import { checkSystemDocument, checkSystemDocumentText, declarativeAdapter } from '../../adapters/declarative/adapter';
import type { HmacAuth, SystemDocument } from '../../adapters/declarative/schema';
import { justiceSignature } from '../../adapters/justice';
import { PlatformSecurity } from '../../ingress/ingress-security';
import { createHmacSm3, sm3Hex } from '../../security/sm';
import { createPlatformCodec } from '../../security/stored-codec';
import { auditRecords } from '../security-e2e/support';
import { startPushIngressServer, type PushIngressServer } from '../support/push-ingress-server';
import { startRedisServer, type RedisServer } from '../support/redis-server';

const ROOT = new URL('../../', import.meta.url).pathname;
const SYSTEM_DIR = `${ROOT}adapters/declarative/systems/prison-yzgl-v2`;
const yamlDoc = (): SystemDocument => checkSystemDocumentText(readFileSync(`${SYSTEM_DIR}/system.yaml`, 'utf8'), 'system.yaml', 'yaml');
const body = readFileSync(`${SYSTEM_DIR}/fixtures/valid/ZXHZ-execution-receipt.gbk.json`);
const credentials = { appId: 'GZ-PLATFORM', secret: 'prison-sm3-secret' };

const justiceAuth: HmacAuth = {
  scheme: 'hmac',
  algorithm: 'sha256',
  parts: ['timestamp', 'body'],
  separator: '\n',
  encoding: 'base64',
  headers: { appId: 'X-Sfxz-AppKey', timestamp: 'X-Sfxz-Timestamp', signature: 'X-Sfxz-Signature' },
  timestamp: { unit: 'ms', windowSeconds: 300 },
};

describe('HMAC over declared parts', () => {
  it("re-expresses the justice bureau's signature exactly: base64 HMAC-SHA256 of timestamp, LF, raw body", () => {
    const json = Buffer.from('{"id":"LA-1","person":{"name":"张三"}}', 'utf8');
    const values = { appId: 'GZ-PLATFORM', timestamp: '1670292005000', nonce: '' };
    expect(hmacSignature(justiceAuth, { method: 'POST', path: '/sfxz/openapi/v1/inbox', body: json }, values, 'sample-secret')).toBe(
      justiceSignature('1670292005000', json, 'sample-secret'),
    );
    // A GET is signed over the empty body, as SFXZ does for outbox polls.
    expect(hmacSignature(justiceAuth, { method: 'GET', path: '/x', body: Buffer.alloc(0) }, values, 's')).toBe(justiceSignature('1670292005000', '', 's'));
  });

  it('SM3: method, path with query, AppId, timestamp, nonce and the SM3 of the body, joined by LF, in hex', () => {
    const auth = yamlDoc().auth as HmacAuth;
    expect(auth).toMatchObject({ algorithm: 'sm3', encoding: 'hex', separator: '\n' });
    const request = { method: 'get', path: '/yzgl/api/v2/fajianxiang?youbiao=&tiaoshu=20', body };
    const values = { appId: 'GZ-PLATFORM', timestamp: '1675215000000', nonce: 'a1b2c3d4e5f60718' };
    const text = ['GET', request.path, 'GZ-PLATFORM', '1675215000000', 'a1b2c3d4e5f60718', createHash('sm3').update(body).digest('hex')].join('\n');
    expect(hmacSignature(auth, request, values, 'k')).toBe(createHmac('sm3', 'k').update(text, 'utf8').digest('hex'));
    // The same SM3 and HMAC-SM3 as the platform's national-crypto module.
    expect(createHash('sm3').update(body).digest('hex')).toBe(sm3Hex(body));
    expect(hmacSignature(auth, request, values, 'k')).toBe(createHmacSm3(Buffer.from('k')).update(text, 'utf8').digest('hex'));
  });

  it('signs each request with a fresh nonce; the check accepts it and refuses every change, with bilingual reasons', () => {
    const doc = yamlDoc();
    const now = 1_675_215_000_000;
    const request = { method: 'POST', path: '/yzgl/api/v2/jiaohuan', body };
    const headers = authHeaders(doc, request, credentials, now);
    expect(headers['X-YZGL-Nonce']).not.toBe(authHeaders(doc, request, credentials, now)['X-YZGL-Nonce']);
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifyRequest(doc, request, lower, credentials, now + 299_000)).toEqual({ ok: true });
    const refusals = [
      verifyRequest(doc, request, lower, { ...credentials, secret: 'other' }, now),
      verifyRequest(doc, { ...request, body: Buffer.concat([body, Buffer.from(' ')]) }, lower, credentials, now),
      verifyRequest(doc, { ...request, path: '/yzgl/api/v2/other' }, lower, credentials, now),
      verifyRequest(doc, { ...request, method: 'PUT' }, lower, credentials, now),
      verifyRequest(doc, request, lower, credentials, now + 301_000),
      verifyRequest(doc, request, lower, credentials, now - 301_000),
      verifyRequest(doc, request, { ...lower, 'x-yzgl-nonce': undefined }, credentials, now),
      verifyRequest(doc, request, { ...lower, 'x-yzgl-nonce': 'bad nonce!' }, credentials, now),
      verifyRequest(doc, request, { ...lower, 'x-yzgl-appid': 'SOMEONE-ELSE' }, credentials, now),
    ];
    for (const verdict of refusals) {
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toMatch(/[A-Za-z].*[\u4e00-\u9fff]/);
    }
    expect(refusals.map((v) => (v.ok ? '' : v.reason))).toEqual([
      expect.stringMatching(/X-YZGL-Sign does not match \(签名不正确\)/),
      expect.stringMatching(/签名不正确/),
      expect.stringMatching(/签名不正确/),
      expect.stringMatching(/签名不正确/),
      expect.stringMatching(/more than 300 s.*相差超过300秒/),
      expect.stringMatching(/相差超过300秒/),
      expect.stringMatching(/X-YZGL-Nonce required.*缺少签名请求头/),
      expect.stringMatching(/随机数/),
      expect.stringMatching(/应用标识不正确/),
    ]);
    // What the replay guard keys the request by: its nonce, and the timestamp in ms.
    expect(identityOf(doc, lower)).toEqual({ signature: headers['X-YZGL-Sign'], timestamp: String(now), nonce: headers['X-YZGL-Nonce'] });
  });

  it('a document whose HMAC declaration is incomplete is refused, naming the entry', () => {
    const doc = JSON.parse(JSON.stringify(yamlDoc())) as Record<string, any>;
    doc.auth.parts = ['method', 'path', 'nonce'];
    delete doc.auth.headers.nonce;
    doc.auth.algorithm = 'md5';
    doc.credentials = ['token'];
    expect(() => checkSystemDocument(doc, 'broken.yaml')).toThrow(/auth/);
    const fixed = { ...doc, auth: { ...doc.auth, algorithm: 'sm3' } };
    let problems: Array<{ entry: string; reason: string }> = [];
    try {
      checkSystemDocument(fixed, 'broken.yaml');
    } catch (error) {
      problems = (error as { problems: typeof problems }).problems;
    }
    expect(problems.map((p) => p.entry)).toEqual(expect.arrayContaining(['auth.parts', 'auth.headers.nonce']));
    expect(problems.map((p) => p.reason).join(' ')).toMatch(/timestamp.*时间戳/);
    // The right fields, wrong credentials: the HMAC scheme needs the AppId and the secret.
    const noSecret = { ...yamlDoc(), credentials: ['token'] };
    expect(() => checkSystemDocument(noSecret, 'x.yaml')).toThrow(/needs appId.*needs secret|hmac scheme needs/);
  });
});

describe('a system pushing HMAC-SM3 requests with nonces to the platform (push ingress, real HTTP, replay guard on a real Redis)', () => {
  const PATH = '/caselink/prison-push/440000';
  let redis: RedisServer;
  let client: Redis;
  let server: PushIngressServer;
  const doc = checkSystemDocument(
    (() => {
      const value = JSON.parse(JSON.stringify(yamlDoc())) as Record<string, any>;
      return { ...value, kind: 'prison-push', transports: { push: { path: '/caselink/prison-push/{division}' }, delivery: value.transports.delivery } };
    })(),
    'prison-push',
  );
  const adapter = declarativeAdapter(doc);

  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url);
    const { codec, atRest } = createPlatformCodec({});
    const security = new PlatformSecurity(client, 'cl', codec, atRest);
    server = await startPushIngressServer(
      () => ({
        codec: adapter.codec,
        credentials,
        system: { kind: 'prison-push', division: '440000', orgCode: '12440000MB2C00001P' },
        path: PATH,
        security: security.forIngress(),
      }),
      () => ({ kind: 'enqueued', destination: 'test' }),
    );
  });

  afterAll(async () => {
    await server?.close();
    client?.disconnect();
    await redis?.stop();
  });

  const signed = (now = Date.now(), path = PATH): Record<string, string> => ({
    'Content-Type': 'application/json; charset=GBK',
    ...authHeaders(doc, { method: 'POST', path, body }, credentials, now),
  });
  async function push(headers: Record<string, string>): Promise<{ status: number; fhdm: string; fhxx: string }> {
    const response = await fetch(`${server.url}${PATH}`, { method: 'POST', headers, body });
    const answer = JSON.parse(Buffer.from(await response.arrayBuffer()).toString('utf8')) as { fhdm: string; fhxx: string };
    return { status: response.status, ...answer };
  }

  it('takes a signed push; the same request again (its nonce replayed) is refused with the unauthorized template, and audited', async () => {
    const headers = signed();
    expect(await push(headers)).toMatchObject({ status: 200, fhdm: '0000' });
    const replayed = await push(headers);
    expect(replayed).toMatchObject({ status: 401, fhdm: '1003' });
    expect(replayed.fhxx).toMatch(/nonce was already used.*该随机数已使用过/);
    expect(server.emitted).toEqual(['YZGL-GDJY001-20230203-000002']);
    const records = await auditRecords(client);
    expect(records.some((r) => r.action === 'replay' && r.actor === 'prison-push-440000' && r.outcome === 'refused')).toBe(true);
  });

  it('a nonce used again is refused even when re-signed with a new timestamp; a fresh nonce is taken (the core then answers duplicate)', async () => {
    const first = signed();
    const reused = { ...signed(Date.now() + 1000) };
    reused['X-YZGL-Nonce'] = first['X-YZGL-Nonce']!;
    // Re-sign over the reused nonce, as a sender repeating its nonce would.
    const values = { appId: credentials.appId, timestamp: reused['X-YZGL-Timestamp']!, nonce: first['X-YZGL-Nonce']! };
    reused['X-YZGL-Sign'] = hmacSignature(doc.auth as HmacAuth, { method: 'POST', path: PATH, body }, values, credentials.secret);
    expect(await push(first)).toMatchObject({ status: 200 });
    const again = await push(reused);
    expect(again).toMatchObject({ status: 401, fhdm: '1003' });
    expect(again.fhxx).toMatch(/nonce/);
  });

  it('a stale timestamp, a signature over another path and a wrong secret are refused with bilingual reasons', async () => {
    const stale = await push(signed(Date.now() - 400_000));
    expect(stale).toMatchObject({ status: 401, fhdm: '1003' });
    expect(stale.fhxx).toMatch(/more than 300 s away.*相差超过300秒/);
    const otherPath = await push(signed(Date.now(), '/caselink/prison-push/440100'));
    expect(otherPath.fhxx).toMatch(/does not match.*签名不正确/);
    const wrong = await push({
      'Content-Type': 'application/json; charset=GBK',
      ...authHeaders(doc, { method: 'POST', path: PATH, body }, { ...credentials, secret: 'guess' }, Date.now()),
    });
    expect(wrong).toMatchObject({ status: 401, fhdm: '1003' });
  });
});
