import { Readable } from 'node:stream';
import type { Attachment, Document } from '../standard/schema/document';
import type { BlobStore, StoredBlob } from './blob-store';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_MESSAGE_BYTES } from './blob-store';
import { type ContentAddress, parseContentAddress } from './digests';
import { blobErrors } from './errors';

export interface AttachmentLimits {
  /** Largest single file, bytes. Default 4 GiB (at least 2 GB, as the issue requires). */
  maxFileBytes: number;
  /** Largest sum of a message's files, bytes. Default 8 GiB. */
  maxMessageBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxFileBytes: DEFAULT_MAX_FILE_BYTES, maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };

export function attachmentLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): AttachmentLimits {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name}="${raw}" must be a positive whole number of bytes (${name}应为正整数字节数)`);
    return value;
  };
  return {
    maxFileBytes: read('CASELINK_ATTACHMENT_MAX_FILE_BYTES', DEFAULT_MAX_FILE_BYTES),
    maxMessageBytes: read('CASELINK_ATTACHMENT_MAX_MESSAGE_BYTES', DEFAULT_MAX_MESSAGE_BYTES),
  };
}

/** Decodes base64 text in slices, so the decoded file never exists whole a second time. */
export function base64Source(text: string, sliceChars = 1024 * 1024): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= text.length) return void this.push(null);
      const end = Math.min(text.length, offset + sliceChars - (sliceChars % 4));
      this.push(Buffer.from(text.slice(offset, end), 'base64'));
      offset = end;
    },
  });
}

export function referenceOf(attachment: Omit<Attachment, 'content'>, blob: StoredBlob): Attachment {
  const { fileName, mediaType } = attachment;
  return { fileName, mediaType, size: blob.size, sha256: blob.sha256, ...(blob.sm3 ? { sm3: blob.sm3 } : {}), contentRef: blob.address };
}

export interface MessageWithDocuments {
  documents: Document[];
}

/**
 * Ingress: every inline attachment is streamed into the store, checked against the sender's
 * stated size and SHA-256, and replaced by its reference. Attachments that already carry a
 * `contentRef` must be in the store. Throws BlobError (retryable ones mean: answer busy).
 */
export async function externaliseAttachments<M extends MessageWithDocuments>(
  message: M,
  store: BlobStore,
  limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS,
  fetchFromSender?: SenderFetch,
): Promise<{ message: M; stored: StoredBlob[] }> {
  const stated = message.documents.flatMap((d) => d.attachments).reduce((sum, a) => sum + a.size, 0);
  if (stated > limits.maxMessageBytes) throw blobErrors.messageTooLarge(stated, limits.maxMessageBytes);
  const stored: StoredBlob[] = [];
  let total = 0;
  const documents: Document[] = [];
  for (const document of message.documents) {
    const attachments: Attachment[] = [];
    for (const attachment of document.attachments) {
      const fetched = attachment.content === undefined && attachment.contentRef === undefined && attachment.sourceUrl !== undefined;
      if (attachment.content !== undefined || fetched) {
        if (attachment.size > limits.maxFileBytes) throw blobErrors.tooLarge(limits.maxFileBytes);
        const source = fetched ? await openAtSender(attachment, limits.maxFileBytes, fetchFromSender) : base64Source(attachment.content!);
        const blob = await store.put(source, {
          sha256: attachment.sha256,
          sm3: attachment.sm3,
          size: attachment.size,
          maxBytes: limits.maxFileBytes,
        });
        total += blob.size;
        if (total > limits.maxMessageBytes) throw blobErrors.messageTooLarge(total, limits.maxMessageBytes);
        stored.push(blob);
        attachments.push(referenceOf(attachment, blob));
      } else {
        if (attachment.contentRef !== undefined) stored.push(await referencedBlob(attachment, store));
        const { sourceUrl: _fetchedElsewhere, ...reference } = attachment;
        attachments.push(attachment.contentRef !== undefined ? reference : attachment);
      }
    }
    documents.push({ ...document, attachments });
  }
  return { message: { ...message, documents }, stored };
}

/**
 * Opens a file the sender names by URL on its own system (the caller's `fetchFromSender` knows the
 * system's address and credentials). Errors carrying `retryable: true` mean: answer busy.
 */
export type SenderFetch = (url: string, maxBytes: number) => Promise<Readable>;

async function openAtSender(attachment: Attachment, maxBytes: number, fetchFromSender: SenderFetch | undefined): Promise<Readable> {
  const url = attachment.sourceUrl!;
  if (!fetchFromSender)
    throw blobErrors.sourceRefused(
      attachment.fileName,
      'the platform has no way to fetch from this sender (no address or adapter support) (平台无法从该发送方取件)',
    );
  try {
    return await fetchFromSender(url, maxBytes);
  } catch (error) {
    if ((error as { retryable?: unknown }).retryable === true) throw blobErrors.unavailable(`sender ${hostOf(url)}`, error);
    throw blobErrors.sourceRefused(attachment.fileName, error instanceof Error ? error.message : String(error));
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * An attachment sent by reference (uploaded first, `PUT …/attachments/<sha256>`): the blob must be
 * in the store, its address must be the attachment's own digest, and its size the stated one.
 */
async function referencedBlob(attachment: Attachment, store: BlobStore): Promise<StoredBlob> {
  const address = attachment.contentRef as ContentAddress;
  const parsed = parseContentAddress(address);
  const own = parsed?.algorithm === 'sm3' ? attachment.sm3 : attachment.sha256;
  if (!parsed || own === undefined || own.toLowerCase() !== parsed.hex) throw blobErrors.refMismatch(address, own ?? '(none)');
  const size = await store.size(address);
  if (size === undefined) throw blobErrors.missing(address);
  if (size !== attachment.size) throw blobErrors.sizeMismatch(attachment.size, size);
  return { address, size, sha256: attachment.sha256, ...(attachment.sm3 ? { sm3: attachment.sm3 } : {}) };
}

/** Every content address a message refers to. */
export function contentRefsOf(message: MessageWithDocuments): ContentAddress[] {
  return message.documents.flatMap((d) => d.attachments.flatMap((a) => (a.contentRef ? [a.contentRef as ContentAddress] : [])));
}
