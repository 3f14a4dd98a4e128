/**
 * Hostile input against the real running platform: Node-RED with the hub flow (one district),
 * a real redis-server, the district's four legacy simulators and a loopback trap server. Every
 * hostile request is refused with a clear error in the sender's own format, the process keeps
 * serving, and the valid traffic sent at the same time is delivered exactly once, in order.
 */
import { createServer, type Server } from 'node:http';
import iconv from 'iconv-lite';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemKind } from '../../adapters/types';
import { destinationKeys } from '../../core/keys';
import { demoCase, type DemoStep } from '../../demo/demo-case';
import { driveCase, hasReceived, type DriveOptions } from '../../demo/demo-driver';
import { quarantineDestination } from '../../ingress/quarantine';
import type { SimulatorFleet } from '../../demo/simulator-fleet';
import { AuditLog } from '../../security/audit-log';
import type { Division } from '../../standard/codes/divisions';
import type { UnifiedMessage } from '../../standard/schema/message';
import { waitFor, type NodeRedProcess } from '../support/node-red';
import { auditRecords, encoded, pushRaw, slowDrip, startDistrictPlatform, type DistrictPlatform, type RawAnswer } from './support';

const D: Division = '440105';
let platform: DistrictPlatform;
let admin: Redis;
let fleet: SimulatorFleet;
let nodeRed: NodeRedProcess;
let trap: Server;
let trapHits = 0;
let trapUrl = '';

beforeAll(async () => {
  trap = createServer((_req, res) => {
    trapHits++;
    res.end('<!ENTITY leak "leaked">');
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  const address = trap.address();
  trapUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/x.dtd` : '';
  platform = await startDistrictPlatform(D, {
    CASELINK_POLL_MS: '100',
    CASELINK_RETRY_INITIAL_MS: '200',
    CASELINK_RETRY_MAX_MS: '1000',
    CASELINK_HTTP_BODY_TIMEOUT_MS: '1500',
  });
  ({ admin, fleet, nodeRed } = platform);
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await new Promise<void>((resolve) => (trap ? trap.close(() => resolve()) : resolve()));
});

const url = (kind: 'psb' | 'procuratorate') => `${nodeRed.url}/caselink/${kind}/${D}`;
const psbHeaders = () => ({ 'Content-Type': 'application/xml; charset=GBK', 'X-JZPT-Token': fleet.credentials('psb', D).token! });
const procuratorateHeaders = () => ({
  'Content-Type': 'application/json; charset=utf-8',
  Authorization: `Bearer ${fleet.credentials('procuratorate', D).token!}`,
});
const gbk = (text: string) => iconv.encode(text, 'gbk');
const PROLOG = '<?xml version="1.0" encoding="GBK"?>\n';

function drive(): DriveOptions {
  return {
    inboundUrl: (kind, division) => `${nodeRed.url}/caselink/${kind}/${division}`,
    simulator: (kind, division) => fleet.get(kind, division),
    credentials: (kind, division) => fleet.credentials(kind, division),
    stepTimeoutMs: 60_000,
    caseMemory: {},
  };
}

function acceptedIds(kind: SystemKind, prefix: string): string[] {
  return fleet
    .get(kind, D)
    .received.filter((r) => r.accepted && r.message?.messageId.startsWith(prefix))
    .map((r) => r.message!.messageId);
}

function expectExactlyOnceInOrder(steps: DemoStep[], prefix: string): void {
  for (const kind of ['psb', 'procuratorate', 'court', 'justice'] as const) {
    expect(acceptedIds(kind, prefix), `${kind} ${prefix}`).toEqual(steps.filter((s) => s.to === kind).map((s) => s.message.messageId));
  }
}

/** Case numbers of the single PSB messages below: one case each, so tracking never links two of them. */
let nextSingleCase = 90;

/** A PSB message of its own (a case of its own), encoded by the PSB's codec. */
function psbMessage(id: string, change: (m: UnifiedMessage) => void = () => undefined): UnifiedMessage {
  const message = structuredClone(demoCase(D, nextSingleCase++, { idPrefix: id })[0]!.message);
  change(message);
  return message;
}

function refused(answer: RawAnswer, reason: RegExp): void {
  expect(answer.outcome.kind, JSON.stringify(answer.outcome)).toBe('permanent');
  expect((answer.outcome as { reason: string }).reason).toMatch(reason);
}

describe('hostile input through the real runtime', { timeout: 120_000 }, () => {
  it('refuses every hostile request in the sender’s format, keeps serving, and delivers every valid message exactly once', async () => {
    const cases = [
      { prefix: 'SEC-V1', steps: demoCase(D, 11, { idPrefix: 'SEC-V1' }) },
      { prefix: 'SEC-V2', steps: demoCase(D, 12, { idPrefix: 'SEC-V2' }) },
    ];
    const valid = Promise.all(cases.map((c) => driveCase(c.steps, D, drive())));
    valid.catch(() => undefined); // awaited below; a failed assertion before that must not leave it unhandled

    const deepXml = gbk(`${PROLOG}${'<A>'.repeat(10_000)}x${'</A>'.repeat(10_000)}`);
    const deepJson = Buffer.from(`{"head":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`);
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i < 10; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const huge = Buffer.concat([gbk(`${PROLOG}<PACKAGE><BODY><AJXX><AJMC>`), Buffer.alloc(50 * 1024 * 1024, 0x61), gbk('</AJMC></AJXX></BODY></PACKAGE>')]);

    const unknownField = psbMessage('SEC-U');
    const unknownBody = (() => {
      const { body } = encoded('psb', unknownField, fleet.credentials('psb', D));
      return gbk(iconv.decode(body, 'gbk').replace('</BWLX>', '</BWLX>\n    <KZZD>扩展字段-不在规范内</KZZD>'));
    })();
    const foreign = psbMessage('SEC-F', (m) => {
      m.case.crimeDivision = '440111';
    });
    const wrongToken = psbMessage('SEC-W');
    const gbkAsUtf8 = encoded('psb', psbMessage('SEC-G'), fleet.credentials('psb', D));

    const [xxeFile, xxeUrl, xxeParameter, bomb, nestedXml, nestedJson, tooLarge, drip, proto, constructorKey, mislabelled, unknown, route, token] =
      await Promise.all([
        pushRaw(
          url('psb'),
          'psb',
          gbk(`${PROLOG}<!DOCTYPE PACKAGE [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<PACKAGE><HEAD><BWBH>&xxe;</BWBH></HEAD></PACKAGE>`),
          psbHeaders(),
        ),
        pushRaw(url('psb'), 'psb', gbk(`${PROLOG}<!DOCTYPE PACKAGE SYSTEM "${trapUrl}">\n<PACKAGE/>`), psbHeaders()),
        pushRaw(url('psb'), 'psb', gbk(`${PROLOG}<!DOCTYPE PACKAGE [<!ENTITY % remote SYSTEM "${trapUrl}"> %remote;]>\n<PACKAGE/>`), psbHeaders()),
        pushRaw(url('psb'), 'psb', gbk(`${PROLOG}<!DOCTYPE PACKAGE [${lol.join('')}]>\n<PACKAGE><HEAD><BWBH>&lol9;</BWBH></HEAD></PACKAGE>`), psbHeaders()),
        pushRaw(url('psb'), 'psb', deepXml, psbHeaders()),
        pushRaw(url('procuratorate'), 'procuratorate', deepJson, procuratorateHeaders()),
        pushRaw(url('psb'), 'psb', huge, psbHeaders()),
        slowDrip(url('psb'), psbHeaders(), gbk('<PACKAGE>'), 300),
        pushRaw(url('procuratorate'), 'procuratorate', '{"head":{"msgId":"SEC-PROTO","__proto__":{"polluted":"yes"}},"body":{}}', procuratorateHeaders()),
        pushRaw(
          url('procuratorate'),
          'procuratorate',
          '{"head":{"msgId":"SEC-CTOR","constructor":{"prototype":{"polluted":"yes"}}},"body":{}}',
          procuratorateHeaders(),
        ),
        pushRaw(url('psb'), 'psb', gbkAsUtf8.body, { ...gbkAsUtf8.headers, 'Content-Type': 'application/xml; charset=utf-8' }),
        pushRaw(url('psb'), 'psb', unknownBody, psbHeaders()),
        pushRaw(url('psb'), 'psb', ...(Object.values(encoded('psb', foreign, fleet.credentials('psb', D))) as [Buffer, Record<string, string>])),
        pushRaw(url('psb'), 'psb', ...(Object.values(encoded('psb', wrongToken, { token: 'stolen-or-guessed' })) as [Buffer, Record<string, string>])),
      ]);

    refused(xxeFile, /DOCTYPE/);
    refused(xxeUrl, /DOCTYPE/);
    refused(xxeParameter, /DOCTYPE/);
    refused(bomb, /DOCTYPE/);
    refused(nestedXml, /deeper than 64/);
    refused(nestedJson, /deeper than 64/);
    refused(tooLarge, /exceeds \d+ bytes/);
    refused(proto, /__proto__/);
    refused(constructorKey, /constructor/);
    refused(mislabelled, /utf-8/i);
    refused(route, /route not allowed.*crime division/);
    refused(token, /unauthorized/);
    expect(unknown.outcome.kind).toBe('accepted');
    // The slow drip is cut off at the body timeout with the PSB's busy answer (FHDM 9), not left hanging.
    expect(drip.ms).toBeLessThan(10_000);
    expect(iconv.decode(drip.body, 'gbk')).toMatch(/<FHDM>9<\/FHDM>[\s\S]*not complete within/);
    expect(trapHits).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Valid traffic sent meanwhile: every message once, in order.
    await valid;
    for (const c of cases) expectExactlyOnceInOrder(c.steps, c.prefix);

    // Unknown fields: delivered, with the warning, and the raw input kept beside it.
    await waitFor(() => hasReceived(fleet.get('procuratorate', D), unknownField.messageId), 20_000);
    const raw = JSON.parse((await admin.get(`cl:raw:${unknownField.messageId}`))!) as { raw: string; warnings: Array<{ field: string }> };
    expect(raw.raw).toContain('<KZZD>扩展字段-不在规范内</KZZD>');
    expect(raw.warnings.map((w) => w.field).join(' ')).toMatch(/KZZD/);

    // Refused content is kept in quarantine with its reason; a request that failed authentication is not.
    const quarantine = destinationKeys('cl', quarantineDestination('psb', D));
    const letters = await waitFor(async () => {
      const text = Object.values(await admin.hgetall(quarantine.dead)).join('\n');
      return text.includes(foreign.messageId) && (await admin.zcard(quarantine.deadIndex)) >= 8 ? text : undefined;
    }, 20_000);
    expect(letters).toContain(foreign.messageId);
    expect(letters).toMatch(/route not allowed/);
    expect(letters).not.toContain(wrongToken.messageId);
    expect(await admin.exists(destinationKeys('cl', `procuratorate-${D}`).dead)).toBe(0);

    // Audited: ingress, delivery, every refusal; the chain is intact.
    const records = await auditRecords(admin);
    const actions = new Set(records.map((r) => r.action));
    for (const action of ['ingress', 'delivery', 'refusal']) expect(actions, action).toContain(action);
    expect(records.some((r) => r.action === 'refusal' && r.outcome === 'unauthorized')).toBe(true);
    expect(records.some((r) => r.action === 'refusal' && r.subject === foreign.messageId)).toBe(true);
    expect(records.some((r) => r.action === 'ingress' && r.subject === unknownField.messageId && JSON.stringify(r.detail).includes('KZZD'))).toBe(true);
    expect(await new AuditLog(admin).verify()).toMatchObject({ ok: true });

    // Nothing personal in the runtime's log: no full resident id number, no unmasked name.
    const person = unknownField.persons[0]!;
    expect(nodeRed.logs()).not.toContain(person.idNumber!);
    expect(nodeRed.logs()).not.toContain(person.name);
  });

  it('answers a byte-identical PSB resend as a duplicate: recorded as a replay, delivered once', async () => {
    const message = psbMessage('SEC-R');
    const { body, headers } = encoded('psb', message, fleet.credentials('psb', D));
    expect((await pushRaw(url('psb'), 'psb', body, headers)).outcome.kind).toBe('accepted');
    expect((await pushRaw(url('psb'), 'psb', body, headers)).outcome.kind).toBe('duplicate');
    await waitFor(() => hasReceived(fleet.get('procuratorate', D), message.messageId), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(acceptedIds('procuratorate', 'SEC-R')).toEqual([message.messageId]);
    const records = await auditRecords(admin);
    expect(records.some((r) => r.action === 'replay' && r.actor === `psb-${D}` && r.outcome === 'resend')).toBe(true);
  });
});
