/**
 * Replay of signed requests (court SOAP <Auth><Sign>, justice X-Sfxz-Signature) at the platform's
 * push ingress (ingress/push-ingress.ts handlePush) with the real replay guard and audit log on a
 * real redis-server, over real HTTP. In the pilot the court and justice are polled, so no Node-RED
 * flow pushes them; a deployment that lets them push gets exactly this.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codec as courtCodec } from '../../adapters/court/codec';
import { codec as justiceCodec } from '../../adapters/justice/codec';
import type { IngressAnswers, LegacyCodec } from '../../adapters/types';
import { demoCase } from '../../demo/demo-case';
import type { IngressOutcome } from '../../ingress/ingress-ledger';
import { PlatformSecurity } from '../../ingress/ingress-security';
import { createPlatformCodec } from '../../security/stored-codec';
import { startPushIngressServer, type PushIngressServer } from '../support/push-ingress-server';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { auditRecords } from './support';

/** Answers as plain JSON: which one the ingress chose, and why. */
const answers: IngressAnswers = {
  accepted: (id) => ({ status: 200, headers: {}, body: Buffer.from(JSON.stringify({ answer: 'accepted', id })) }),
  duplicate: (id) => ({ status: 200, headers: {}, body: Buffer.from(JSON.stringify({ answer: 'duplicate', id })) }),
  rejected: (id, issues) => ({ status: 400, headers: {}, body: Buffer.from(JSON.stringify({ answer: 'rejected', id, issues })) }),
  busy: (id, reason) => ({ status: 503, headers: {}, body: Buffer.from(JSON.stringify({ answer: 'busy', id, reason })) }),
  unauthorized: (reason) => ({ status: 401, headers: {}, body: Buffer.from(JSON.stringify({ answer: 'unauthorized', reason })) }),
};

const credentials = { appId: 'GZ-PLATFORM', secret: 'a-shared-secret-for-signing' };
let redis: RedisServer;
let client: Redis;
let security: PlatformSecurity;
let server: PushIngressServer;
let base = '';
/** What the stand-in flow answers for the next emitted message. */
let flowOutcome: IngressOutcome = { kind: 'enqueued', destination: 'test' };
let emitted: string[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  client = new Redis(redis.url);
  const { codec, atRest } = createPlatformCodec({});
  security = new PlatformSecurity(client, 'cl', codec, atRest);
  const codecs: Record<string, LegacyCodec> = { court: { ...courtCodec, answers }, justice: { ...justiceCodec, answers } };
  server = await startPushIngressServer(
    (req) => {
      const kind = req.url!.split('/')[1]!;
      return { codec: codecs[kind]!, credentials, system: { kind, division: '440105', orgCode: '440105030000' }, security: security.forIngress() };
    },
    () => flowOutcome,
  );
  base = server.url;
  emitted = server.emitted;
});

afterAll(async () => {
  await server?.close();
  client?.disconnect();
  await redis?.stop();
});

async function post(
  kind: string,
  request: { body: Buffer | string; headers: Record<string, string> },
): Promise<{ status: number; answer: string; reason?: string }> {
  const response = await fetch(`${base}/${kind}`, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, ...((await response.json()) as { answer: string; reason?: string }) };
}

const steps = demoCase('440105', 41, { idPrefix: 'SEC-S' });
const fromCourt = steps.find((s) => s.from === 'court')!.message;
const fromJustice = steps.find((s) => s.from === 'justice')!.message;

describe.each([
  ['court', courtCodec, fromCourt],
  ['justice', justiceCodec, fromJustice],
] as const)('a replayed signed %s request', (kind, codec, message) => {
  it('is refused as unauthorized and audited; a freshly signed resend goes through', async () => {
    flowOutcome = { kind: 'enqueued', destination: 'test' };
    const signed = codec.encode(message, { credentials, now: Date.now() });
    const request = { body: Buffer.from(signed.body), headers: signed.headers };
    expect(await post(kind, request)).toMatchObject({ status: 200, answer: 'accepted' });
    const replayed = await post(kind, request);
    expect(replayed).toMatchObject({ status: 401, answer: 'unauthorized' });
    expect(replayed.reason).toMatch(/replay refused/);
    expect(emitted.filter((id) => id === message.messageId)).toHaveLength(1);
    const records = await auditRecords(client);
    expect(records.some((r) => r.action === 'replay' && r.actor === `${kind}-440105` && r.outcome === 'refused')).toBe(true);

    // The sender re-signs every attempt: that is not a replay (the core's dedup then answers duplicate).
    await new Promise((resolve) => setTimeout(resolve, 5));
    const fresh = codec.encode(message, { credentials, now: Date.now() + 1 });
    expect(await post(kind, { body: Buffer.from(fresh.body), headers: fresh.headers })).toMatchObject({ answer: 'accepted' });
  });

  it('admits the identical retry of an attempt that was answered busy', async () => {
    const other = { ...message, messageId: `${message.messageId}-B` };
    const signed = codec.encode(other as typeof message, { credentials, now: Date.now() });
    const request = { body: Buffer.from(signed.body), headers: signed.headers };
    flowOutcome = { kind: 'busy', reason: 'backlog full' };
    expect(await post(kind, request)).toMatchObject({ status: 503, answer: 'busy' });
    flowOutcome = { kind: 'enqueued', destination: 'test' };
    expect(await post(kind, request)).toMatchObject({ status: 200, answer: 'accepted' });
  });
});
