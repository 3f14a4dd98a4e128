/**
 * Authentication of a declarative system, both ways: the headers the platform adds to what it sends
 * (deliveries, outbox polls, acknowledgements) and the check of what it receives (pushed requests;
 * the simulator checks the platform's requests with the same function). Token schemes compare the
 * token; the HMAC scheme signs the declared parts with SHA-256 or SM3 (OpenSSL, as security/sm) and checks the
 * timestamp window. Nonces are refused the second time by the replay guard (security/replay-guard.ts),
 * which reads them through `identityOf`. Every comparison is constant-time.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { headerOf } from '../shared/http-headers';
import { constantTimeEquals } from '../shared/secure-compare';
import type { AuthResult, Credentials, Headers, RequestIdentity } from '../types';
import type { HmacAuth, HmacPart, SystemDocument } from './schema';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;

/** What a signature covers besides the headers it writes: the request line and the raw body. */
export interface SignedRequest {
  method: string;
  /** Path and query as sent, e.g. `/yzgl/v2/outbox?after=12&limit=50`. */
  path: string;
  body: Buffer;
}

interface SignatureValues {
  appId: string;
  timestamp: string;
  nonce: string;
}

/*
 * SM3 (GB/T 32905) and HMAC-SM3 through Node's OpenSSL, the same implementation security/sm wraps
 * (adapters may not import security: docs/architecture.md); test/declarative checks both against it.
 */
function bodyHash(auth: HmacAuth, body: Buffer): string {
  return createHash(auth.algorithm).update(body).digest('hex');
}

/** The signature of one request: HMAC of the declared parts joined by the separator, in the declared encoding. */
export function hmacSignature(auth: HmacAuth, request: SignedRequest, values: SignatureValues, secret: string): string {
  const hmac = createHmac(auth.algorithm, Buffer.from(secret, 'utf8'));
  const text: Record<Exclude<HmacPart, 'body'>, () => string> = {
    method: () => request.method.toUpperCase(),
    path: () => request.path,
    appId: () => values.appId,
    timestamp: () => values.timestamp,
    nonce: () => values.nonce,
    bodyHash: () => bodyHash(auth, request.body),
  };
  auth.parts.forEach((part, index) => {
    if (index > 0) hmac.update(auth.separator, 'utf8');
    if (part === 'body') hmac.update(request.body);
    else hmac.update(text[part](), 'utf8');
  });
  return hmac.digest(auth.encoding);
}

const timestampText = (auth: HmacAuth, now: number): string => String(auth.timestamp.unit === 's' ? Math.floor(now / 1000) : now);

/** The headers that authenticate one request the platform sends. */
export function authHeaders(doc: SystemDocument, request: SignedRequest, credentials: Credentials, now: number): Record<string, string> {
  const auth = doc.auth;
  // A SOAP header signature is written inside the envelope (xml-codec.ts), not as HTTP headers.
  if (auth.scheme === 'soap-signature') return {};
  if (auth.scheme !== 'hmac') {
    const token = credentials.token;
    if (!token) throw new Error(`the ${doc.kind} adapter needs credentials.token (需要令牌)`);
    return auth.scheme === 'bearer' ? { Authorization: `Bearer ${token}` } : { [auth.header]: token };
  }
  if (!credentials.secret) throw new Error(`the ${doc.kind} adapter needs credentials.secret (需要签名密钥)`);
  if (auth.headers.appId !== undefined && !credentials.appId) throw new Error(`the ${doc.kind} adapter needs credentials.appId (需要应用标识)`);
  const values = { appId: credentials.appId ?? '', timestamp: timestampText(auth, now), nonce: randomBytes(16).toString('hex') };
  return {
    ...(auth.headers.appId !== undefined ? { [auth.headers.appId]: values.appId } : {}),
    [auth.headers.timestamp]: values.timestamp,
    ...(auth.headers.nonce !== undefined ? { [auth.headers.nonce]: values.nonce } : {}),
    [auth.headers.signature]: hmacSignature(auth, request, values, credentials.secret),
  };
}

function verifyToken(doc: SystemDocument, headers: Headers, credentials: Credentials): AuthResult {
  if (!credentials.token) return { ok: false, reason: bilingual('no token configured', '未配置令牌') };
  if (doc.auth.scheme === 'bearer') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(headers, 'authorization') ?? '');
    if (!match) return { ok: false, reason: bilingual('Authorization must be "Bearer <token>"', '认证头格式错误') };
    return constantTimeEquals(match[1]!, credentials.token) ? { ok: true } : { ok: false, reason: bilingual('token is wrong', '令牌错误') };
  }
  if (doc.auth.scheme !== 'header') return { ok: false, reason: bilingual('not a token scheme', '不是令牌认证') };
  const given = headerOf(headers, doc.auth.header);
  if (!given) return { ok: false, reason: bilingual(`${doc.auth.header} header is missing`, '缺少认证头') };
  return constantTimeEquals(given, credentials.token) ? { ok: true } : { ok: false, reason: bilingual('token is wrong', '令牌错误') };
}

const NONCE = /^[A-Za-z0-9_-]{8,128}$/;

function verifyHmac(auth: HmacAuth, request: SignedRequest, headers: Headers, credentials: Credentials, now: number): AuthResult {
  const read = (name: string | undefined) => (name === undefined ? '' : (headerOf(headers, name)?.trim() ?? ''));
  const values = { appId: read(auth.headers.appId), timestamp: read(auth.headers.timestamp), nonce: read(auth.headers.nonce) };
  const signature = read(auth.headers.signature);
  const required = [auth.headers.appId, auth.headers.timestamp, auth.headers.nonce, auth.headers.signature].filter(
    (name): name is string => name !== undefined && read(name) === '',
  );
  if (required.length > 0) return { ok: false, reason: bilingual(`${required.join(', ')} required`, `缺少签名请求头${required.join('、')}`) };
  if (!credentials.secret) return { ok: false, reason: bilingual('no secret configured', '未配置签名密钥') };
  if (auth.headers.appId !== undefined && credentials.appId && !constantTimeEquals(values.appId, credentials.appId))
    return { ok: false, reason: bilingual(`${auth.headers.appId} is not this system's`, '应用标识不正确') };
  if (auth.headers.nonce !== undefined && !NONCE.test(values.nonce))
    return { ok: false, reason: bilingual(`${auth.headers.nonce} must be 8-128 letters, digits, - or _`, '随机数应为8至128位字母、数字、-或_') };
  const digits = auth.timestamp.unit === 's' ? 12 : 15;
  if (!new RegExp(`^\\d{1,${digits}}$`).test(values.timestamp))
    return {
      ok: false,
      reason: bilingual(`${auth.headers.timestamp} must be epoch ${auth.timestamp.unit === 's' ? 'seconds' : 'milliseconds'}`, '时间戳格式不正确'),
    };
  const at = Number(values.timestamp) * (auth.timestamp.unit === 's' ? 1000 : 1);
  const window = auth.timestamp.windowSeconds;
  if (Math.abs(at - now) > window * 1000)
    return {
      ok: false,
      reason: bilingual(`${auth.headers.timestamp} is more than ${window} s away from platform time`, `时间戳与平台时间相差超过${window}秒`),
    };
  if (!constantTimeEquals(signature, hmacSignature(auth, request, values, credentials.secret)))
    return { ok: false, reason: bilingual(`${auth.headers.signature} does not match`, '签名不正确') };
  return { ok: true };
}

/** Checks one received request per the document's scheme (the nonce's freshness is the replay guard's). */
export function verifyRequest(doc: SystemDocument, request: SignedRequest, headers: Headers, credentials: Credentials, now: number): AuthResult {
  return doc.auth.scheme === 'hmac' ? verifyHmac(doc.auth, request, headers, credentials, now) : verifyToken(doc, headers, credentials);
}

/** What the replay guard keys one received request by: its nonce (HMAC with a nonce), its signature and timestamp, or its token. */
export function identityOf(doc: SystemDocument, headers: Headers): RequestIdentity {
  const auth = doc.auth;
  if (auth.scheme === 'bearer') return { token: headerOf(headers, 'authorization') };
  if (auth.scheme === 'header') return { token: headerOf(headers, auth.header) };
  // A SOAP header signature is read from the body (inbound-auth.ts, soapRequestIdentity).
  if (auth.scheme === 'soap-signature') return {};
  const timestamp = headerOf(headers, auth.headers.timestamp)?.trim();
  const ms = timestamp !== undefined && /^\d{1,15}$/.test(timestamp) ? String(Number(timestamp) * (auth.timestamp.unit === 's' ? 1000 : 1)) : timestamp;
  return {
    signature: headerOf(headers, auth.headers.signature)?.trim(),
    timestamp: ms,
    ...(auth.headers.nonce !== undefined ? { nonce: headerOf(headers, auth.headers.nonce)?.trim() } : {}),
  };
}

/**
 * The simulator's memory of nonces it has seen (it plays the legacy system, which has no Redis of the
 * platform's): a nonce is refused the second time within the window. Lives on one simulator.
 */
export class SeenNonces {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** True the first time a nonce is offered within the window. */
  admit(nonce: string, now: number): boolean {
    for (const [known, until] of this.seen) if (until < now) this.seen.delete(known);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now + this.windowMs);
    return true;
  }
}
