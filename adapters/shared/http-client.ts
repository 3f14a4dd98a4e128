/**
 * The HTTP half every legacy client shares, on axios: one exchange (GET or POST) — every status is
 * an answer, raw bytes out and back, a timeout plus an overall deadline, a bound on the answer
 * size, no redirects, keep-alive agents, the standard proxy environment variables (HTTP_PROXY,
 * HTTPS_PROXY, NO_PROXY, read by axios), TLS options per system — and the mapping of what is not a
 * system answer to a DeliveryOutcome.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import type { Readable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse, type RawAxiosRequestHeaders } from 'axios';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Push answers are small; anything bigger is not an answer we trust. */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;
/** Outbox pages (court, justice) hold up to 100 messages with inline files. */
export const OUTBOX_HTTP = { timeoutMs: 30_000, maxAnswerBytes: 20 * 1024 * 1024 } as const;
/** The whole exchange may take this much longer than the timeout before it is cut off. */
const DEADLINE_GRACE_MS = 50;

/** TLS settings for one system (its own CA, a client certificate, a pinned server name). */
export interface LegacyTlsOptions {
  /** PEM CA certificate(s) the system's certificate must chain to (instead of the public roots). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** PEM client certificate and key, for systems that require mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  passphrase?: string;
  /** The name checked against the certificate when it differs from the URL's host. */
  servername?: string;
  /** Default true. False only for a test system: the certificate is then not checked at all. */
  rejectUnauthorized?: boolean;
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
}

export interface LegacyHttpOptions {
  baseUrl: string;
  /** Socket timeout, and (plus a small grace) the deadline of the whole exchange. Default 10 s. */
  timeoutMs?: number;
  /** A larger answer is refused and reported as no answer. Default 1 MiB. */
  maxAnswerBytes?: number;
  /** For https systems; without it the process's trusted roots and full verification apply. */
  tls?: LegacyTlsOptions;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
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
export type NoAnswer = { kind: 'no-answer'; reason: string; code?: string };
export type HttpExchange = ({ kind: 'answer' } & HttpAnswer) | NoAnswer;

/** A streamed answer: the body is read by the caller (or destroyed), never buffered here. */
export type HttpDownload = { kind: 'answer'; status: number; headers: Record<string, string>; body: Readable } | NoAnswer;

export interface LegacyHttp {
  readonly timeoutMs: number;
  /** Sends one request; a network error, a timeout or an oversized answer is `no-answer`, never a throw. */
  exchange(request: HttpRequest): Promise<HttpExchange>;
  /**
   * A GET whose answer streams (a file): the timeout is the socket's idle time, not a deadline for
   * the whole body; the caller bounds what it reads.
   */
  download(path: string, headers: Record<string, string>): Promise<HttpDownload>;
}

/**
 * Keep-alive agents (LIFO, 5 s idle timeout as Node's default agents, 60 s TCP keep-alive probe
 * delay), shared by every legacy client of the process; a system with its own TLS options gets
 * its own https agent.
 */
const KEEP_ALIVE = { keepAlive: true, keepAliveMsecs: 60_000, scheduling: 'lifo', timeout: 5_000 } as const;
const sharedHttpAgent = new HttpAgent(KEEP_ALIVE);
const sharedHttpsAgent = new HttpsAgent(KEEP_ALIVE);

function httpsAgentFor(tls: LegacyTlsOptions | undefined): HttpsAgent {
  if (tls === undefined) return sharedHttpsAgent;
  const options: HttpsAgentOptions = { ...KEEP_ALIVE, ...tls };
  return new HttpsAgent(options);
}

/** Bytes in, bytes out: axios neither serialises the request body nor parses the answer. */
const untouched = [(data: unknown) => data];

function axiosFor(base: URL, options: LegacyHttpOptions, timeoutMs: number, maxAnswerBytes: number): AxiosInstance {
  return axios.create({
    baseURL: base.href.replace(/\/+$/, ''),
    timeout: timeoutMs,
    validateStatus: () => true,
    responseType: 'arraybuffer',
    maxRedirects: 0,
    maxContentLength: maxAnswerBytes,
    maxBodyLength: Infinity,
    // Answers are read (and their signatures checked) as the bytes the system sent.
    decompress: false,
    headers: { 'Accept-Encoding': 'identity' },
    transformRequest: untouched,
    transformResponse: untouched,
    httpAgent: sharedHttpAgent,
    httpsAgent: base.protocol === 'https:' ? httpsAgentFor(options.tls) : sharedHttpsAgent,
    // With a proxy variable set, `proxy` is left unset: axios then follows HTTP_PROXY / HTTPS_PROXY /
    // NO_PROXY on every request. Without one, `false` says so once: axios would otherwise parse the
    // URL and read the environment on every request to find no proxy (~1 % of the hub's CPU).
    ...(proxyVariableSet(process.env) ? {} : { proxy: false as const }),
  });
}

/** The variables axios reads for a proxy (either case; NO_PROXY only ever turns one off). */
const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'all_proxy'] as const;

function proxyVariableSet(env: NodeJS.ProcessEnv): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name] || env[name.toUpperCase()]));
}

function lowerCaseHeaders(response: AxiosResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = response.headers as Record<string, unknown>;
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

export function createLegacyHttp(options: LegacyHttpOptions): LegacyHttp {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`baseUrl must be an http or https URL, got ${options.baseUrl} (baseUrl必须是http或https地址)`);
  }
  const http = axiosFor(base, options, timeoutMs, maxAnswerBytes);
  return {
    timeoutMs,
    async exchange(request: HttpRequest): Promise<HttpExchange> {
      try {
        const response = await http.request<ArrayBuffer>({
          method: request.method,
          url: `/${request.path.replace(/^\/+/, '')}`,
          headers: request.headers as RawAxiosRequestHeaders,
          data: request.body,
          // Bounds the whole exchange, not only the time without data.
          signal: AbortSignal.timeout(timeoutMs + DEADLINE_GRACE_MS),
        });
        const data = response.data as unknown;
        const body = Buffer.isBuffer(data) ? data : Buffer.from((data as ArrayBuffer | undefined) ?? new ArrayBuffer(0));
        return { kind: 'answer', status: response.status, headers: lowerCaseHeaders(response), body };
      } catch (error) {
        return noAnswer(error, timeoutMs);
      }
    },
    async download(path: string, headers: Record<string, string>): Promise<HttpDownload> {
      try {
        const response = await http.get<Readable>(`/${path.replace(/^\/+/, '')}`, { headers, responseType: 'stream', maxContentLength: Infinity });
        return { kind: 'answer', status: response.status, headers: lowerCaseHeaders(response), body: response.data };
      } catch (error) {
        return noAnswer(error, timeoutMs);
      }
    },
  };
}

function noAnswer(error: unknown, timeoutMs: number): NoAnswer {
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
    return {
      kind: 'retryable',
      reason: `HTTP ${status} (对方繁忙或故障，稍后重试)`,
      code: `HTTP_${status}`,
      ...(after !== undefined ? { retryAfterMs: after } : {}),
    };
  }
  if (status === 401 || status === 403) return { kind: 'permanent', reason: `HTTP ${status}: credentials refused (认证失败)`, code: `HTTP_${status}` };
  return { kind: 'permanent', reason: `HTTP ${status} (请求被拒绝)`, code: `HTTP_${status}` };
}
