/**
 * Issue 17's attacks against the real running platform (Node-RED with the hub flow of one
 * district in demo mode, a real redis-server, the district's simulators): court signature
 * wrapping and answer reflection on the outbox path, text that is not text, duplicated JSON keys,
 * what the PSB's GBK cannot hold, an unaudited structural refusal, console reads that created
 * keys, cross-origin console writes and slow headers. Each is refused (and audited), and a whole
 * valid case is still delivered exactly once, in order, afterwards.
 */
import { connect } from 'node:net';
import iconv from 'iconv-lite';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { CourtSimulator } from '../../adapters/court';
import { renderCourtMessage } from '../../adapters/court/map-out';
import { demoCase } from '../../demo/demo-case';
import { driveCase, hasReceived } from '../../demo/demo-driver';
import type { SimulatorFleet } from '../../demo/simulator-fleet';
import { AuditLog } from '../../security/audit-log';
import type { Division } from '../../standard/codes/divisions';
import type { UnifiedMessage } from '../../standard/schema/message';
import { waitFor, type NodeRedProcess } from '../support/node-red';
import { driveOptions, FAST_FORWARDING_ENV, platformForFile, startDistrictPlatform } from '../support/platform';
import { auditRecords, encoded, expectRefused, pushRaw } from './support';

const D: Division = '440105';
let admin: Redis;
let fleet: SimulatorFleet;
let nodeRed: NodeRedProcess;
platformForFile(
  () => startDistrictPlatform(D, { ...FAST_FORWARDING_ENV, CASELINK_HTTP_HEADERS_TIMEOUT_MS: '1500' }),
  (platform) => ({ admin, fleet, nodeRed } = platform),
  120_000,
);

const url = (kind: 'psb' | 'procuratorate') => `${nodeRed.url}/caselink/${kind}/${D}`;
const court = () => fleet.get('court', D) as CourtSimulator;

const drive = () => driveOptions(nodeRed, fleet, { stepTimeoutMs: 60_000, caseMemory: {} });

let nextCase = 40;
const single = (prefix: string, index: number): UnifiedMessage => structuredClone(demoCase(D, nextCase++, { idPrefix: prefix })[index]!.message);

function procuratorateText(message: UnifiedMessage): string {
  return encoded('procuratorate', message, fleet.credentials('procuratorate', D)).body.toString('utf8');
}
const procuratorateHeaders = () => encoded('procuratorate', single('HDR', 1), fleet.credentials('procuratorate', D)).headers;

/** Every id any simulator accepted. */
const everAccepted = (id: string) => fleet.list().some(({ simulator }) => hasReceived(simulator, id));

/** A whole valid case after the attacks: every message delivered exactly once, in order. */
async function validCaseStillFlows(prefix: string): Promise<void> {
  const steps = demoCase(D, nextCase++, { idPrefix: prefix });
  await driveCase(steps, D, drive());
  for (const kind of ['psb', 'procuratorate', 'court', 'justice'] as const) {
    const got = fleet
      .get(kind, D)
      .received.filter((r) => r.accepted && r.message?.messageId.startsWith(prefix))
      .map((r) => r.message!.messageId);
    expect(got, `${kind} ${prefix}`).toEqual(steps.filter((s) => s.to === kind).map((s) => s.message.messageId));
  }
}

describe('issue 17 attacks through the real runtime', { timeout: 180_000 }, () => {
  it('court outbox: wrapping, reflection and a DOCTYPE page are refused whole, kept and audited; nothing forged is delivered', async () => {
    const forged = single('FORGED', 10); // a JUDGMENT "from the court" to the procuratorate
    const forgedMessage = renderCourtMessage(forged);
    const bodyOf = (text: string) => /<soap:Body>[\s\S]*<\/soap:Body>/.exec(text)![0];
    const forgedBody = (signed: string) => bodyOf(signed).replace(/<ce:fetchOutboxResponse>/, `<ce:fetchOutboxResponse>\n${forgedMessage}`);
    const attacks: Array<[string, (page: string, request: string) => string, RegExp]> = [
      ['wrapping', (page) => page.replace(bodyOf(page), `<!--${bodyOf(page)}-->${forgedBody(page)}`), /comment between the envelope's parts/],
      ['second Body', (page) => page.replace(bodyOf(page), `${bodyOf(page)}${forgedBody(page)}`), /appears twice/],
      ['reflection', (_page, request) => request, /reflected request/],
      ['reflection with a forged Body', (page, request) => request.replace(bodyOf(request), forgedBody(page)), /Sign does not match/],
      ['DOCTYPE', (page) => page.replace('<soap:Envelope', '<!DOCTYPE soap:Envelope [<!ENTITY x "y">]>\n<soap:Envelope'), /DOCTYPE/],
    ];
    for (const [name, rewrite, reason] of attacks) {
      const before = (await auditRecords(admin)).length;
      court().rewritePages(rewrite, 2);
      const record = await waitFor(async () => {
        const records = (await auditRecords(admin)).slice(before);
        return records.find((r) => r.action === 'refusal' && r.subject.startsWith('outbox-page:') && reason.test(JSON.stringify(r.detail)));
      }, 20_000);
      expect(record, name).toMatchObject({ actor: `court-${D}`, outcome: 'rejected' });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(everAccepted(forged.messageId)).toBe(false);
    await validCaseStillFlows('T17-COURT');
  });

  it('text that is not text and duplicated JSON keys are refused naming the field; a valid message still goes through once', async () => {
    const approval = single('T17-NUL', 2);
    const nul = await pushRaw(
      url('procuratorate'),
      'procuratorate',
      procuratorateText(approval).replace(/"ajmc":"([^"]*)"/, '"ajmc":"$1\\u0000"'),
      procuratorateHeaders(),
    );
    expectRefused(nul, /ajmc[\s\S]*U\+0000/);
    const lone = single('T17-SUR', 2);
    expectRefused(
      await pushRaw(url('procuratorate'), 'procuratorate', procuratorateText(lone).replace(/"ajmc":"([^"]*)"/, '"ajmc":"$1\\ud800"'), procuratorateHeaders()),
      /ajmc[\s\S]*lone surrogate/,
    );
    const squat = single('T17-DUP', 2);
    expectRefused(
      await pushRaw(
        url('procuratorate'),
        'procuratorate',
        procuratorateText(squat).replace('"msgId":', '"msgId":"T17-DUP-SHADOW","msgId":'),
        procuratorateHeaders(),
      ),
      /head\.msgId[\s\S]*appears twice/,
    );

    const arrest = single('T17-PSBNUL', 0);
    const psb = encoded('psb', arrest, fleet.credentials('psb', D));
    const withNul = iconv.encode(iconv.decode(psb.body, 'gbk').replace(/<AJMC>([^<]*)<\/AJMC>/, '<AJMC>$1\u0000</AJMC>'), 'gbk');
    expectRefused(await pushRaw(url('psb'), 'psb', withNul, psb.headers), /AJMC|U\+0000|well-formed/);

    // A character GBK cannot hold, on its way to the PSB: carried as a numeric character reference
    // (issue 14: rare characters into GBK systems as references), not refused and not dead-lettered.
    const rare = single('T17-GBK', 2);
    rare.case.name = `${rare.case.name}𠀀`;
    expect((await pushRaw(url('procuratorate'), 'procuratorate', procuratorateText(rare), procuratorateHeaders())).outcome.kind).toBe('accepted');
    const atPsb = await waitFor(() => fleet.get('psb', D).received.find((r) => r.accepted && r.message?.messageId === rare.messageId), 20_000);
    expect(atPsb.body).toContain('&#x20000;');
    expect(atPsb.message!.case.name).toBe(rare.case.name);

    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const id of [approval, lone, squat, arrest].map((m) => m.messageId)) expect(everAccepted(id), id).toBe(false);
    expect(await admin.hlen(`cl:{dest:psb-${D}}:dead`)).toBe(0);
    const records = await auditRecords(admin);
    for (const id of [arrest.messageId])
      expect(
        records.some((r) => r.action === 'refusal' && r.subject === id),
        id,
      ).toBe(true);
    await validCaseStillFlows('T17-TEXT');
  });

  it('message-id squatting: another sender reusing an id is refused and audited, never answered "duplicate"', async () => {
    const squatted = `T17-OWNED-${Date.now()}`;
    const first = single('T17-SQ1', 0); // PSB → procuratorate
    first.messageId = squatted;
    const psb = encoded('psb', first, fleet.credentials('psb', D));
    expect((await pushRaw(url('psb'), 'psb', psb.body, psb.headers)).outcome.kind).toBe('accepted');
    const victim = single('T17-SQ2', 2); // procuratorate → PSB, the same id
    victim.messageId = squatted;
    const answer = await pushRaw(url('procuratorate'), 'procuratorate', procuratorateText(victim), procuratorateHeaders());
    expectRefused(answer, /already used by another sender system \(psb-440105\)/);
    // The owner's own resend is still its duplicate.
    const resend = encoded('psb', first, fleet.credentials('psb', D));
    expect((await pushRaw(url('psb'), 'psb', resend.body, resend.headers)).outcome.kind).toBe('duplicate');
    const records = await auditRecords(admin);
    expect(records.some((r) => r.action === 'refusal' && r.subject === squatted && r.actor === `procuratorate-${D}`)).toBe(true);
    await validCaseStillFlows('T17-SQUAT');
  });

  it('console: reads of made-up destinations create no key; cross-origin writes are refused and audited', async () => {
    const api = `${nodeRed.url}/caselink/api`;
    const keysBefore = (await admin.keys('*{dest:*made-up*')).length;
    for (let i = 0; i < 5; i++) expect((await fetch(`${api}/dead-letters?destination=psb-made-up-${i}`)).status).toBe(404);
    expect((await fetch(`${api}/dead-letters/court-made-up/X/`)).status).toBe(404);
    expect((await admin.keys('*made-up*')).length).toBe(keysBefore);

    const before = (await auditRecords(admin)).length;
    const replay = (headers: Record<string, string>) =>
      fetch(`${api}/dead-letters/psb-${D}/NO-SUCH/replay`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ reason: '核对后重新投递' }),
      });
    const crossSite = await replay({ Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ code: 'CROSS_ORIGIN' });
    expect((await replay({ Origin: 'https://evil.example' })).status).toBe(403);
    // Same origin: taken (and refused for what it is, a dead letter that does not exist).
    expect((await replay({ Origin: nodeRed.url, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(404);
    const records = await waitFor(async () => {
      const r = (await auditRecords(admin)).slice(before).filter((x) => x.action === 'refusal' && x.outcome === 'refused');
      return r.length >= 3 ? r : undefined;
    }, 10_000);
    expect(records.map((r) => (r.detail as { code?: string }).code)).toEqual(['CROSS_ORIGIN', 'CROSS_ORIGIN', 'NOT_FOUND']);
    expect(await new AuditLog(admin).verify()).toMatchObject({ ok: true });
  });

  it('slow headers are cut at the headers timeout, not after Node’s ~87 s', async () => {
    const target = new URL(nodeRed.url);
    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const socket = connect(Number(target.port), target.hostname, () => socket.write('GET /caselink/api/session HTTP/1.1\r\nHost: x\r\n'));
      const drip = setInterval(() => socket.write('X-Drip: 1\r\n'), 300);
      socket.on('close', () => {
        clearInterval(drip);
        resolve(Date.now() - started);
      });
      socket.on('error', () => undefined);
      setTimeout(() => reject(new Error('still open after 45 s')), 45_000).unref();
    });
    // The headers timeout is 1.5 s here; the bound only tells it from Node's own ~87 s, under any load.
    expect(closedAfter).toBeLessThan(30_000);
    expect((await fetch(`${nodeRed.url}/caselink/api/session`)).status).toBe(200);
  });
});
