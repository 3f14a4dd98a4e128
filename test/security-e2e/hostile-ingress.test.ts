/**
 * Hostile input against the real running platform: Node-RED with the hub flow (one district),
 * a real redis-server, the district's four legacy simulators and a loopback trap server. Every
 * hostile request is refused with a clear error in the sender's own format, the process keeps
 * serving, and the valid traffic sent at the same time is delivered exactly once, in order.
 */
import iconv from 'iconv-lite';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { SystemKind } from '../../adapters/types';
import { destinationKeys } from '../../core/keys';
import { demoCase, type DemoStep } from '../../demo/demo-case';
import { driveCase, hasReceived } from '../../demo/demo-driver';
import { quarantineDestination } from '../../ingress/quarantine';
import type { SimulatorFleet } from '../../demo/simulator-fleet';
import { AuditLog } from '../../security/audit-log';
import type { Division } from '../../standard/codes/divisions';
import type { UnifiedMessage } from '../../standard/schema/message';
import { waitFor, type NodeRedProcess } from '../support/node-red';
import { driveOptions, FAST_FORWARDING_ENV, platformForFile, startDistrictPlatform } from '../support/platform';
import { trapForFile } from '../support/trap-server';
import { auditRecords, encoded, expectRefused, pushRaw, slowDrip } from './support';

const D: Division = '440105';
const BODY_LIMIT = 1024 * 1024;
let admin: Redis;
let fleet: SimulatorFleet;
let nodeRed: NodeRedProcess;
const trap = trapForFile('<!ENTITY leak "leaked">');
platformForFile(
  // A body limit of 1 MB: the oversize push below is refused on size long before the body timeout, however loaded the machine.
  () => startDistrictPlatform(D, { ...FAST_FORWARDING_ENV, CASELINK_HTTP_BODY_TIMEOUT_MS: '1500', CASELINK_HTTP_MAX_BODY: String(BODY_LIMIT) }),
  (platform) => ({ admin, fleet, nodeRed } = platform),
  120_000,
);

const url = (kind: 'psb' | 'procuratorate') => `${nodeRed.url}/caselink/${kind}/${D}`;
const psbHeaders = () => ({ 'Content-Type': 'application/xml; charset=GBK', 'X-JZPT-Token': fleet.credentials('psb', D).token! });
const procuratorateHeaders = () => ({
  'Content-Type': 'application/json; charset=utf-8',
  Authorization: `Bearer ${fleet.credentials('procuratorate', D).token!}`,
});
const gbk = (text: string) => iconv.encode(text, 'gbk');
const PROLOG = '<?xml version="1.0" encoding="GBK"?>\n';
const drive = () => driveOptions(nodeRed, fleet, { stepTimeoutMs: 60_000, caseMemory: {} });

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
    const huge = Buffer.concat([gbk(`${PROLOG}<PACKAGE><BODY><AJXX><AJMC>`), Buffer.alloc(5 * BODY_LIMIT, 0x61), gbk('</AJMC></AJXX></BODY></PACKAGE>')]);

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
        pushRaw(url('psb'), 'psb', gbk(`${PROLOG}<!DOCTYPE PACKAGE SYSTEM "${trap.url()}">\n<PACKAGE/>`), psbHeaders()),
        pushRaw(url('psb'), 'psb', gbk(`${PROLOG}<!DOCTYPE PACKAGE [<!ENTITY % remote SYSTEM "${trap.url()}"> %remote;]>\n<PACKAGE/>`), psbHeaders()),
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

    expectRefused(xxeFile, /DOCTYPE/);
    expectRefused(xxeUrl, /DOCTYPE/);
    expectRefused(xxeParameter, /DOCTYPE/);
    expectRefused(bomb, /DOCTYPE/);
    expectRefused(nestedXml, /deeper than 64/);
    expectRefused(nestedJson, /deeper than 64/);
    expectRefused(tooLarge, /exceeds \d+ bytes/);
    expectRefused(proto, /__proto__/);
    expectRefused(constructorKey, /constructor/);
    expectRefused(mislabelled, /utf-8/i);
    expectRefused(route, /route not allowed.*crime division/);
    expectRefused(token, /unauthorized/);
    expect(unknown.outcome.kind).toBe('accepted');
    // The slow drip is cut off at the body timeout with the PSB's busy answer (FHDM 9), not left hanging
    // until its whole declared body has arrived (300 s at this pace); the time bound only has to hold under any load.
    expect(drip.sentBytes).toBeLessThan(drip.declaredBytes);
    expect(drip.ms).toBeLessThan(60_000);
    expect(iconv.decode(drip.body, 'gbk')).toMatch(/<FHDM>9<\/FHDM>[\s\S]*not complete within/);
    expect(trap.hits()).toBe(0);
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
