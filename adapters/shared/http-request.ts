import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';

/** A request's headers as one string each (repeated headers joined with ", "), names lower case. */
export function flattenHeaders(req: Pick<IncomingMessage, 'headers'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * The one reader of HTTP request bodies (ingress endpoints, the capture middleware, the legacy
 * simulators): `raw-body` reads the exact bytes up to a size limit; this adds the time limit (a
 * body dripping in slower is refused) and keeps the head of an oversize body (it is kept in
 * quarantine).
 */

/** The body passed the size limit; `head` holds the bytes received before it did. */
export class BodyTooLarge extends Error {
  constructor(
    message: string,
    readonly head: Buffer,
  ) {
    super(message);
  }
}

/** The body was not complete within the time limit. */
export class BodyTimeout extends Error {}

export function bodyTimeoutMessage(timeoutMs: number): string {
  const seconds = Math.round(timeoutMs / 1000);
  return `the request body was not complete within ${seconds} s (请求体未在${seconds}秒内接收完毕)`;
}

export interface BodyLimits {
  /** Largest body in bytes. */
  limit: number;
  /** Longest time to receive the body (ms); none when omitted. */
  timeoutMs?: number;
  /** How many bytes of an oversize body to keep (BodyTooLarge.head); default none. */
  keepHeadBytes?: number;
  /** Refuse at once when the declared Content-Length passes the limit (no head is kept then). */
  checkDeclaredLength?: boolean;
}

/**
 * Reads a request body. Rejects with BodyTooLarge (the rest of the body is drained so an answer can
 * be sent) or BodyTimeout (the stream is left alone: the caller closes the connection).
 */
export function readRequestBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const { limit, timeoutMs, keepHeadBytes = 0 } = limits;
  const head: Buffer[] = [];
  let headBytes = 0;
  const keepHead = (chunk: Buffer) => {
    if (headBytes >= keepHeadBytes) return;
    head.push(chunk);
    headBytes += chunk.length;
  };
  req.on('data', keepHead);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    if (timeoutMs === undefined) return;
    timer = setTimeout(() => {
      req.removeAllListeners('data');
      reject(new BodyTimeout(bodyTimeoutMessage(timeoutMs)));
    }, timeoutMs);
  });
  const declared = limits.checkDeclaredLength ? req.headers['content-length'] : undefined;
  const read = getRawBody(req, { limit, ...(declared === undefined ? {} : { length: declared }) }).catch((error: unknown) => {
    if ((error as { type?: string }).type !== 'entity.too.large') throw error;
    req.off('data', keepHead);
    req.resume();
    throw new BodyTooLarge(`body exceeds ${limit} bytes`, Buffer.concat(head).subarray(0, keepHeadBytes));
  });
  return Promise.race([read, timedOut]).finally(() => {
    clearTimeout(timer);
    req.off('data', keepHead);
  });
}
