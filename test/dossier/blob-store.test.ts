import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Sm4StreamKeys } from '../../dist/security/sm/index.js';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import axios from 'axios';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlobError,
  BlobLinkSigner,
  contentRefsOf,
  externaliseAttachments,
  FsBlobStore,
  inlineBase64,
  serveBlobLink,
  type BlobStore,
  type ContentAddress,
} from '../../dist/dossier/index.js';
import { S3BlobStore } from '../../dist/dossier/s3-blob-store.js';
import { freePort } from '../support/free-port';
import { startS3Server, type S3TestServer } from '../support/s3-server';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sm3 = (b: Buffer) => createHash('sm3').update(b).digest('hex');
const MB = 1024 * 1024;

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as string));
  return Buffer.concat(parts);
}

async function failure(promise: Promise<unknown>): Promise<BlobError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BlobError);
    return error as BlobError;
  }
  throw new Error('expected a BlobError');
}

function storeContract(name: string, make: () => Promise<{ store: BlobStore; tamper(address: ContentAddress): void | Promise<void> }>) {
  describe(name, () => {
    let store: BlobStore;
    let tamper: (address: ContentAddress) => void | Promise<void>;
    beforeAll(async () => ({ store, tamper } = await make()));

    it('stores by content address, checked against the stated hash and size; a second put of the same bytes is kept once', async () => {
      const bytes = randomBytes(3 * MB + 17);
      const blob = await store.put(Readable.from([bytes]), { sha256: sha256(bytes), size: bytes.length, maxBytes: 10 * MB });
      expect(blob.address).toBe(`sha256:${sha256(bytes)}`);
      expect(blob.size).toBe(bytes.length);
      expect(await store.size(blob.address)).toBe(bytes.length);
      expect((await readAll(await store.open(blob.address))).equals(bytes)).toBe(true);
      const again = await store.put(Readable.from([bytes]), { sha256: sha256(bytes), maxBytes: 10 * MB });
      expect(again.address).toBe(blob.address);
    });

    it('refuses bytes that do not match the stated hash or size, and files over the limit; nothing is stored', async () => {
      const bytes = randomBytes(64 * 1024);
      const wrongHash = await failure(store.put(Readable.from([bytes]), { sha256: sha256(Buffer.from('other')), maxBytes: MB }));
      expect(wrongHash.code).toBe('BLOB_HASH_MISMATCH');
      expect(wrongHash.message).toMatch(/附件声明/);
      expect((await failure(store.put(Readable.from([bytes]), { size: 5, maxBytes: MB }))).code).toBe('BLOB_SIZE_MISMATCH');
      expect((await failure(store.put(Readable.from([bytes]), { maxBytes: 1000 }))).code).toBe('BLOB_TOO_LARGE');
      expect(await store.size(`sha256:${sha256(bytes)}`)).toBeUndefined();
    });

    it('names a missing blob before the first byte and a tampered blob at the end of the read', async () => {
      expect((await failure(store.open(`sha256:${'0'.repeat(64)}`))).code).toBe('BLOB_MISSING');
      const bytes = randomBytes(200_000);
      const blob = await store.put(Readable.from([bytes]), { sha256: sha256(bytes), maxBytes: MB });
      await tamper(blob.address);
      const error = await failure(readAll(await store.open(blob.address)));
      expect(error.code).toBe('BLOB_CORRUPTED');
      expect(error.message).toContain(blob.address);
    });

    it('streams inline delivery as base64 of the verified bytes', async () => {
      const bytes = randomBytes(1_000_001);
      const blob = await store.put(Readable.from([bytes]), { maxBytes: 2 * MB });
      const text = (await readAll(await inlineBase64(store, blob.address))).toString();
      expect(text).toBe(bytes.toString('base64'));
    });
  });
}

const root = mkdtempSync(join(tmpdir(), 'caselink-blobs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

storeContract('filesystem store', async () => {
  const dir = join(root, 'fs');
  const store = new FsBlobStore(dir);
  return {
    store,
    tamper: (address) => {
      const hex = address.split(':')[1]!;
      writeFileSync(join(dir, 'blobs', 'sha256', hex.slice(0, 2), hex), 'tampered');
    },
  };
});

describe('S3-compatible store against a real S3 server (s3rver)', () => {
  let server: S3TestServer;
  let store: S3BlobStore;
  const make = () =>
    new S3BlobStore({
      bucket: server.bucket,
      client: { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials },
      partSize: 5 * MB,
    });
  beforeAll(async () => {
    server = await startS3Server();
    store = make();
  });
  afterAll(async () => {
    store.destroy();
    await server.destroy();
  });

  storeContract('S3 store contract', async () => ({
    store,
    // Overwrites the object in place through the S3 API, as someone with bucket access could.
    tamper: async (address) => {
      const hex = address.split(':')[1]!;
      const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, forcePathStyle: true });
      await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: `caselink/blobs/sha256/${hex.slice(0, 2)}/${hex}`, Body: 'tampered' }));
      client.destroy();
    },
  }));

  it('gives a time-limited presigned link the receiver fetches over HTTP', async () => {
    const bytes = randomBytes(123_456);
    const blob = await store.put(Readable.from([bytes]), { maxBytes: MB });
    const url = await store.link(blob.address, 60, '起诉书.pdf');
    const answer = await axios.get<ArrayBuffer>(url, { responseType: 'arraybuffer' });
    expect(Buffer.from(answer.data).equals(bytes)).toBe(true);
  });

  it('answers an outage as retryable (busy) with nothing lost: the same put succeeds once the store is back', async () => {
    const bytes = randomBytes(6 * MB);
    await server.stop();
    const error = await failure(store.put(Readable.from([bytes]), { sha256: sha256(bytes), maxBytes: 10 * MB }));
    expect(error.code).toBe('BLOB_STORE_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/稍后重试/);
    await server.start();
    const blob = await store.put(Readable.from([bytes]), { sha256: sha256(bytes), maxBytes: 10 * MB });
    expect((await readAll(await store.open(blob.address))).equals(bytes)).toBe(true);
  });
});

describe('national profile', () => {
  it('encrypts blobs at rest with SM4-CTR + HMAC-SM3, reads them back verified, refuses a changed byte', async () => {
    const dir = join(root, 'sm4');
    const keys = new Sm4StreamKeys(`k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`);
    const store = new FsBlobStore(dir, 'national', { sm4: keys });
    const bytes = Buffer.concat([Buffer.from('讯问笔录 interrogation record '), randomBytes(3 * MB)]);
    const blob = await store.put(Readable.from([bytes]), { sha256: sha256(bytes), maxBytes: 10 * MB });
    expect(await store.size(blob.address)).toBe(bytes.length);
    const onDisk = readFileSync(join(dir, 'blobs', 'sm3', blob.sm3!.slice(0, 2), blob.sm3!));
    expect(onDisk.includes(Buffer.from('讯问笔录'))).toBe(false);
    expect(onDisk.subarray(0, 8).toString()).toBe('CLSM4B1\n');
    expect((await readAll(await store.open(blob.address))).equals(bytes)).toBe(true);
    const empty = await store.put(Readable.from([]), { maxBytes: MB });
    expect((await readAll(await store.open(empty.address))).length).toBe(0);
    onDisk[200] ^= 1;
    writeFileSync(join(dir, 'blobs', 'sm3', blob.sm3!.slice(0, 2), blob.sm3!), onDisk);
    expect((await failure(readAll(await store.open(blob.address)))).code).toBe('BLOB_CORRUPTED');
  });

  it('addresses by SM3 and records both digests', async () => {
    const store = new FsBlobStore(join(root, 'national'), 'national');
    const bytes = Buffer.from('国密 卷宗');
    const blob = await store.put(Readable.from([bytes]), { sha256: sha256(bytes), sm3: sm3(bytes), maxBytes: MB });
    expect(blob.address).toBe(`sm3:${sm3(bytes)}`);
    expect(blob).toMatchObject({ sha256: sha256(bytes), sm3: sm3(bytes) });
    expect((await failure(store.put(Readable.from([bytes]), { sm3: sm3(Buffer.from('x')), maxBytes: MB }))).code).toBe('BLOB_HASH_MISMATCH');
  });
});

describe('attachments by reference', () => {
  const store = new FsBlobStore(join(root, 'refs'));
  const file = Buffer.from('%PDF-1.7 起诉书');
  const message = {
    messageId: 'm1',
    documents: [
      {
        docType: 'INDICTMENT' as const,
        attachments: [{ fileName: '起诉书.pdf', mediaType: 'application/pdf', size: file.length, sha256: sha256(file), content: file.toString('base64') }],
      },
    ],
  };

  it('replaces inline content by {contentRef, sha256, size, mediaType, fileName}', async () => {
    const { message: out, stored } = await externaliseAttachments(message, store);
    const attachment = out.documents[0]!.attachments[0]!;
    expect(attachment).toEqual({
      fileName: '起诉书.pdf',
      mediaType: 'application/pdf',
      size: file.length,
      sha256: sha256(file),
      contentRef: `sha256:${sha256(file)}`,
    });
    expect(stored).toHaveLength(1);
    expect(contentRefsOf(out)).toEqual([`sha256:${sha256(file)}`]);
    expect(JSON.stringify(out)).not.toContain(file.toString('base64'));
  });

  it('refuses a message whose attachments exceed the per-message limit, and a reference to a missing blob', async () => {
    expect((await failure(externaliseAttachments(message, store, { maxFileBytes: 1e9, maxMessageBytes: 5 }))).code).toBe('MESSAGE_ATTACHMENTS_TOO_LARGE');
    const dangling = {
      documents: [
        {
          docType: 'INDICTMENT' as const,
          attachments: [{ fileName: 'x', mediaType: 'a/b', size: 1, sha256: '1'.repeat(64), contentRef: `sha256:${'1'.repeat(64)}` }],
        },
      ],
    };
    expect((await failure(externaliseAttachments(dangling, store))).code).toBe('BLOB_MISSING');
  });
});

describe('links for the filesystem store', () => {
  let server: Server;
  let base: string;
  const store = new FsBlobStore(join(root, 'links'));
  const signer = new BlobLinkSigner(randomBytes(32));
  const file = randomBytes(2 * MB);
  beforeAll(async () => {
    const port = await freePort();
    server = createServer((req, res) => {
      void serveBlobLink(req, res, store, signer, req.headers['x-system'] as string | undefined);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${port}`;
    await store.put(Readable.from([file]), { sha256: sha256(file), size: file.length, maxBytes: 4 * MB });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves a signed link only to its receiver, before it expires', async () => {
    const address = `sha256:${sha256(file)}` as ContentAddress;
    const url = signer.link(`${base}/blob`, address, 'court-440105', 60);
    const ok = await axios.get<ArrayBuffer>(url, { responseType: 'arraybuffer', headers: { 'x-system': 'court-440105' } });
    expect(Buffer.from(ok.data).equals(file)).toBe(true);
    const other = await axios.get(url, { headers: { 'x-system': 'psb-440105' }, validateStatus: () => true });
    expect(other.status).toBe(403);
    const forged = await axios.get(url.replace(/s=[^&]+/, 's=AAAA'), { headers: { 'x-system': 'court-440105' }, validateStatus: () => true });
    expect(forged.status).toBe(403);
    const expired = new BlobLinkSigner(randomBytes(32), () => 10_000);
    expect(() => expired.check(address, 'r', '1', 'x')).toThrow(/expired/);
    expect(readdirSync(join(root, 'links', 'tmp'))).toEqual([]);
  });
});
