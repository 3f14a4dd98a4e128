/**
 * A system described in YAML, polled through its outbox with HMAC-SM3-signed requests, end to end
 * through the real runtime: the prison's open interface 2.0 (docs/systems/prison-yzgl-v2.md,
 * adapters/declarative/systems/prison-yzgl-v2/system.yaml) loaded by a caselink-mapping config node
 * in a real Node-RED with a real redis-server. The platform polls the prison's simulator (which
 * refuses any request whose SM3 signature, timestamp or nonce does not verify), stores what it reads,
 * acknowledges each item, keeps its cursor in a file like the built-ins, and delivers the execution
 * receipt to the court's simulator once; a file the prison names by URL is fetched (signed, like every
 * request) into the attachment store and reaches the court intact; after a crash and a restart it goes
 * on from the saved cursor.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeclarativeAdapter } from '../../adapters/declarative/adapter';
import type { Simulator } from '../../adapters/simulator-types';
import type { UnifiedMessage } from '../../standard/schema/message';
import { repoRoot, waitFor, type NodeRedProcess } from '../support/node-red';
import { prisonToCourtFlow, startPrisonRuntime, type PrisonRuntime } from '../support/prison-flow';

const ROOT = repoRoot();
const SYSTEM_DIR = join(ROOT, 'adapters/declarative/systems/prison-yzgl-v2');
const DOCUMENT = join(SYSTEM_DIR, 'system.yaml');
const documentText = readFileSync(DOCUMENT, 'utf8');
const prison = loadDeclarativeAdapter(DOCUMENT);
const COURT_CREDENTIALS = { appId: 'GZ-PLATFORM', secret: 'court-e2e-secret' };
const PRISON_CREDENTIALS = { appId: 'GZ-PLATFORM', secret: 'prison-e2e-sm3-secret' };
const KIND = 'prison-yzgl-v2';

/** A valid fixture of the prison's, as the unified message its simulator puts in its outbox. */
function fixtureMessage(name: string, messageId: string): UnifiedMessage {
  const decoded = prison.codec.decode(readFileSync(join(SYSTEM_DIR, 'fixtures/valid', name)));
  expect(decoded.rejected).toEqual([]);
  return { ...decoded.messages[0]!.message, messageId } as UnifiedMessage;
}

const BLOBS = mkdtempSync(join(tmpdir(), 'caselink-prison-blobs-'));
let runtime: PrisonRuntime;
let courtSim: Simulator;
let prisonSim: Simulator;
let nodeRed: NodeRedProcess;

// Empty interval and page size: the document's (2 s, 20 items) apply.
const flows = prisonToCourtFlow({ id: 'prison2', kind: KIND, document: documentText, pollIntervalMs: '', pageSize: '' });

beforeAll(async () => {
  prisonSim = await prison.startSimulator({ credentials: PRISON_CREDENTIALS });
  runtime = await startPrisonRuntime({
    kind: KIND,
    flows,
    court: COURT_CREDENTIALS,
    prisonEnv: {
      CASELINK_PRISON_YZGL_V2_440000_URL: prisonSim.url,
      CASELINK_PRISON_YZGL_V2_440000_APPID: PRISON_CREDENTIALS.appId,
      CASELINK_PRISON_YZGL_V2_440000_SECRET: PRISON_CREDENTIALS.secret,
      CASELINK_ATTACHMENT_STORE: `fs:${BLOBS}`,
    },
  });
  ({ courtSim, nodeRed } = runtime);
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await prisonSim?.close();
  rmSync(BLOBS, { recursive: true, force: true });
});

const withLogs = (error: Error): never => {
  throw new Error(`${error.message}\n--- Node-RED ---\n${nodeRed.logs().slice(-4000)}`);
};
const deliveredToCourt = (id: string) => courtSim.received.filter((r) => r.legacyId === id && r.accepted);
const cursorFile = () => join(nodeRed.userDir, 'caselink', 'cursors', `${KIND}-440000-prison2-in.json`);

describe('a YAML system polled through its outbox with HMAC-SM3, through the real runtime', { timeout: 120_000 }, () => {
  it('the execution receipt in the prison outbox is read with signed polls, acknowledged, delivered to the court once, and the cursor kept in a file', async () => {
    const id = 'YZGL2-GDJY001-20230203-000002';
    prisonSim.addToOutbox!(fixtureMessage('ZXHZ-execution-receipt.gbk.json', id));
    const delivered = await waitFor(() => deliveredToCourt(id)[0], 60_000, 100).catch(withLogs);
    expect(delivered.body).toContain('type="ZXHZ"');
    expect(delivered.body).toContain('李明');
    // Acknowledged by its id (POST …/fajianxiang/{id}/queren, signed) once stored: nothing pending.
    await waitFor(() => (prisonSim.pendingOutbox!().length === 0 ? true : undefined), 20_000, 100).catch(withLogs);
    // The cursor is the prison's position of the last item read, saved atomically in the userDir.
    const saved = await waitFor(() => (existsSync(cursorFile()) ? JSON.parse(readFileSync(cursorFile(), 'utf8')) : undefined), 20_000, 100);
    expect(saved.cursor).toBe('1');
    // Polls went on (every 2 s, the document's interval) and nothing came twice.
    await new Promise((r) => setTimeout(r, 2500));
    expect(deliveredToCourt(id)).toHaveLength(1);
    expect(nodeRed.logs()).not.toMatch(/poll-failed|outbox: HTTP 401/);
  });

  it('a file the prison names by URL (xzdz) is fetched with a signed GET, stored by its hash, and delivered to the court intact', async () => {
    const id = 'YZGL2-GDJY001-20230203-000009';
    const video = randomBytes(2 * 1024 * 1024 + 3);
    const sha256 = createHash('sha256').update(video).digest('hex');
    const sourceUrl = prisonSim.serveFile!('讯问录像-000009.mp4', video);
    const message = fixtureMessage('ZXHZ-execution-receipt.gbk.json', id);
    const documents = message.documents.map((d, i) =>
      i === 0 ? { ...d, attachments: [{ fileName: '讯问录像-000009.mp4', mediaType: 'video/mp4', size: video.length, sha256, sourceUrl }] } : d,
    );
    prisonSim.addToOutbox!({ ...message, documents });
    const delivered = await waitFor(() => deliveredToCourt(id)[0], 60_000, 100).catch(withLogs);
    const attachment = delivered.message!.documents[0]!.attachments[0]!;
    expect(attachment.sha256).toBe(sha256);
    expect(Buffer.from(attachment.content!, 'base64').equals(video)).toBe(true);
    // The court's system never sees the prison's own address; the platform's store holds the file by its hash.
    expect(delivered.body).not.toContain(sourceUrl);
    expect(existsSync(join(BLOBS, 'blobs', 'sha256', sha256.slice(0, 2), sha256))).toBe(true);
    expect(nodeRed.logs()).not.toMatch(/BLOB_SOURCE_REFUSED|无法从发送方取回附件/);
  });

  it('after a crash (SIGKILL) and a restart the platform goes on from the saved cursor', async () => {
    await nodeRed.kill9();
    await nodeRed.restart();
    const id = 'YZGL2-GDJY001-20230204-000003';
    prisonSim.addToOutbox!(fixtureMessage('ZXHZ-execution-receipt.gbk.json', id));
    await waitFor(() => deliveredToCourt(id)[0], 60_000, 100).catch(withLogs);
    await waitFor(() => (JSON.parse(readFileSync(cursorFile(), 'utf8')).cursor === '3' ? true : undefined), 20_000, 100).catch(withLogs);
    expect(prisonSim.pendingOutbox!()).toEqual([]);
    expect(deliveredToCourt('YZGL2-GDJY001-20230203-000002')).toHaveLength(1);
  });
});
