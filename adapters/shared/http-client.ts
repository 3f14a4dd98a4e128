/**
 * The HTTP half every legacy client shares: one exchange (GET or POST) with axios — every status
 * is an answer, raw bytes back, a socket timeout plus an overall deadline, a bound on the answer
 * size — and the mapping of what is not a system answer to a DeliveryOutcome.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Push answers are small; anything bigger is not an answer we trust. */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;
/** Outbox pages (court, justice) hold up to 100 messages with inline files. */
export const OUTBOX_HTTP = { timeoutMs: 30_000, maxAnswerBytes: 20 * 1024 * 1024 } as const;
/** The whole exchange may take this much longer than the socket timeout before it is cut off. */
const DEADLINE_GRACE_MS = 50;

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
 * Axios sets TCP keep-alive with a 60 s probe delay on every request's socket, and Node's default
 * agent sets it back to 1 s when the socket returns to the pool: two setsockopt calls per request.
 * These agents (otherwise as Node's default ones: keep-alive, LIFO, 5 s idle timeout) use the same
 * 60 s, so the option is set once per connection. Shared by every legacy client of the process.
 */
const KEEP_ALIVE = { keepAlive: true, keepAliveMsecs: 60_000, scheduling: 'lifo', timeout: 5_000 } as const;
const httpAgent = new HttpAgent(KEEP_ALIVE);
const httpsAgent = new HttpsAgent(KEEP_ALIVE);

export function createLegacyHttp(options: LegacyHttpOptions): LegacyHttp {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ''),
    timeout: timeoutMs,
    validateStatus: () => true,
    responseType: 'arraybuffer',
    maxRedirects: 0,
    // Legacy systems sit on the government network: never route them through an environment proxy.
    proxy: false,
    httpAgent,
    httpsAgent,
    maxContentLength: options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
  });
  return {
    timeoutMs,
    async exchange(request: HttpRequest): Promise<HttpExchange> {
      try {
        const response = await http.request<ArrayBuffer | Buffer>({
          method: request.method,
          url: request.path,
          headers: request.headers,
          data: request.body,
          // Bounds the whole exchange, not only socket idle time.
          signal: AbortSignal.timeout(timeoutMs + DEADLINE_GRACE_MS),
        });
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers ?? {})) {
          if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
        }
        return { kind: 'answer', status: response.status, headers, body: answerBytes(response.data) };
      } catch (error) {
        return noAnswer(error, timeoutMs);
      }
    },
  };
}

/** Node's axios adapter already gives a Buffer for `arraybuffer`: no copy then. */
function answerBytes(data: ArrayBuffer | Buffer | undefined | null): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Buffer.from(data ?? new ArrayBuffer(0));
}

function noAnswer(error: unknown, timeoutMs: number): HttpExchange {
  const code = axios.isAxiosError(error) ? error.code : undefined;
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
