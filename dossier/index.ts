// The S3 store (dossier/s3-blob-store) is imported on its own: its AWS SDK is an optional peer dependency.
export * from './errors';
export * from './digests';
export * from './blob-store';
export * from './fs-blob-store';
export * from './attachments';
export * from './delivery';
export * from './transfer';
export * from './rss-sampler';
export * from './dossier-index';
