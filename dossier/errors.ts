/** Errors of the attachment store; each message is bilingual and names the blob and the reason. */

export type BlobErrorCode =
  | 'BLOB_HASH_MISMATCH'
  | 'BLOB_SIZE_MISMATCH'
  | 'BLOB_TOO_LARGE'
  | 'BLOB_MISSING'
  | 'BLOB_CORRUPTED'
  | 'BLOB_STORE_UNAVAILABLE'
  | 'MESSAGE_ATTACHMENTS_TOO_LARGE'
  | 'BLOB_LINK_INVALID'
  | 'BLOB_SOURCE_REFUSED';

export class BlobError extends Error {
  readonly code: BlobErrorCode;
  /** True when the sender should simply retry later (store unreachable): answer busy. */
  readonly retryable: boolean;
  constructor(code: BlobErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BlobError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export const blobErrors = {
  hashMismatch: (algorithm: string, stated: string, actual: string) =>
    new BlobError(
      'BLOB_HASH_MISMATCH',
      `attachment ${algorithm} stated ${stated} but the bytes received hash to ${actual} (附件声明的${algorithm}摘要与收到的内容不符)`,
    ),
  refMismatch: (contentRef: string, digest: string) =>
    new BlobError(
      'BLOB_HASH_MISMATCH',
      `attachment contentRef ${contentRef} does not name the attachment's own digest ${digest} (附件引用的内容地址与附件自身摘要不符)`,
    ),
  sizeMismatch: (stated: number, actual: number) =>
    new BlobError(
      'BLOB_SIZE_MISMATCH',
      `attachment size stated ${stated} bytes but ${actual} bytes were received (附件声明大小${stated}字节，实收${actual}字节)`,
    ),
  tooLarge: (limit: number) => new BlobError('BLOB_TOO_LARGE', `attachment exceeds the per-file limit of ${limit} bytes (附件超过单文件上限${limit}字节)`),
  messageTooLarge: (total: number, limit: number) =>
    new BlobError(
      'MESSAGE_ATTACHMENTS_TOO_LARGE',
      `attachments total ${total} bytes, over the per-message limit of ${limit} bytes (附件合计${total}字节，超过单条消息上限${limit}字节)`,
    ),
  missing: (address: string) => new BlobError('BLOB_MISSING', `blob ${address} is not in the attachment store (附件存储中缺少该文件 ${address})`),
  corrupted: (address: string, actual: string) =>
    new BlobError('BLOB_CORRUPTED', `blob ${address} is corrupted: its bytes now hash to ${actual} (附件 ${address} 已损坏：内容摘要为 ${actual})`),
  unavailable: (store: string, cause: unknown) =>
    new BlobError(
      'BLOB_STORE_UNAVAILABLE',
      `attachment store ${store} unavailable: ${cause instanceof Error ? cause.message : String(cause)} (附件存储不可用，请稍后重试)`,
      { retryable: true, cause },
    ),
  /** A file sent by reference (`sourceUrl`) that cannot be fetched for good: outside the sender's address, refused by it, or no way to fetch. */
  sourceRefused: (fileName: string, reason: string) =>
    new BlobError('BLOB_SOURCE_REFUSED', `attachment ${fileName} cannot be fetched from the sender: ${reason} (无法从发送方取回附件 ${fileName})`),
  linkInvalid: (reason: string) => new BlobError('BLOB_LINK_INVALID', `download link refused: ${reason} (下载链接无效：${reason})`),
};
