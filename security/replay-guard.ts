import { BUILTIN_ADAPTERS } from '../adapters/builtins';
import type { Headers, RequestIdentity } from '../adapters/types';
import { createHash, randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { defineScripts, runScript } from '../core/lua-scripts';
import { replayKey } from './keys';
import { SCRIPTS } from './scripts';
import { canonicalJson } from './canonical-json';
import { ReplayGuardUnavailableError } from './errors';
import { withDeadline } from './redis-guard';

/**
 * Refuses a pushed request seen before within the window. The first sighting of a digest of
 * (system, signature — or token hash + body hash —, timestamp), or of (system, nonce) when the
 * request carries a signed nonce, is written to Redis with SET NX PX; a second sighting anywhere
 * (every Node-RED instance shares the Redis) is refused.
 *
 * Signed requests (HMAC + timestamp): a legitimate sender signs each attempt afresh, so a second
 * sighting is an attack → answer "unauthorized". Token-only requests (PSB token, procuratorate
 * bearer) carry no freshness: a byte-identical resend is also what a sender does after losing our
 * answer, so a second sighting is answered "duplicate" (treat as success) and nothing is stored
 * twice. If the first attempt was answered "busy", the ingress calls `release()` so the sender's
 * retry is admitted.
 */

export interface InboundRequestFacts {
  /** Legacy system (instance) the request came from: `psb`, `procuratorate`, `court`, `justice`, … */
  system: string;
  body: Buffer | string;
  /** Signed systems: the request signature and the timestamp it covers (epoch ms). */
  signature?: string;
  timestamp?: number | string;
  /** Token systems: the shared token or bearer; only its SHA-256 is kept. */
  token?: string;
  /** A nonce the signature covers: the request is keyed by it alone, so a nonce is refused the second time whatever else changed. */
  nonce?: string;
}

export type ReplayVerdict =
  { ok: true; key: string; release(): Promise<void> } | { ok: false; code: 'REPLAYED' | 'STALE'; reason: string; answer: 'unauthorized' | 'duplicate' };

export interface ReplayGuardOptions {
  /** Key prefix; keys are `<prefix>:replay:<system>:<digest>`. Default `cl`. */
  prefix?: string;
  /** How long a sighting is remembered (ms). Default 600 000 (2 × the court's ±300 s). */
  windowMs?: number;
  /** When set, a timestamp further than this from now is refused as STALE; the window must then be ≥ 2 × maxSkewMs. */
  maxSkewMs?: number;
  /** Deadline for the Redis round trip; past it the guard fails closed. Default 2000 ms. */
  timeoutMs?: number;
  now?: () => number;
}

const SYSTEM_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export class ReplayGuard {
  private readonly prefix: string;
  private readonly windowMs: number;
  private readonly maxSkewMs: number | undefined;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis | Cluster,
    options: ReplayGuardOptions = {},
  ) {
    this.prefix = options.prefix ?? 'cl';
    this.maxSkewMs = options.maxSkewMs;
    this.windowMs = options.windowMs ?? Math.max(600_000, 2 * (options.maxSkewMs ?? 0));
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.now = options.now ?? Date.now;
    defineScripts(redis, SCRIPTS);
    if (!Number.isInteger(this.windowMs) || this.windowMs <= 0) {
      throw new RangeError('replay window must be a positive whole number of ms (防重放窗口应为正整数毫秒)');
    }
    if (this.maxSkewMs !== undefined && this.windowMs < 2 * this.maxSkewMs) {
      throw new RangeError(
        `replay window ${this.windowMs} ms is shorter than 2 × the accepted clock skew ${this.maxSkewMs} ms: a request could be replayed after it is forgotten (防重放窗口应不小于允许时间偏差的两倍)`,
      );
    }
  }

  /** Admits the first sighting; throws ReplayGuardUnavailableError when Redis cannot answer (answer "busy"). */
  async admit(facts: InboundRequestFacts): Promise<ReplayVerdict> {
    if (!SYSTEM_ID.test(facts.system)) throw new TypeError(`replay guard: bad system id "${facts.system}" (系统标识不合法)`);
    const signed = (facts.signature !== undefined && facts.signature !== '') || (facts.nonce !== undefined && facts.nonce !== '');
    const timestamp = facts.timestamp === undefined || facts.timestamp === '' ? undefined : Number(facts.timestamp);
    if (this.maxSkewMs !== undefined && timestamp !== undefined) {
      if (!Number.isFinite(timestamp) || Math.abs(this.now() - timestamp) > this.maxSkewMs) {
        return {
          ok: false,
          code: 'STALE',
          answer: 'unauthorized',
          reason: `request timestamp is more than ${Math.round(this.maxSkewMs / 1000)} s away from platform time (请求时间戳与平台时间相差超过${Math.round(this.maxSkewMs / 1000)}秒)`,
        };
      }
    }
    const key = replayKey(this.prefix, facts.system, requestDigest(facts, signed));
    const mark = randomUUID();
    const fresh = await withDeadline(
      this.redis,
      this.timeoutMs,
      () => this.redis.set(key, mark, 'PX', this.windowMs, 'NX'),
      (why, cause) => new ReplayGuardUnavailableError(`replay guard unavailable: ${why} (防重放存储不可用)`, { cause }),
    );
    if (fresh === 'OK') {
      return { ok: true, key, release: () => this.release(key, mark) };
    }
    if (facts.nonce)
      return { ok: false, code: 'REPLAYED', answer: 'unauthorized', reason: 'this nonce was already used: replay refused (该随机数已使用过，拒绝重放)' };
    return signed
      ? {
          ok: false,
          code: 'REPLAYED',
          answer: 'unauthorized',
          reason: 'this signed request was already received: replay refused (该签名请求已收到过，拒绝重放)',
        }
      : { ok: false, code: 'REPLAYED', answer: 'duplicate', reason: 'this request was already received (该请求已收到过)' };
  }

  /** Reads the facts from the HTTP request per system (legacy/README.md), then admits. */
  admitHttp(
    system: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer | string,
    identify?: RequestIdentifier,
  ): Promise<ReplayVerdict> {
    return this.admit(replayFacts(system, headers, body, identify));
  }

  /** Forgets a sighting (the request was answered "busy" and will be retried). Best effort. */
  private async release(key: string, mark: string): Promise<void> {
    try {
      await withDeadline(
        this.redis,
        this.timeoutMs,
        () => runScript(this.redis, SCRIPTS.releaseMark, { mark: key }, { value: mark }),
        (why) => new ReplayGuardUnavailableError(why),
      );
    } catch {
      // the mark expires with the window; the sender's retry is then admitted
    }
  }
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function requestDigest(facts: InboundRequestFacts, signed: boolean): string {
  if (facts.nonce) return sha256(canonicalJson({ v: 1, system: facts.system, nonce: facts.nonce }));
  const material = signed
    ? { v: 1, system: facts.system, sig: facts.signature, ts: facts.timestamp === undefined ? null : String(facts.timestamp) }
    : {
        v: 1,
        system: facts.system,
        token: facts.token === undefined ? null : sha256(facts.token),
        body: sha256(facts.body),
        ts: facts.timestamp === undefined ? null : String(facts.timestamp),
      };
  return sha256(canonicalJson(material));
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Reads what identifies one pushed request; the adapter's codec knows where its system puts it. */
export type RequestIdentifier = (headers: Headers, body: Buffer) => RequestIdentity;

/**
 * What identifies one request, as the system's adapter says (codec.requestIdentity); without one,
 * a built-in adapter's (by the kind `system` starts with, e.g. `psb-440105`), else the
 * Authorization header as a token. Authentication itself is the adapters' verifyInbound.
 */
export function replayFacts(
  system: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer | string,
  identify?: RequestIdentifier,
): InboundRequestFacts {
  const reader = identify ?? BUILTIN_ADAPTERS.find((adapter) => adapter.kind === system.split('-')[0])?.codec.requestIdentity;
  const flat: Headers = {};
  for (const key of Object.keys(headers)) flat[key.toLowerCase()] = header(headers, key);
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const identity = reader ? reader(flat, bytes) : { token: flat.authorization };
  return {
    system,
    body,
    ...(identity.signature !== undefined ? { signature: identity.signature } : {}),
    ...(identity.timestamp !== undefined ? { timestamp: identity.timestamp } : {}),
    ...(identity.token !== undefined ? { token: identity.token } : {}),
    ...(identity.nonce ? { nonce: identity.nonce } : {}),
  };
}
