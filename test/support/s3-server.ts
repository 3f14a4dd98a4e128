import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * A real S3-compatible server for tests: s3rver (a Node implementation of the S3 REST API,
 * objects on disk), on a free loopback port, with its own data folder.
 */
export interface S3TestServer {
  endpoint: string;
  port: number;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Stops accepting connections (an outage); the data folder stays. */
  stop(): Promise<void>;
  /** Starts again on the same port and folder. */
  start(): Promise<void>;
  /** Stops and removes the data folder. */
  destroy(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<unknown>;
  close(): Promise<unknown>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;

export async function startS3Server(bucket = 'caselink'): Promise<S3TestServer> {
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  let instance: S3rverInstance | undefined;
  const start = async () => {
    instance = new S3rver({ port, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket }] });
    await instance.run();
  };
  const stop = async () => {
    await instance?.close();
    instance = undefined;
  };
  await start();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    bucket,
    // s3rver's fixed development credentials.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
