/**
 * Attachments sent by reference (an attachment's `sourceUrl`): the platform fetches the file from
 * the sender's own system, with that system's credentials, as a stream. Only a URL under the
 * address the system instance is configured with is fetched — a message can never make the
 * platform fetch from another host, port, scheme or path (no open relay, no request forgery).
 */
import type { Readable } from 'node:stream';
import { createLegacyHttp, type LegacyTlsOptions } from './http-client';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;

/** Why a file could not be fetched; `retryable`: the sender should resend later (answer busy). */
export class AttachmentSourceError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'AttachmentSourceError';
  }
}

/** Opens the file at `url` on the sender's system; the caller reads (and checks, and bounds to `maxBytes`) the stream. */
export type AttachmentOpener = (url: string, maxBytes: number) => Promise<Readable>;

/**
 * The path (and query) of `url` relative to the system's address, as the system's other requests
 * are written and signed; throws a non-retryable AttachmentSourceError for any URL outside it.
 */
export function sourcePathOf(baseUrl: string, url: string): string {
  const base = new URL(baseUrl);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new AttachmentSourceError(bilingual(`sourceUrl "${url}" is not a URL`, '取件地址不是有效网址'), false);
  }
  // WHATWG URL parsing has already resolved "..", "%2e%2e" and default ports.
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const inside =
    target.protocol === base.protocol &&
    target.host === base.host &&
    target.username === '' &&
    target.password === '' &&
    (target.pathname + '/').startsWith(basePath);
  if (!inside)
    throw new AttachmentSourceError(
      bilingual(
        `sourceUrl "${target.origin}${target.pathname}" is outside the sender system's address ${base.origin}${base.pathname}: only files on the sender's own system are fetched`,
        '取件地址不在发送方系统地址之下：平台只从发送方自己的系统取件',
      ),
      false,
    );
  return `/${target.pathname.slice(basePath.length)}${target.search}`;
}

export interface AttachmentSourceOptions {
  baseUrl: string;
  /** Socket idle time while fetching. Default 30 s. */
  timeoutMs?: number;
  tls?: LegacyTlsOptions;
  /** The headers that authenticate a GET of `path` (relative to the address, as signed), e.g. the system's token or signature. */
  headersFor(path: string): Record<string, string>;
}

/** The `fetchAttachment` of a legacy client (LegacyClient): fetch under the address, status checked, body streamed. */
export function createAttachmentOpener(options: AttachmentSourceOptions): AttachmentOpener {
  const http = createLegacyHttp({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? 30_000, ...(options.tls ? { tls: options.tls } : {}) });
  return async (url, maxBytes) => {
    const path = sourcePathOf(options.baseUrl, url);
    const answer = await http.download(path, options.headersFor(path));
    if (answer.kind === 'no-answer')
      throw new AttachmentSourceError(bilingual(`the sender's system did not hand over ${path}: ${answer.reason}`, '发送方系统未交付文件，请稍后重试'), true);
    const declared = Number(answer.headers['content-length']);
    if (answer.status >= 200 && answer.status <= 299 && !(declared > maxBytes)) return answer.body;
    answer.body.destroy();
    if (declared > maxBytes)
      throw new AttachmentSourceError(
        bilingual(`${path} is ${declared} bytes, over the limit of ${maxBytes}`, `文件${declared}字节，超过上限${maxBytes}字节`),
        false,
      );
    // 5xx, 408 and 429 are the system's passing trouble; any other answer refuses this file for good.
    const retryable = answer.status >= 500 || answer.status === 408 || answer.status === 429;
    throw new AttachmentSourceError(
      bilingual(`the sender's system answered HTTP ${answer.status} for ${path}`, `发送方系统取件应答HTTP ${answer.status}`),
      retryable,
    );
  };
}
