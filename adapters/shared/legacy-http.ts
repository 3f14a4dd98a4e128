/** One HTTP exchange with a legacy system over axios: every status is an answer, no throw. */
import axios from 'axios';

export interface HttpAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
}

export type HttpResult = { ok: true; answer: HttpAnswer } | { ok: false; reason: string; code?: string };

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_ANSWER_BYTES = 20 * 1024 * 1024;

/**
 * Sends one request. A timeout, refused connection or reset is `{ok:false}` (the caller decides it
 * is retryable); any HTTP status is `{ok:true}` with the raw answer bytes.
 */
export async function httpExchange(baseUrl: string, spec: HttpRequestSpec, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<HttpResult> {
  try {
    const response = await axios.request<ArrayBuffer>({
      baseURL: baseUrl,
      url: spec.path,
      method: spec.method,
      headers: spec.headers,
      data: spec.body,
      timeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs + 1000),
      responseType: 'arraybuffer',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      maxRedirects: 0,
      maxContentLength: MAX_ANSWER_BYTES,
      proxy: false,
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers ?? {})) {
      if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return { ok: true, answer: { status: response.status, headers, body: Buffer.from(response.data ?? new ArrayBuffer(0)) } };
  } catch (error) {
    const code = axios.isAxiosError(error) ? error.code : undefined;
    const message = error instanceof Error ? error.message : String(error);
    const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' || /timeout/i.test(message);
    return { ok: false, reason: timedOut ? `no answer within ${timeoutMs} ms` : `no answer: ${message}`, ...(code ? { code } : {}) };
  }
}

/** `Retry-After` (seconds or an HTTP date) → milliseconds from `now`, if present and sensible. */
export function retryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
