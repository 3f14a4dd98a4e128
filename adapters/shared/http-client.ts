/**
 * The HTTP half every legacy client shares: POST an EncodedRequest with axios (timeouts, raw
 * bytes back, never throwing on a status) and map what is not a system answer to a DeliveryOutcome.
 */
import axios, { type AxiosInstance } from 'axios';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { EncodedRequest } from '../types';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Legacy answers are small; anything bigger is not an answer we trust. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export type HttpExchange =
  | { kind: 'answer'; status: number; headers: Record<string, string>; body: Buffer }
  | { kind: 'no-answer'; reason: string };

export function createHttp(baseUrl: string, timeoutMs = DEFAULT_TIMEOUT_MS): AxiosInstance {
  return axios.create({
    baseURL: baseUrl.replace(/\/+$/, ''),
    timeout: timeoutMs,
    validateStatus: () => true,
    responseType: 'arraybuffer',
    maxRedirects: 0,
    // Legacy systems sit on the government network: never route them through an environment proxy.
    proxy: false,
    maxContentLength: MAX_ANSWER_BYTES,
    // The body is already bytes in the system's charset: send it untouched.
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
  });
}

/** Sends one request; a network error, a timeout or an oversized answer is `no-answer`. */
export async function postRequest(http: AxiosInstance, request: EncodedRequest, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<HttpExchange> {
  try {
    const response = await http.request<ArrayBuffer>({
      method: request.method,
      url: request.path,
      headers: request.headers,
      data: request.body,
      // Bounds the whole exchange, not only socket idle time.
      signal: AbortSignal.timeout(timeoutMs + 50),
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers ?? {})) {
      if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return { kind: 'answer', status: response.status, headers, body: Buffer.from(response.data ?? new ArrayBuffer(0)) };
  } catch (error) {
    return { kind: 'no-answer', reason: describeNetworkError(error, timeoutMs) };
  }
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (axios.isAxiosError(error)) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || error.code === 'ERR_CANCELED') {
      return `no answer within ${timeoutMs} ms (超时未应答)`;
    }
    return `no answer: ${error.code ?? ''} ${error.message} (无应答)`.replace(/\s+/g, ' ');
  }
  return `no answer: ${error instanceof Error ? error.message : String(error)} (无应答)`;
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
