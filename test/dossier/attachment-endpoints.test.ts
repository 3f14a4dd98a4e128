/**
 * The attachment endpoints of each system instance in a real Node-RED runtime
 * (node-red-node-test-helper, real redis-server, the legacy simulators), one hub with two receivers:
 * the procuratorate takes files inline, the PSB by link (configured on its system instance).
 * - PSB uploads a large file to `<its push path>/attachments/<sha256>` with its push token (a wrong
 *   token, a wrong hash, a file over the limit are refused), then pushes a message naming the file
 *   by `contentRef`; the procuratorate gets the file inline, intact.
 * - The procuratorate sends the PSB a file inline; the PSB's delivery carries a signed, time-limited
 *   link instead, which only the PSB's own credentials fetch (streamed, verified).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BaseSimulator } from '../../adapters/shared/simulator-base';
import { demoCase } from '../../demo/demo-case';
import { hasReceived, pushToPlatform } from '../../demo/demo-driver';
import type { UnifiedMessage } from '../../standard/schema/message';
import { PUSH_HUB_MODULES, usePushHub } from '../support/push-hub';
import { collect, nodeRedHelper, waitFor, type FlowNode } from '../support/node-red';

const D = '440105' as const;
const MAX_FILE = 6 * 1024 * 1024;
const storeDir = mkdtempSync(join(tmpdir(), 'caselink-endpoint-blobs-'));
const saved = { store: process.env.CASELINK_ATTACHMENT_STORE, max: process.env.CASELINK_ATTACHMENT_MAX_FILE_BYTES };
process.env.CASELINK_ATTACHMENT_STORE = `fs:${storeDir}`;
process.env.CASELINK_ATTACHMENT_MAX_FILE_BYTES = String(MAX_FILE);
const helper = nodeRedHelper();
const hub = usePushHub(D);
let prefixCounter = 0;

afterAll(async () => {
  await helper.close();
  rmSync(storeDir, { recursive: true, force: true });
  for (const [name, value] of [
    ['CASELINK_ATTACHMENT_STORE', saved.store],
    ['CASELINK_ATTACHMENT_MAX_FILE_BYTES', saved.max],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
afterEach(() => helper.unload());

async function load(extra: FlowNode[] = []): Promise<{ base: string; prefix: string; nodes: FlowNode[]; credentials: Record<string, Record<string, string>> }> {
  const prefix = `ep${++prefixCounter}`;
  const system = (kind: 'psb' | 'procuratorate', attachments: string) => ({
    id: `sys-${kind}`,
    type: 'caselink-system',
    kind,
    division: D,
    baseUrl: hub.fleet.get(kind, D).url,
    attachments,
  });
  const nodes: FlowNode[] = [
    { id: 'f1', type: 'tab', label: 'attachment endpoints' },
    hub.redisNode(prefix, { durability: 'none' }),
    system('psb', 'link'),
    system('procuratorate', ''),
    { id: 'in-psb', type: 'caselink-in', z: 'f1', x: 0, y: 0, system: 'sys-psb', redis: 'redis', wires: [['route']] },
    { id: 'in-proc', type: 'caselink-in', z: 'f1', x: 0, y: 0, system: 'sys-procuratorate', redis: 'redis', wires: [['route']] },
    { id: 'route', type: 'caselink-route', z: 'f1', x: 0, y: 0, wires: [['enqueue']] },
    { id: 'enqueue', type: 'caselink-enqueue', z: 'f1', x: 0, y: 0, redis: 'redis', wires: [[]] },
    { id: 'deliver-proc', type: 'caselink-deliver', z: 'f1', x: 0, y: 0, system: 'sys-procuratorate', redis: 'redis', wires: [[]] },
    { id: 'deliver-psb', type: 'caselink-deliver', z: 'f1', x: 0, y: 0, system: 'sys-psb', redis: 'redis', wires: [['delivered-psb']] },
    { id: 'delivered-psb', type: 'helper', z: 'f1' },
    ...extra,
  ];
  const credentials = Object.fromEntries((['psb', 'procuratorate'] as const).map((kind) => [`sys-${kind}`, { token: hub.fleet.credentials(kind, D).token! }]));
  await helper.load(PUSH_HUB_MODULES, nodes, credentials);
  await waitFor(() => helper.getNode('redis').shared.state.state === 'connected');
  return { base: await helper.httpNodeUrl(), prefix, nodes, credentials };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const psbToken = () => ({ 'X-JZPT-Token': hub.fleet.credentials('psb', D).token! });

async function put(url: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream', ...headers } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function referring(message: UnifiedMessage, id: string, attachment: Record<string, unknown>): UnifiedMessage {
  const documents = message.documents.map((d, i) => (i === 0 ? { ...d, attachments: [attachment] } : d));
  return { ...message, messageId: `${message.messageId}-${id}`, documents } as UnifiedMessage;
}

const steps = demoCase(D, 2, { idPrefix: 'EP' });

describe('attachment endpoints per system instance', () => {
  it('takes a large file uploaded beside the push path, authenticated like the pushes, within the limit; the message naming it reaches an inline receiver intact', async () => {
    const { base, prefix } = await load();
    const deliveredToPsb = collect(helper.getNode('delivered-psb')) as Array<{ payload: UnifiedMessage }>;
    const uploads = `${base}/caselink/psb/${D}/attachments`;
    const file = randomBytes(5 * 1024 * 1024);
    const sha = sha256(file);

    expect((await put(`${uploads}/${sha}`, file, {})).status).toBe(401);
    expect((await put(`${uploads}/${sha}`, file, { 'X-JZPT-Token': 'wrong' })).status).toBe(401);
    const wrongHash = await put(`${uploads}/${'0'.repeat(64)}`, file, psbToken());
    expect(wrongHash).toMatchObject({ status: 422, body: { code: 'BLOB_HASH_MISMATCH' } });
    const tooLarge = await put(`${uploads}/${sha256(Buffer.alloc(MAX_FILE + 1))}`, Buffer.alloc(MAX_FILE + 1), psbToken());
    expect(tooLarge).toMatchObject({ status: 413, body: { code: 'BLOB_TOO_LARGE' } });
    const stored = await put(`${uploads}/${sha}`, file, psbToken());
    expect(stored).toEqual({ status: 201, body: { contentRef: `sha256:${sha}`, sha256: sha, size: file.length } });

    const audit = await waitFor(async () => {
      const records = (await hub.admin.lrange(`${prefix}:{audit}:log`, 0, -1)).map((t) => JSON.parse(t));
      return records.filter((r) => r.action === 'refusal').length === 2 ? records : undefined;
    });
    expect(audit.filter((r) => r.outcome === 'attachment-stored')).toEqual([
      expect.objectContaining({ actor: `psb-${D}`, action: 'ingress', subject: `sha256:${sha}` }),
    ]);
    expect(audit.filter((r) => r.action === 'refusal' && r.outcome === 'unauthorized')).toHaveLength(2);

    const attachment = { fileName: '讯问录像.mp4', mediaType: 'video/mp4', size: file.length, sha256: sha, contentRef: `sha256:${sha}` };
    const message = referring(steps[0]!.message, 'ref', attachment);
    const inbound = `${base}/caselink/psb/${D}`;
    expect(await pushToPlatform(inbound, 'psb', message, hub.fleet.credentials('psb', D))).toMatchObject({ kind: 'accepted' });
    const procuratorate = hub.fleet.get('procuratorate', D) as BaseSimulator;
    await waitFor(() => hasReceived(procuratorate, message.messageId), 15_000);
    const got = procuratorate.acceptedMessages().find((m) => m.messageId === message.messageId)!;
    expect(sha256(Buffer.from(got.documents[0]!.attachments[0]!.content!, 'base64'))).toBe(sha);
    const caseUid = message.caseUid ?? `message:${message.messageId}`;
    const dossier = Object.values(await hub.admin.hgetall(`${prefix}:{dossier}:case:${caseUid}`)).map((t) => JSON.parse(t));
    expect(dossier).toEqual([expect.objectContaining({ sha256: sha, fileName: '讯问录像.mp4', size: file.length })]);

    // The upload is the PSB's own: the procuratorate naming the same hash gets no file from it.
    const other = { ...steps[2]!.message, messageId: `${steps[2]!.message.messageId}-other` } as UnifiedMessage;
    const borrowed = referring(other, 'borrowed', { ...attachment, contentRef: undefined });
    expect(await pushToPlatform(`${base}/caselink/procuratorate/${D}`, 'procuratorate', borrowed, hub.fleet.credentials('procuratorate', D))).toMatchObject({
      kind: 'accepted',
    });
    const toPsb = await waitFor(() => deliveredToPsb.find((m) => m.payload.messageId === borrowed.messageId), 15_000);
    expect(toPsb.payload.documents[0]!.attachments[0]).toEqual({ fileName: '讯问录像.mp4', mediaType: 'video/mp4', size: file.length, sha256: sha });
    // A message naming the upload with another size is refused.
    const resized = referring(steps[0]!.message, 'resized', { ...attachment, size: file.length - 1 });
    expect(await pushToPlatform(inbound, 'psb', resized, hub.fleet.credentials('psb', D))).not.toMatchObject({ kind: 'accepted' });
  });

  it('delivers to a receiver that takes files by link: a signed, time-limited link only its own credentials fetch', async () => {
    const { prefix } = await load();
    const captured = helper.getNode('delivered-psb');
    const delivered = new Promise<{ payload: UnifiedMessage; outcome: { kind: string } }>((resolve) => captured.on('input', resolve));
    const file = Buffer.from(`%PDF-1.7 批准逮捕决定书 ${'批准'.repeat(30_000)}`);
    const sha = sha256(file);
    const approval = steps[2]!.message;
    expect(approval).toMatchObject({ messageType: 'ARREST_APPROVAL', receiver: { agency: 'PSB' } });
    const message = referring(approval, 'link', {
      fileName: '批准逮捕决定书.pdf',
      mediaType: 'application/pdf',
      size: file.length,
      sha256: sha,
      content: file.toString('base64'),
    });
    const inbound = `${await helper.httpNodeUrl()}/caselink/procuratorate/${D}`;
    expect(await pushToPlatform(inbound, 'procuratorate', message, hub.fleet.credentials('procuratorate', D))).toMatchObject({ kind: 'accepted' });

    const msg = await delivered;
    expect(msg.outcome.kind).toBe('accepted');
    const sent = msg.payload.documents[0]!.attachments[0]!;
    expect(sent.content).toBeUndefined();
    expect(sent).toMatchObject({ sha256: sha, size: file.length, contentRef: `sha256:${sha}` });
    const link = sent.link!;
    expect(link.url).toMatch(new RegExp(`/caselink/psb/${D}/attachments/sha256:${sha}\\?r=psb-${D}&e=\\d+&s=`));
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now() + 3_600_000);
    // The PSB's system got the message, without the bytes.
    const psb = hub.fleet.get('psb', D) as BaseSimulator;
    await waitFor(() => hasReceived(psb, message.messageId), 10_000);
    expect(psb.acceptedMessages().find((m) => m.messageId === message.messageId)!.documents[0]!.attachments[0]!.content).toBeUndefined();

    // The link is the PSB's: fetched with its token; nobody else's credentials, no credentials, no altered link.
    const url = link.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, await helper.httpNodeUrl());
    const fetched = await fetch(url, { headers: psbToken() });
    expect(fetched.status).toBe(200);
    expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(sha);
    expect((await fetch(url)).status).toBe(403);
    expect((await fetch(url, { headers: { 'X-JZPT-Token': hub.fleet.credentials('procuratorate', D).token! } })).status).toBe(403);
    expect((await fetch(url.replace(/s=[^&]+/, 's=AAAA'), { headers: psbToken() })).status).toBe(403);
    expect((await fetch(url.replace(/&e=\d+/, `&e=${Date.now() + 9e9}`), { headers: psbToken() })).status).toBe(403);

    const accesses = async () =>
      (await hub.admin.lrange(`${prefix}:{audit}:log`, 0, -1)).map((t) => JSON.parse(t)).filter((r) => r.action === 'dossier-access');
    await waitFor(async () => (await accesses()).length === 5);
    // Each fetch is audited; a served link is recorded when its bytes have gone out, so the next
    // request's refusal may be recorded first.
    expect((await accesses()).map((r) => r.outcome).sort()).toEqual(['link-refused', 'link-refused', 'link-refused', 'link-refused', 'link-served']);
  });

  it("serves a receiver's links while any of its deliver nodes runs: a second one stands by and takes over when the first is removed", async () => {
    const second: FlowNode = { id: 'deliver-psb-2', type: 'caselink-deliver', z: 'f1', x: 0, y: 0, system: 'sys-psb', redis: 'redis', wires: [[]] };
    const { base, nodes, credentials } = await load([second]);
    // A link without a signature is refused by the links endpoint (403); no endpoint at all would be 404.
    const unsigned = `${base}/caselink/psb/${D}/attachments/sha256:${'0'.repeat(64)}`;
    expect((await fetch(unsigned, { headers: psbToken() })).status).toBe(403);
    // "Modified nodes" deploy: only the first deliver node goes; the second keeps running and takes over.
    await helper.setFlows(
      nodes.filter((n) => n.id !== 'deliver-psb'),
      credentials,
      'nodes',
    );
    expect((await fetch(unsigned, { headers: psbToken() })).status).toBe(403);
    await helper.setFlows(
      nodes.filter((n) => n.id !== 'deliver-psb' && n.id !== 'deliver-psb-2'),
      credentials,
      'nodes',
    );
    expect((await fetch(unsigned, { headers: psbToken() })).status).toBe(404);
  });
});
