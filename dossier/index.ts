export * from './errors';
export * from './digests';
export * from './blob-store';
export * from './fs-blob-store';
export * from './s3-blob-store';
export * from './attachments';
export * from './fetch-attachment';
export * from './delivery';
