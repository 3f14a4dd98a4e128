/**
 * The kit's checks of signed requests, for a declarative system whose document declares HMAC: the
 * `bad-signature*.request.json` fixtures (method, path, headers, body) are refused by the signature
 * check at their own time and by the system; and against the simulator (or a live system) a fresh
 * signed delivery is taken while the same request sent again (its nonce replayed), a request whose
 * signature or body was changed after signing, and one signed outside the timestamp window are refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterDefinition } from '../../adapters/contract';
import { verifyRequest } from '../../adapters/declarative/auth';
import type { SystemDocument } from '../../adapters/declarative/schema';
import { createLegacyHttp, type HttpExchange } from '../../adapters/shared/http-client';
import type { Simulator } from '../../adapters/simulator-types';
import type { EncodedRequest } from '../../adapters/types';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { CheckResult, KitOptions } from './checks';

const result = (id: string, zh: string, en: string, ok: boolean, evidence: string): CheckResult => ({
  id,
  title: { 'zh-CN': zh, 'en-US': en },
  status: ok ? 'pass' : 'fail',
  evidence,
});

interface RequestRecord {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

function readRecord(path: string): RequestRecord {
  const value = JSON.parse(readFileSync(path, 'utf8')) as {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    bodyBase64?: string;
  };
  return {
    method: value.method ?? 'POST',
    path: value.path ?? '/',
    headers: value.headers ?? {},
    body: value.bodyBase64 !== undefined ? Buffer.from(value.bodyBase64, 'base64') : Buffer.from(value.body ?? '', 'utf8'),
  };
}

const lowerCase = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

const seen = (exchange: HttpExchange): string =>
  exchange.kind === 'no-answer' ? `no answer: ${exchange.reason}` : `HTTP ${exchange.status} ${exchange.body.toString('utf8').slice(0, 160)}`;
const taken = (exchange: HttpExchange): boolean => exchange.kind === 'answer' && exchange.status >= 200 && exchange.status < 300;
/** Refused as unauthenticated: 401 or 403 (the document's unauthorized answer). */
const refused = (exchange: HttpExchange): boolean => exchange.kind === 'answer' && (exchange.status === 401 || exchange.status === 403);

/** The signed-request checks; `doc.auth` must be the HMAC scheme. */
export async function signatureChecks(options: KitOptions, doc: SystemDocument, samples: readonly UnifiedMessage[]): Promise<CheckResult[]> {
  const { adapter, credentials } = options;
  const auth = doc.auth;
  if (auth.scheme !== 'hmac') return [];
  const dir = options.fixturesDir ?? adapter.fixtures?.directory;
  const records = dir ? recordNames(join(dir, 'malformed')).map((name) => ({ name, record: readRecord(join(dir, 'malformed', name)) })) : [];
  const checks: CheckResult[] = [];
  const timestampOf = (record: RequestRecord): number => {
    const text = lowerCase(record.headers)[auth.headers.timestamp.toLowerCase()] ?? '';
    return Number(text) * (auth.timestamp.unit === 's' ? 1000 : 1);
  };
  for (const { name, record } of records) {
    // At the record's own time, so that only the signature can refuse it.
    const verdict = verifyRequest(doc, record, lowerCase(record.headers), credentials, timestampOf(record));
    checks.push(
      result(
        `signature:${name}`,
        `签名错误被拒绝（按其自身时间校验）：${name}`,
        `a bad signature is refused (checked at its own time): ${name}`,
        !verdict.ok && /签名|sign/i.test(verdict.reason),
        JSON.stringify(verdict),
      ),
    );
  }
  if (!adapter.transports.delivery || samples.length === 0) return checks;
  let sim: Simulator | undefined;
  try {
    let baseUrl = options.url;
    if (!baseUrl) {
      sim = await adapter.startSimulator({ credentials, port: 0, host: '127.0.0.1' } as never);
      baseUrl = sim.url;
    }
    const http = createLegacyHttp({ baseUrl, timeoutMs: 5000 });
    const send = (request: RequestRecord | EncodedRequest, to = http) =>
      to.exchange({ method: request.method as 'POST', path: request.path, headers: request.headers, body: request.body });
    for (const { name, record } of records) {
      // The simulator runs at the record's own time, so that it is the signature it refuses; a live system at its own.
      const atRecord = options.url
        ? undefined
        : await adapter.startSimulator({ credentials, port: 0, host: '127.0.0.1', now: () => timestampOf(record) } as never);
      try {
        const answer = await send(record, atRecord ? createLegacyHttp({ baseUrl: atRecord.url, timeoutMs: 5000 }) : http);
        const forSignature = options.url !== undefined || (answer.kind === 'answer' && /签名|sign/i.test(answer.body.toString('utf8')));
        checks.push(
          result(
            `signature-sent:${name}`,
            `对方系统拒绝签名错误的请求：${name}`,
            `the system refuses the badly signed request: ${name}`,
            refused(answer) && forSignature,
            `${options.url ? '' : 'simulator at the record time: '}${seen(answer)}`,
          ),
        );
      } finally {
        await atRecord?.close();
      }
    }
    const id = `KIT-SIG-${Date.now().toString(36)}`;
    const encode = (suffix: string, now = Date.now()) =>
      adapter.codec.encode({ ...structuredClone(samples[0]!), messageId: `${id}-${suffix}` } as UnifiedMessage, { credentials, now });
    const fresh = encode('A');
    const first = await send(fresh);
    const again = await send(fresh);
    checks.push(
      result(
        'signature:replayed-nonce',
        auth.headers.nonce ? '重放的随机数被拒绝（同一签名请求再次发送）' : '重放的签名请求被拒绝',
        auth.headers.nonce ? 'a replayed nonce is refused (the same signed request sent again)' : 'a replayed signed request is refused',
        taken(first) && refused(again),
        `first: ${seen(first)}; again: ${seen(again)}`,
      ),
    );
    const flipped = encode('B');
    const signatureHeader = Object.keys(flipped.headers).find((name) => name.toLowerCase() === auth.headers.signature.toLowerCase())!;
    const value = flipped.headers[signatureHeader]!;
    flipped.headers[signatureHeader] = `${value.slice(0, -2)}${value.endsWith('00') ? '11' : '00'}`;
    const forged = await send(flipped);
    checks.push(result('signature:forged', '篡改的签名被拒绝', 'a changed signature is refused', refused(forged), seen(forged)));
    const changed = encode('C');
    const altered = await send({ ...changed, body: Buffer.concat([changed.body, Buffer.from(' ')]) });
    checks.push(result('signature:body-changed', '签名后改动报文被拒绝', 'a body changed after signing is refused', refused(altered), seen(altered)));
    const staleBy = auth.timestamp.windowSeconds + 120;
    const stale = await send(encode('D', Date.now() - staleBy * 1000));
    checks.push(
      result(
        'signature:stale-timestamp',
        `超出时间窗（${auth.timestamp.windowSeconds}秒）的时间戳被拒绝`,
        `a timestamp outside the window (${auth.timestamp.windowSeconds} s) is refused`,
        refused(stale),
        `signed ${staleBy} s ago: ${seen(stale)}`,
      ),
    );
  } catch (error) {
    checks.push(result('signature', '签名请求', 'signed requests', false, `could not run: ${(error as Error).message}`));
  } finally {
    await sim?.close();
  }
  return checks;
}

function recordNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.startsWith('bad-signature') && name.endsWith('.request.json'))
      .sort();
  } catch {
    return [];
  }
}

/** Whether the kit runs these checks for an adapter: a declarative document with HMAC. */
export function hasSignedRequests(doc: SystemDocument | undefined, adapter: AdapterDefinition): doc is SystemDocument {
  return doc !== undefined && doc.auth.scheme === 'hmac' && doc.kind === adapter.kind;
}
