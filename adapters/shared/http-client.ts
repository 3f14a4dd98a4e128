/**
 * The HTTP half every legacy client shares: one exchange (GET or POST) on Node's http client —
 * every status is an answer, raw bytes back, a socket timeout plus an overall deadline, a bound on
 * the answer size — and the mapping of what is not a system answer to a DeliveryOutcome.
 * (Node's client directly rather than axios: this runs once per delivered message, and axios'
 * config merging and adapter layers cost more CPU than the exchange itself.)
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Push answers are small; anything bigger is not an answer we trust. */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;
/** Outbox pages (court, justice) hold up to 100 messages with inline files. */
export const OUTBOX_HTTP = { timeoutMs: 30_000, maxAnswerBytes: 20 * 1024 * 1024 } as const;
/** The whole exchange may take this much longer than the socket timeout before it is cut off. */
const DEADLINE_GRACE_MS = 50;
/** What was sent before (axios' default) when the caller names no Accept. */
const DEFAULT_ACCEPT = 'application/json, text/plain, */*';

export interface LegacyHttpOptions {
  baseUrl: string;
  /** Socket timeout, and (plus a small grace) the deadline of the whole exchange. Default 10 s. */
  timeoutMs?: number;
  /** A larger answer is refused and reported as no answer. Default 1 MiB. */
  maxAnswerBytes?: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** Bytes exactly as the system expects them, sent untouched. */
  body?: Buffer;
}

export interface HttpAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
}

/** `code` is the network error code (ECONNREFUSED, ECONNABORTED …) when there is one. */
export type HttpExchange = ({ kind: 'answer' } & HttpAnswer) | { kind: 'no-answer'; reason: string; code?: string };

export interface LegacyHttp {
  readonly timeoutMs: number;
  /** Sends one request; a network error, a timeout or an oversized answer is `no-answer`, never a throw. */
  exchange(request: HttpRequest): Promise<HttpExchange>;
}

/**
 * Keep-alive agents (otherwise as Node's default ones: LIFO, 5 s idle timeout) with a 60 s TCP
 * keep-alive probe delay. Shared by every legacy client of the process.
 */
const KEEP_ALIVE = { keepAlive: true, keepAliveMsecs: 60_000, scheduling: 'lifo', timeout: 5_000 } as const;
const httpAgent = new HttpAgent(KEEP_ALIVE);
const httpsAgent = new HttpsAgent(KEEP_ALIVE);

class ExchangeError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export function createLegacyHttp(options: LegacyHttpOptions): LegacyHttp {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  const base = new URL(options.baseUrl.replace(/\/+$/, ''));
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`baseUrl must be an http or https URL, got ${options.baseUrl} (baseUrl必须是http或https地址)`);
  }
  const secure = base.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const basePath = base.pathname.replace(/\/+$/, '');
  const target: RequestOptions = {
    protocol: base.protocol,
    // URL keeps an IPv6 host in brackets; the http client wants it bare.
    hostname: base.hostname.startsWith('[') ? base.hostname.slice(1, -1) : base.hostname,
    ...(base.port ? { port: Number(base.port) } : {}),
    ...(base.username || base.password ? { auth: `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}` } : {}),
    agent: secure ? httpsAgent : httpAgent,
  };
  return {
    timeoutMs,
    exchange(request: HttpRequest): Promise<HttpExchange> {
      return new Promise<HttpExchange>((resolve) => {
        let settled = false;
        let req: ClientRequest | undefined;
        const finish = (result: HttpExchange) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolve(result);
        };
        const fail = (error: unknown) => {
          finish(noAnswer(error, timeoutMs));
          req?.destroy();
        };
        // Bounds the whole exchange, not only socket idle time.
        const deadline = setTimeout(() => fail(new ExchangeError('the exchange was cut off at its deadline', 'ERR_CANCELED')), timeoutMs + DEADLINE_GRACE_MS);
        const headers: OutgoingHttpHeaders = { Accept: DEFAULT_ACCEPT, ...request.headers };
        if (request.body !== undefined) headers['Content-Length'] = request.body.length;
        try {
          req = send({ ...target, method: request.method, path: `${basePath}/${request.path.replace(/^\/+/, '')}`, headers }, (res: IncomingMessage) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > maxAnswerBytes) {
                fail(new ExchangeError(`maxContentLength size of ${maxAnswerBytes} exceeded`, 'ERR_BAD_RESPONSE'));
                res.destroy();
                return;
              }
              chunks.push(chunk);
            });
            res.on('error', fail);
            res.on('end', () => {
              const answerHeaders: Record<string, string> = {};
              for (const [name, value] of Object.entries(res.headers)) {
                if (value !== undefined) answerHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
              }
              const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
              finish({ kind: 'answer', status: res.statusCode ?? 0, headers: answerHeaders, body });
            });
          });
        } catch (error) {
          fail(error);
          return;
        }
        req.on('error', fail);
        req.setTimeout(timeoutMs, () => fail(new ExchangeError(`timeout of ${timeoutMs}ms exceeded`, 'ECONNABORTED')));
        req.end(request.body);
      });
    },
  };
}

function noAnswer(error: unknown, timeoutMs: number): HttpExchange {
  const rawCode = (error as { code?: unknown } | null)?.code;
  const code = typeof rawCode === 'string' ? rawCode : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' || /timeout/i.test(message);
  const reason = timedOut ? `no answer within ${timeoutMs} ms (超时未应答)` : `no answer: ${message} (无应答)`;
  return { kind: 'no-answer', reason, ...(code ? { code } : {}) };
}

/** `Retry-After` as seconds or an HTTP date → milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The outcome of an HTTP status that is not the system's normal answer: 5xx, 408 and 429 are
 * worth retrying (with Retry-After when given); other 4xx are configuration or content errors.
 * Returns undefined for statuses the system answers in its own format (the caller reads the body).
 */
export function outcomeForHttpStatus(status: number, headers: Record<string, string>, now: number = Date.now()): DeliveryOutcome | undefined {
  if (status >= 200 && status < 300) return undefined;
  const after = retryAfterMs(headers['retry-after'], now);
  if (status >= 500 || status === 429 || status === 408) {
    return { kind: 'retryable', reason: `HTTP ${status} (对方繁忙或故障，稍后重试)`, code: `HTTP_${status}`, ...(after !== undefined ? { retryAfterMs: after } : {}) };
  }
  if (status === 401 || status === 403) return { kind: 'permanent', reason: `HTTP ${status}: credentials refused (认证失败)`, code: `HTTP_${status}` };
  return { kind: 'permanent', reason: `HTTP ${status} (请求被拒绝)`, code: `HTTP_${status}` };
}
