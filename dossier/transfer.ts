import type { IncomingMessage, ServerResponse } from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import type { BlobStore, StoredBlob } from './blob-store';
import type { AttachmentLimits } from './attachments';
import { DEFAULT_ATTACHMENT_LIMITS } from './attachments';
import type { ContentAddress } from './digests';
import { BlobError } from './errors';

/**
 * Large files do not fit a legacy message body (20 MiB by default): the sender uploads each one
 * first (`PUT <ingress>/attachments/<sha256>`, body = the file, streamed) and then sends its
 * message with the `contentRef` it got back. The platform pushes files to receivers the same way.
 */
export async function handleAttachmentUpload(
  request: IncomingMessage,
  response: ServerResponse,
  store: BlobStore,
  options: {
    limits?: AttachmentLimits;
    authenticate: (request: IncomingMessage) => string | undefined;
    onStored?: (blob: StoredBlob, system: string) => void | Promise<void>;
  },
): Promise<void> {
  const answer = (status: number, body: unknown) => {
    if (!response.headersSent)
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: status >= 400 ? 'close' : 'keep-alive' });
    response.end(JSON.stringify(body));
  };
  const system = options.authenticate(request);
  if (!system) return answer(401, { error: 'unauthorized (未通过身份验证)' });
  const stated = /\/([0-9a-f]{64})$/.exec(request.url ?? '')?.[1];
  if (!stated) return answer(400, { error: "the path must end in the file's SHA-256, 64 lower-case hex digits (路径末段应为文件的SHA-256)" });
  const limits = options.limits ?? DEFAULT_ATTACHMENT_LIMITS;
  const length = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
  if (length !== undefined && length > limits.maxFileBytes) {
    request.resume();
    return answer(413, { code: 'BLOB_TOO_LARGE', error: `over the per-file limit of ${limits.maxFileBytes} bytes (超过单文件上限)` });
  }
  try {
    const sm3 = typeof request.headers['x-caselink-sm3'] === 'string' ? request.headers['x-caselink-sm3'] : undefined;
    const blob = await store.put(request, { sha256: stated, sm3, size: length, maxBytes: limits.maxFileBytes });
    await options.onStored?.(blob, system);
    answer(201, { contentRef: blob.address, sha256: blob.sha256, ...(blob.sm3 ? { sm3: blob.sm3 } : {}), size: blob.size });
  } catch (error) {
    if (!(error instanceof BlobError)) throw error;
    const status = error.retryable ? 503 : error.code === 'BLOB_TOO_LARGE' ? 413 : 422;
    answer(status, { code: error.code, error: error.message });
  }
}

/** Streams a stored, verified blob to a receiver's upload URL (axios, the platform's HTTP client for legacy systems). */
export async function pushBlob(
  store: BlobStore,
  address: ContentAddress,
  url: string,
  options: { headers?: Record<string, string>; http?: AxiosInstance; timeoutMs?: number } = {},
): Promise<{ status: number; data: unknown }> {
  const size = await store.size(address);
  const body = await store.open(address);
  const http = options.http ?? axios;
  try {
    const answer = await http.put(url, body, {
      headers: { 'content-type': 'application/octet-stream', ...(size !== undefined ? { 'content-length': String(size) } : {}), ...options.headers },
      maxBodyLength: Number.POSITIVE_INFINITY,
      maxContentLength: 1024 * 1024,
      timeout: options.timeoutMs ?? 0,
      maxRedirects: 0,
      validateStatus: () => true,
    });
    if (body.errored) throw body.errored;
    return { status: answer.status, data: answer.data };
  } catch (error) {
    // A blob found corrupted while it streamed is named as such, not as an HTTP failure.
    throw body.errored instanceof BlobError ? body.errored : error;
  } finally {
    body.destroy();
  }
}
