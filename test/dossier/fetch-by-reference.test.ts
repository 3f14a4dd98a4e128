/**
 * Attachments sent by reference (`sourceUrl`): the platform fetches the file from the sender's own
 * system with that system's credentials and streams it into the store. The sender here is the
 * prison's real simulator (YAML system, HMAC-SM3 on every request, files served behind the same
 * check); a trap server (support/trap-server.ts) counts requests that must never be made.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeclarativeAdapter } from '../../dist/adapters/declarative/adapter.js';
import { AttachmentSourceError, createAttachmentOpener, sourcePathOf } from '../../dist/adapters/shared/attachment-source.js';
import type { BaseSimulator } from '../../dist/adapters/shared/simulator-base.js';
import { BlobError, externaliseAttachments, FsBlobStore, type ContentAddress, type MessageWithDocuments, type SenderFetch } from '../../dist/dossier/index.js';
import { freePort } from '../support/free-port';
import { repoRoot } from '../support/node-red';
import { trapForFile } from '../support/trap-server';

const MB = 1024 * 1024;
const prison = loadDeclarativeAdapter(join(repoRoot(), 'adapters/declarative/systems/prison-yzgl-v2/system.yaml'));
const credentials = { appId: 'GZ-PLATFORM', secret: 'fetch-by-reference-secret' };
const root = mkdtempSync(join(tmpdir(), 'caselink-fetch-ref-'));
const store = new FsBlobStore(join(root, 'blobs'));
const file = randomBytes(3 * MB + 17);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let sim: BaseSimulator;
let fileUrl: string;
// Another server on this machine: a URL naming it must never be fetched.
const bystander = trapForFile('secret');
const bystanderUrl = () => new URL(bystander.url()).origin;

beforeAll(async () => {
  sim = (await prison.startSimulator({ credentials })) as BaseSimulator;
  fileUrl = sim.serveFile!('讯问录像-001.mp4', file);
});

afterAll(async () => {
  await sim?.close();
  rmSync(root, { recursive: true, force: true });
});

const fetchWith = (secret = credentials.secret): SenderFetch => {
  const client = prison.createClient({ baseUrl: sim.url, credentials: { ...credentials, secret } });
  return (url, maxBytes) => client.fetchAttachment!(url, maxBytes);
};

function messageNaming(sourceUrl: string, stated: { sha256?: string; size?: number } = {}): MessageWithDocuments {
  return {
    documents: [
      {
        docType: 'EXECUTION_RECEIPT',
        attachments: [
          { fileName: '讯问录像-001.mp4', mediaType: 'video/mp4', size: stated.size ?? file.length, sha256: stated.sha256 ?? sha256(file), sourceUrl },
        ],
      },
    ],
  };
}

async function failure(promise: Promise<unknown>): Promise<BlobError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BlobError);
  return error as BlobError;
}

describe('attachments fetched from the sender system by reference', () => {
  it('fetches the file with the system’s signed GET, checks it, and replaces the URL by its content address', async () => {
    const { message, stored } = await externaliseAttachments(messageNaming(fileUrl), store, undefined, fetchWith());
    const attachment = message.documents[0]!.attachments[0]!;
    expect(attachment).toEqual({
      fileName: '讯问录像-001.mp4',
      mediaType: 'video/mp4',
      size: file.length,
      sha256: sha256(file),
      contentRef: `sha256:${sha256(file)}`,
    });
    expect(stored).toHaveLength(1);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.open(attachment.contentRef as ContentAddress)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(file)).toBe(true);
  });

  it('refuses for good what the system refuses (wrong credentials: 401; no such file: 404), with the reason', async () => {
    const unauthorized = await failure(externaliseAttachments(messageNaming(fileUrl), store, undefined, fetchWith('not-the-secret')));
    expect(unauthorized.code).toBe('BLOB_SOURCE_REFUSED');
    expect(unauthorized.retryable).toBe(false);
    expect(unauthorized.message).toMatch(/HTTP 401.*无法从发送方取回附件/);
    const missing = await failure(externaliseAttachments(messageNaming(`${sim.url}/files/nothing-here`), store, undefined, fetchWith()));
    expect(missing.code).toBe('BLOB_SOURCE_REFUSED');
    expect(missing.message).toContain('HTTP 404');
  });

  it('answers busy (retryable) while the system is down or answers 5xx, so the sender’s message comes again', async () => {
    sim.setFault({ fault: { kind: 'http', status: 503 }, times: 1 });
    const unavailable = await failure(externaliseAttachments(messageNaming(fileUrl), store, undefined, fetchWith()));
    expect(unavailable.code).toBe('BLOB_STORE_UNAVAILABLE');
    expect(unavailable.retryable).toBe(true);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const client = prison.createClient({ baseUrl: closed, credentials });
    const down = await failure(externaliseAttachments(messageNaming(`${closed}/files/x`), store, undefined, (url, max) => client.fetchAttachment!(url, max)));
    expect(down.retryable).toBe(true);
  });

  it('refuses a file whose bytes do not match the stated hash or size, and stores nothing of it', async () => {
    const wrongHash = await failure(externaliseAttachments(messageNaming(fileUrl, { sha256: 'ab'.repeat(32) }), store, undefined, fetchWith()));
    expect(wrongHash.code).toBe('BLOB_HASH_MISMATCH');
    expect(await store.size(`sha256:${'ab'.repeat(32)}` as ContentAddress)).toBeUndefined();
    const wrongSize = await failure(
      externaliseAttachments(messageNaming(fileUrl, { size: 1000 }), store, { maxFileBytes: MB, maxMessageBytes: 2 * MB }, fetchWith()),
    );
    // The system declares the file's length: over the per-file limit, it is refused before a byte is read.
    expect(wrongSize.retryable).toBe(false);
    expect(wrongSize.message).toContain(`is ${file.length} bytes, over the limit of ${MB}`);
    const longer = await failure(externaliseAttachments(messageNaming(fileUrl, { size: 1000 }), store, undefined, fetchWith()));
    expect(longer.code).toBe('BLOB_SIZE_MISMATCH');
  });

  it('never fetches outside the sender system’s own address: other hosts, ports, schemes, paths, user info', async () => {
    const base = `${sim.url}/files`;
    const opener = createAttachmentOpener({ baseUrl: base, headersFor: () => ({}) });
    const outside = [
      `${bystanderUrl()}/files/x`,
      `${base}/../_sim/received`,
      `${base}/%2e%2e/_sim/received`,
      `${sim.url}/filesystem/x`,
      `https://${new URL(sim.url).host}/files/x`,
      `http://user:pw@${new URL(sim.url).host}/files/x`,
      'not a url',
    ];
    for (const url of outside) {
      const error = await opener(url, MB).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, url).toBeInstanceOf(AttachmentSourceError);
      expect((error as AttachmentSourceError).retryable, url).toBe(false);
    }
    expect(bystander.hits()).toBe(0);
    const refused = await failure(externaliseAttachments(messageNaming(`${bystanderUrl()}/files/x`), store, undefined, fetchWith()));
    expect(refused.code).toBe('BLOB_SOURCE_REFUSED');
    expect(refused.message).toContain('outside the sender system');
    expect(bystander.hits()).toBe(0);
    // Inside: the path the system's signature covers is the one relative to its address.
    expect(sourcePathOf(`${sim.url}/yzgl/`, `${sim.url}/yzgl/api/f?id=1`)).toBe('/api/f?id=1');
  });

  it('refuses a file named by URL when the platform cannot fetch from that sender', async () => {
    const refused = await failure(externaliseAttachments(messageNaming(fileUrl), store));
    expect(refused.code).toBe('BLOB_SOURCE_REFUSED');
    expect(refused.message).toMatch(/no way to fetch.*平台无法从该发送方取件/);
  });
});
