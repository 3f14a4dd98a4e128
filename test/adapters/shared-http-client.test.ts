import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLegacyHttp, OUTBOX_HTTP } from '../../adapters/shared/http-client';
import { PROMPTLY_MS } from '../support/timing';

let server: Server;
let baseUrl = '';
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }> = [];

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/big') {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(Buffer.alloc(Number(url.searchParams.get('bytes')), 0x61));
  } else if (url.pathname === '/hang') {
    // never answers
  } else if (url.pathname === '/redirect') {
    res.writeHead(302, { Location: '/elsewhere' }).end();
  } else {
    res.writeHead(503, { 'Retry-After': '7', 'X-Twice': ['a', 'b'] });
    res.end(Buffer.from([0xc4, 0xe3])); // GBK bytes: returned untouched
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the shared legacy HTTP helper', () => {
  it('POSTs the bytes untouched and returns any status as an answer with lower-case headers and raw bytes', async () => {
    const http = createLegacyHttp({ baseUrl });
    const body = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]);
    const answer = await http.exchange({ method: 'POST', path: '/receive', headers: { 'Content-Type': 'application/xml; charset=GBK', 'X-Token': 't' }, body });
    expect(answer).toMatchObject({ kind: 'answer', status: 503, headers: { 'retry-after': '7', 'x-twice': 'a, b' }, body: Buffer.from([0xc4, 0xe3]) });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/receive', headers: { 'x-token': 't', 'content-type': 'application/xml; charset=GBK' }, body });
  });

  it('GETs with a query and no body', async () => {
    const answer = await createLegacyHttp({ baseUrl }).exchange({ method: 'GET', path: '/outbox?after=c-000001&limit=50', headers: { 'X-Sig': 's' } });
    expect(answer.kind).toBe('answer');
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/outbox?after=c-000001&limit=50', headers: { 'x-sig': 's' } });
    expect(seen.at(-1)!.body.length).toBe(0);
  });

  it('refuses an answer larger than its limit (1 MiB by default, 20 MiB for outbox pages) as no answer', async () => {
    const small = createLegacyHttp({ baseUrl });
    expect(await small.exchange({ method: 'GET', path: '/big?bytes=1048576', headers: {} })).toMatchObject({ kind: 'answer', status: 200 });
    expect(await small.exchange({ method: 'GET', path: '/big?bytes=1048577', headers: {} })).toMatchObject({
      kind: 'no-answer',
      reason: expect.stringContaining('(无应答)'),
    });
    const outbox = createLegacyHttp({ baseUrl, ...OUTBOX_HTTP });
    const page = await outbox.exchange({ method: 'GET', path: '/big?bytes=5000000', headers: {} });
    expect(page.kind === 'answer' && page.body.length).toBe(5_000_000);
  });

  it('a hanging server is no answer after the timeout; a closed port and a redirect are not followed', async () => {
    const started = Date.now();
    expect(await createLegacyHttp({ baseUrl, timeoutMs: 200 }).exchange({ method: 'POST', path: '/hang', headers: {}, body: Buffer.alloc(0) })).toEqual({
      kind: 'no-answer',
      reason: 'no answer within 200 ms (超时未应答)',
      code: 'ECONNABORTED',
    });
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    expect(await createLegacyHttp({ baseUrl: 'http://127.0.0.1:1' }).exchange({ method: 'GET', path: '/', headers: {} })).toMatchObject({
      kind: 'no-answer',
      code: 'ECONNREFUSED',
    });
    expect(await createLegacyHttp({ baseUrl }).exchange({ method: 'GET', path: '/redirect', headers: {} })).toMatchObject({ kind: 'answer', status: 302 });
  });
});

const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};
const closeServer = async (server: Server): Promise<void> => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
};

describe('the shared legacy HTTP helper on axios: keep-alive, proxy environment, TLS', () => {
  it('reuses one kept-alive connection for consecutive exchanges', async () => {
    const ports: number[] = [];
    const server = createServer((req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      res.end('ok');
    });
    const port = await listen(server);
    try {
      const http = createLegacyHttp({ baseUrl: `http://127.0.0.1:${port}` });
      for (let i = 0; i < 3; i++)
        expect(await http.exchange({ method: 'POST', path: '/x', headers: {}, body: Buffer.from('a') })).toMatchObject({ kind: 'answer', status: 200 });
      expect(new Set(ports).size).toBe(1);
    } finally {
      await closeServer(server);
    }
  });

  it('goes through the proxy named by HTTP_PROXY, and not for a host in NO_PROXY', async () => {
    const proxied: string[] = [];
    const proxy = createServer((req, res) => {
      proxied.push(req.url ?? '');
      res.writeHead(200, { 'X-Via': 'proxy' }).end('via proxy');
    });
    const proxyPort = await listen(proxy);
    const saved = {
      HTTP_PROXY: process.env['HTTP_PROXY'],
      NO_PROXY: process.env['NO_PROXY'],
      http_proxy: process.env['http_proxy'],
      no_proxy: process.env['no_proxy'],
    };
    try {
      for (const name of Object.keys(saved)) delete process.env[name];
      process.env['HTTP_PROXY'] = `http://127.0.0.1:${proxyPort}`;
      const target = new URL(baseUrl);
      const viaProxy = await createLegacyHttp({ baseUrl: `http://legacy.test:${target.port}` }).exchange({
        method: 'GET',
        path: '/outbox?after=1',
        headers: {},
      });
      expect(viaProxy).toMatchObject({ kind: 'answer', status: 200, headers: { 'x-via': 'proxy' } });
      expect(proxied).toEqual([`http://legacy.test:${target.port}/outbox?after=1`]);
      process.env['NO_PROXY'] = '127.0.0.1';
      expect(await createLegacyHttp({ baseUrl }).exchange({ method: 'GET', path: '/direct', headers: {} })).toMatchObject({ kind: 'answer', status: 503 });
      expect(proxied).toHaveLength(1);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await closeServer(proxy);
    }
  });

  it('verifies an https system against its own CA, and refuses it without that CA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caselink-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=court.test',
          '-addext',
          'subjectAltName=DNS:court.test',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const cert = readFileSync(join(dir, 'cert.pem'));
      const server = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (_req, res) => res.end('secure'));
      const port = await listen(server as unknown as Server);
      try {
        const trusted = createLegacyHttp({ baseUrl: `https://127.0.0.1:${port}`, tls: { ca: cert, servername: 'court.test' } });
        const answer = await trusted.exchange({ method: 'GET', path: '/', headers: {} });
        expect(answer.kind === 'answer' && answer.body.toString()).toBe('secure');
        const untrusted = await createLegacyHttp({ baseUrl: `https://127.0.0.1:${port}` }).exchange({ method: 'GET', path: '/', headers: {} });
        expect(untrusted).toMatchObject({ kind: 'no-answer', reason: expect.stringContaining('(无应答)') });
      } finally {
        await closeServer(server as unknown as Server);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
