import axios, { type AxiosInstance } from 'axios';
import type { Readable } from 'node:stream';
import type { BlobStore, PutExpectation, StoredBlob } from './blob-store';
import { blobErrors } from './errors';

/**
 * An attachment sent by reference: the platform fetches it from the sender's system (with that
 * system's credentials) and streams it straight into the store.
 */
export async function fetchIntoStore(
  store: BlobStore,
  url: string,
  expect: PutExpectation,
  options: { headers?: Record<string, string>; timeoutMs?: number; http?: AxiosInstance } = {},
): Promise<StoredBlob> {
  const http = options.http ?? axios;
  let body: Readable;
  try {
    const answer = await http.get<Readable>(url, {
      responseType: 'stream',
      headers: options.headers,
      timeout: options.timeoutMs ?? 30_000,
      maxContentLength: expect.maxBytes,
      maxRedirects: 0,
      decompress: false,
    });
    body = answer.data;
  } catch (error) {
    throw blobErrors.unavailable(`sender ${new URL(url).host}`, error);
  }
  return store.put(body, expect);
}
