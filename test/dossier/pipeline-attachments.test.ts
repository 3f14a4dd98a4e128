/**
 * Attachments by reference through the real nodes (node-red-node-test-helper, real redis-server,
 * the legacy simulators): PSB pushes an arrest request with an inline file; Redis holds only its
 * reference; the procuratorate's system gets the file inline, intact; a sealed technical receipt
 * with the file's hash is chained in the audit log and listed in the case's dossier. A blob
 * corrupted in the store dead-letters the message with the reason, and the receiver gets nothing.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BaseSimulator } from '../../adapters/shared/simulator-base';
import { demoCase } from '../../demo/demo-case';
import { hasReceived, pushToPlatform } from '../../demo/demo-driver';
import type { UnifiedMessage } from '../../standard/schema/message';
import { PUSH_HUB_MODULES, usePushHub } from '../support/push-hub';
import { nodeRedHelper, waitFor, type FlowNode } from '../support/node-red';

const D = '440105' as const;
const storeDir = mkdtempSync(join(tmpdir(), 'caselink-pipeline-blobs-'));
process.env.CASELINK_ATTACHMENT_STORE = `fs:${storeDir}`;
const helper = nodeRedHelper();
const hub = usePushHub(D, { aof: true });
let prefixCounter = 0;

afterAll(async () => {
  await helper.close();
  rmSync(storeDir, { recursive: true, force: true });
  delete process.env.CASELINK_ATTACHMENT_STORE;
});
afterEach(() => helper.unload());

async function load(options: { prefix?: string; deliver?: boolean } = {}): Promise<{ url: string; prefix: string }> {
  const prefix = options.prefix ?? `att${++prefixCounter}`;
  const nodes: FlowNode[] = [
    { id: 'f1', type: 'tab', label: 'attachments' },
    hub.redisNode(prefix),
    hub.systemNode('psb'),
    hub.systemNode('procuratorate'),
    { id: 'in-psb', type: 'caselink-in', z: 'f1', x: 0, y: 0, system: 'sys-psb', redis: 'redis', wires: [['route']] },
    { id: 'in-proc', type: 'caselink-in', z: 'f1', x: 0, y: 0, system: 'sys-procuratorate', redis: 'redis', wires: [['route']] },
    { id: 'route', type: 'caselink-route', z: 'f1', x: 0, y: 0, wires: [['enqueue']] },
    { id: 'enqueue', type: 'caselink-enqueue', z: 'f1', x: 0, y: 0, redis: 'redis', wires: [[]] },
  ];
  if (options.deliver !== false)
    nodes.push({ id: 'deliver', type: 'caselink-deliver', z: 'f1', x: 0, y: 0, system: 'sys-procuratorate', redis: 'redis', wires: [[]] });
  const credentials = Object.fromEntries((['psb', 'procuratorate'] as const).map((kind) => [`sys-${kind}`, { token: hub.fleet.credentials(kind, D).token! }]));
  await helper.load(PUSH_HUB_MODULES, nodes, credentials);
  await waitFor(() => helper.getNode('redis').shared.state.state === 'connected');
  return { url: `${await helper.httpNodeUrl()}/caselink/psb/${D}`, prefix };
}

function withFile(message: UnifiedMessage, id: string, file: Buffer): UnifiedMessage {
  const sha256 = createHash('sha256').update(file).digest('hex');
  const documents = message.documents.map((d, i) =>
    i === 0
      ? { ...d, attachments: [{ fileName: '提请批准逮捕书.pdf', mediaType: 'application/pdf', size: file.length, sha256, content: file.toString('base64') }] }
      : d,
  );
  return { ...message, messageId: `${message.messageId}-${id}`, documents } as UnifiedMessage;
}

const steps = demoCase(D, 1, { idPrefix: 'ATT' });
const base = steps[0]!.message;
const acceptanceAck = steps[1]!.message;

describe('attachments by reference through the platform', () => {
  it('keeps only the reference in Redis, delivers the file intact, and seals the technical receipt', async () => {
    const { url, prefix } = await load();
    const file = Buffer.from(`%PDF-1.7 ${'逮捕'.repeat(20_000)}`);
    const message = withFile(base, 'ok', file);
    expect(await pushToPlatform(url, 'psb', message, hub.fleet.credentials('psb', D))).toMatchObject({ kind: 'accepted' });
    const procuratorate = hub.fleet.get('procuratorate', D) as BaseSimulator;
    await waitFor(() => hasReceived(procuratorate, message.messageId), 15_000);
    const got = procuratorate.acceptedMessages().find((m) => m.messageId === message.messageId)!;
    const attachment = got.documents[0]!.attachments[0]!;
    expect(Buffer.from(attachment.content!, 'base64').equals(file)).toBe(true);

    // Nothing in Redis holds the file's bytes.
    const b64 = file.toString('base64').slice(1000, 1100);
    for (const key of await hub.admin.keys(`${prefix}*`)) {
      const type = await hub.admin.type(key);
      const dump =
        type === 'string'
          ? await hub.admin.get(key)
          : type === 'list'
            ? (await hub.admin.lrange(key, 0, -1)).join()
            : type === 'hash'
              ? JSON.stringify(await hub.admin.hgetall(key))
              : type === 'stream'
                ? JSON.stringify(await hub.admin.xrange(key, '-', '+'))
                : '';
      expect(dump ?? '', key).not.toContain(b64);
    }
    const sha = createHash('sha256').update(file).digest('hex');
    expect(readdirSync(join(storeDir, 'blobs', 'sha256', sha.slice(0, 2)))).toContain(sha);

    const caseUid = message.caseUid ?? `message:${message.messageId}`;
    await waitFor(async () => (await hub.admin.llen(`${prefix}:{evidence}:case:${caseUid}`)) === 1, 10_000);
    const [receipt] = (await hub.admin.lrange(`${prefix}:{evidence}:case:${caseUid}`, 0, -1)).map((t) => JSON.parse(t));
    expect(receipt.record).toMatchObject({ stage: 'technical', receiver: `procuratorate-${D}`, files: [{ sha256: sha, size: file.length }] });
    expect(receipt.seal.alg).toBe('ed25519');
    const dossier = Object.values(await hub.admin.hgetall(`${prefix}:{dossier}:case:${caseUid}`)).map((t) => JSON.parse(t));
    expect(dossier).toEqual([expect.objectContaining({ sha256: sha, fileName: '提请批准逮捕书.pdf', size: file.length })]);
    const audit = (await hub.admin.lrange(`${prefix}:{audit}:log`, 0, -1)).map((t) => JSON.parse(t));
    expect(audit.some((r) => r.action === 'evidence' && r.outcome === 'technical')).toBe(true);

    // The procuratorate's 受理回执 answering it becomes the business answer of that delivery, chained after the receipt.
    expect(acceptanceAck.messageType).toBe('ACCEPTANCE_ACK');
    const ack = { ...acceptanceAck, messageId: `${acceptanceAck.messageId}-ok`, inReplyTo: message.messageId } as UnifiedMessage;
    expect(
      await pushToPlatform(url.replace('/caselink/psb/', '/caselink/procuratorate/'), 'procuratorate', ack, hub.fleet.credentials('procuratorate', D)),
    ).toMatchObject({ kind: 'accepted' });
    await waitFor(async () => (await hub.admin.llen(`${prefix}:{evidence}:case:${caseUid}`)) === 2, 10_000);
    const [, answer] = (await hub.admin.lrange(`${prefix}:{evidence}:case:${caseUid}`, 0, -1)).map((t) => JSON.parse(t));
    expect(answer.record).toMatchObject({
      stage: 'business',
      decision: 'ACCEPTED',
      messageId: message.messageId,
      receiver: `procuratorate-${D}`,
      previous: receipt.seal.digest,
    });
  });

  it('dead-letters a message whose stored file was corrupted, naming it, and sends nothing', async () => {
    // Stored with no deliver node running; corrupted in the store; then delivery starts.
    const { url, prefix } = await load({ deliver: false });
    const file = Buffer.from(`%PDF-1.7 corrupted later ${'x'.repeat(5000)}`);
    const sha = createHash('sha256').update(file).digest('hex');
    const message = withFile(base, 'corrupt', file);
    expect(await pushToPlatform(url, 'psb', message, hub.fleet.credentials('psb', D))).toMatchObject({ kind: 'accepted' });
    writeFileSync(join(storeDir, 'blobs', 'sha256', sha.slice(0, 2), sha), 'tampered');
    await helper.unload();
    await load({ prefix });
    const deadKey = await waitFor(
      async () => (await hub.admin.keys(`${prefix}:*`)).find((k) => k.endsWith(':dead') && k.includes(`procuratorate-${D}`)),
      15_000,
    );
    const letter = await waitFor(async () => hub.admin.hget(deadKey, message.messageId), 15_000);
    expect(letter).toMatch(/BLOB_CORRUPTED|已损坏/);
    expect(letter).toContain(`sha256:${sha}`);
    expect(hasReceived(hub.fleet.get('procuratorate', D), message.messageId)).toBe(false);
  });
});
