/**
 * `npm run bench -- attachment`: one 500 MiB attachment (CASELINK_BENCH_ATTACHMENT_MB) through
 * ingress → store → delivery, against a plain copy of the same bytes on this machine.
 *   plain copy   : read the source file, write a copy (streams, 1 MiB chunks) — and fs.copyFile for reference;
 *   synced copy  : the same two copies, the copy then flushed to disk (fsync) before it counts as done —
 *                  the guarantee the store gives before it answers the sender;
 *   bare HTTP    : the transport alone, no CaseLink code — the same two loopback HTTP hops through the
 *                  same child process (request body piped into a file; that file streamed by axios to
 *                  the receiver), with no hash, no check and no fsync: the floor of any HTTP
 *                  ingress → store → delivery on this machine;
 *   CaseLink     : the sender streams the file over HTTP to the upload ingress
 *                  (dossier/transfer.ts handleAttachmentUpload → FsBlobStore: SHA-256 while writing,
 *                  checked against the sender's statement, renamed into place), then the platform
 *                  pushes it (verified read, SHA-256 again) over HTTP to the receiver's system, which
 *                  writes it to a file.
 * The runtime (ingress + store + delivery) runs in a child process whose RSS is sampled every
 * 20 ms: its growth over the idle runtime is the memory the transfer costs.
 * Targets: throughput ≥ 0.5 × the plain copy; RSS growth < 64 MB.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { copyFile, open as openFile, unlink } from 'node:fs/promises';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import axios from 'axios';
import { FsBlobStore, handleAttachmentUpload, pushBlob, RssSampler, type ContentAddress } from '../dossier/index';
import { freePort } from '../test/support/free-port';
import { machine } from './_support/measure';

const MB = 1024 * 1024;
const sizeMb = Number(process.env.CASELINK_BENCH_ATTACHMENT_MB ?? 500);
const size = sizeMb * MB;

/** Streams a file of the benchmark's size to `url` by HTTP PUT (1 MiB reads), as a sending system would. */
function putFile(url: string, path: string) {
  return axios.put<{ contentRef?: string }>(url, createReadStream(path, { highWaterMark: MB }), {
    headers: { 'content-length': String(size), 'content-type': 'application/octet-stream' },
    maxBodyLength: Number.POSITIVE_INFINITY,
    maxRedirects: 0,
  });
}

async function runtimeChild(): Promise<void> {
  const root = process.argv[3]!;
  const store = new FsBlobStore(root);
  const port = await freePort();
  let sampler: RssSampler | undefined;
  // CPU time of the runtime (user + system, µs) from the start of sampling: upload, then push.
  let cpuStart: NodeJS.CpuUsage | undefined;
  let uploadCpu: NodeJS.CpuUsage | undefined;
  const server = createServer((req, res) => {
    if (req.url === '/bare') {
      void pipeline(req, createWriteStream(join(root, 'bare.bin'), { highWaterMark: 4 * MB })).then(() => res.end('{}'));
      return;
    }
    if (req.url?.startsWith('/caselink/attachments/')) {
      void handleAttachmentUpload(req, res, store, { authenticate: () => 'psb-440105' });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  process.on('message', (command: { op: string; address?: string; receiver?: string }) => {
    void (async () => {
      if (command.op === 'start-sampling') {
        global.gc?.();
        sampler = new RssSampler(20);
        cpuStart = process.cpuUsage();
        process.send!({ op: 'sampling' });
      } else if (command.op === 'push') {
        uploadCpu = process.cpuUsage(cpuStart);
        const pushStart = process.cpuUsage();
        const answer = await pushBlob(store, command.address as ContentAddress, command.receiver!);
        const pushCpu = process.cpuUsage(pushStart);
        const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
        process.send!({ op: 'pushed', status: answer.status, uploadCpuMs: ms(uploadCpu), pushCpuMs: ms(pushCpu) });
      } else if (command.op === 'bare-push') {
        const answer = await putFile(command.receiver!, join(root, 'bare.bin'));
        await unlink(join(root, 'bare.bin'));
        process.send!({ op: 'bare-pushed', status: answer.status });
      } else if (command.op === 'stop-sampling') {
        process.send!({ op: 'memory', memory: sampler!.stop() });
      } else if (command.op === 'exit') {
        server.close();
        process.exit(0);
      }
    })();
  });
  process.send!({ op: 'ready', port });
}

function next(child: ChildProcess, op: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (message: Record<string, unknown>) => {
      if (message.op !== op) return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
  });
}

async function writeSource(path: string): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const block = Buffer.alloc(MB);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  for (let i = 0; i < sizeMb; i += 1) {
    block.writeDoubleLE(i, 0);
    hash.update(block);
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return hash.digest('hex');
}

/** Flushes a finished copy to disk, as the blob store does before it answers the sender. */
async function syncFile(path: string): Promise<void> {
  const handle = await openFile(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-bench-attachment-'));
  const source = join(dir, 'source.bin');
  const load: number[][] = [loadavg()];
  try {
    const sha256 = await writeSource(source);
    const copies = {
      streamSeconds: [] as number[],
      copyFileSeconds: [] as number[],
      syncedStreamSeconds: [] as number[],
      syncedCopyFileSeconds: [] as number[],
      bareHttpSeconds: [] as number[],
      caselinkSeconds: [] as number[],
      uploadSeconds: [] as number[],
      pushSeconds: [] as number[],
    };
    // CPU milliseconds per MiB: the plain copy (this process) and the runtime's upload and push.
    const cpuPerMiB = { plainStreamCopy: [] as number[], upload: [] as number[], push: [] as number[] };
    const memory: Array<{ growthBytes: number; peakBytes: number; startBytes: number }> = [];

    mkdirSync(join(dir, 'store'));
    const child = fork(__filename, ['runtime', join(dir, 'store')], { execArgv: ['--expose-gc'] });
    const { port } = await next(child, 'ready');
    const receiverPort = await freePort();
    const receiver = createServer((req, res) => {
      void pipeline(req, createWriteStream(join(dir, 'received.bin'))).then(() => res.end('{"ok":true}'));
    });
    await new Promise<void>((resolve) => receiver.listen(receiverPort, '127.0.0.1', resolve));

    for (let round = 0; round < 3; round += 1) {
      let t = performance.now();
      const copyCpu = process.cpuUsage();
      await pipeline(createReadStream(source, { highWaterMark: MB }), createWriteStream(join(dir, 'copy.bin')));
      copies.streamSeconds.push((performance.now() - t) / 1000);
      const copyUsage = process.cpuUsage(copyCpu);
      cpuPerMiB.plainStreamCopy.push((copyUsage.user + copyUsage.system) / 1000 / sizeMb);
      await unlink(join(dir, 'copy.bin'));
      t = performance.now();
      await copyFile(source, join(dir, 'copy.bin'));
      copies.copyFileSeconds.push((performance.now() - t) / 1000);
      await unlink(join(dir, 'copy.bin'));
      t = performance.now();
      await pipeline(createReadStream(source, { highWaterMark: MB }), createWriteStream(join(dir, 'copy.bin'), { flush: true }));
      copies.syncedStreamSeconds.push((performance.now() - t) / 1000);
      await unlink(join(dir, 'copy.bin'));
      t = performance.now();
      await copyFile(source, join(dir, 'copy.bin'));
      await syncFile(join(dir, 'copy.bin'));
      copies.syncedCopyFileSeconds.push((performance.now() - t) / 1000);
      await unlink(join(dir, 'copy.bin'));

      t = performance.now();
      const bare = await putFile(`http://127.0.0.1:${port}/bare`, source);
      child.send({ op: 'bare-push', receiver: `http://127.0.0.1:${receiverPort}/receive` });
      const barePushed = await next(child, 'bare-pushed');
      copies.bareHttpSeconds.push((performance.now() - t) / 1000);
      if (bare.status !== 200 || barePushed.status !== 200) throw new Error('the bare HTTP transfer failed');
      await unlink(join(dir, 'received.bin'));

      child.send({ op: 'start-sampling' });
      await next(child, 'sampling');
      t = performance.now();
      const upload = await putFile(`http://127.0.0.1:${port}/caselink/attachments/${sha256}`, source);
      if (upload.status !== 201) throw new Error(`upload answered ${upload.status}`);
      const uploaded = performance.now();
      copies.uploadSeconds.push((uploaded - t) / 1000);
      child.send({ op: 'push', address: upload.data.contentRef, receiver: `http://127.0.0.1:${receiverPort}/receive` });
      const pushed = await next(child, 'pushed');
      copies.caselinkSeconds.push((performance.now() - t) / 1000);
      copies.pushSeconds.push((performance.now() - uploaded) / 1000);
      if (pushed.status !== 200) throw new Error(`push answered ${String(pushed.status)}`);
      cpuPerMiB.upload.push(Number(pushed.uploadCpuMs) / sizeMb);
      cpuPerMiB.push.push(Number(pushed.pushCpuMs) / sizeMb);
      if (statSync(join(dir, 'received.bin')).size !== size) throw new Error('receiver got a different size');
      child.send({ op: 'stop-sampling' });
      memory.push((await next(child, 'memory')).memory as (typeof memory)[number]);
      rmSync(join(dir, 'store', 'blobs'), { recursive: true, force: true });
      await unlink(join(dir, 'received.bin'));
      load.push(loadavg());
    }
    child.send({ op: 'exit' });
    receiver.close();

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const mbps = (s: number) => Math.round((sizeMb / s) * 10) / 10;
    /** The measured transfer's speed as a share of the peer's (from median seconds), to two places. */
    const ratio = (peer: number[], measured: number[]) => Math.round((median(peer) / median(measured)) * 100) / 100;
    const result = {
      benchmark: 'attachment',
      date: new Date().toISOString(),
      machine: machine(),
      loadAverage1m: load.map((l) => Math.round(l[0]! * 100) / 100),
      sizeMiB: sizeMb,
      rounds: 3,
      seconds: copies,
      medianMiBPerSecond: {
        plainStreamCopy: mbps(median(copies.streamSeconds)),
        copyFile: mbps(median(copies.copyFileSeconds)),
        syncedStreamCopy: mbps(median(copies.syncedStreamSeconds)),
        syncedCopyFile: mbps(median(copies.syncedCopyFileSeconds)),
        bareHttpTwoHops: mbps(median(copies.bareHttpSeconds)),
        caselink: mbps(median(copies.caselinkSeconds)),
      },
      medianCpuMsPerMiB: {
        plainStreamCopy: Math.round(median(cpuPerMiB.plainStreamCopy) * 100) / 100,
        runtimeUpload: Math.round(median(cpuPerMiB.upload) * 100) / 100,
        runtimePush: Math.round(median(cpuPerMiB.push) * 100) / 100,
      },
      ratioVsPlainStreamCopy: ratio(copies.streamSeconds, copies.caselinkSeconds),
      ratioVsCopyFile: ratio(copies.copyFileSeconds, copies.caselinkSeconds),
      ratioVsSyncedStreamCopy: ratio(copies.syncedStreamSeconds, copies.caselinkSeconds),
      ratioVsSyncedCopyFile: ratio(copies.syncedCopyFileSeconds, copies.caselinkSeconds),
      // The transport floor against the copy: above it no HTTP ingress → store → delivery can go here.
      bareHttpRatioVsPlainStreamCopy: ratio(copies.streamSeconds, copies.bareHttpSeconds),
      ratioVsBareHttp: ratio(copies.bareHttpSeconds, copies.caselinkSeconds),
      runtimeRss: memory.map((m) => ({
        growthMB: Math.round((m.growthBytes / MB) * 10) / 10,
        peakMB: Math.round((m.peakBytes / MB) * 10) / 10,
        idleMB: Math.round((m.startBytes / MB) * 10) / 10,
      })),
      targets: { ratio: 0.5, rssGrowthMB: 64 },
    };
    const out = join(__dirname, '..', '..', 'bench', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'attachment.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
    const speed = result.medianMiBPerSecond;
    console.log(
      [
        `attachment ${sizeMb} MiB, ingress → store → delivery: CaseLink ${speed.caselink} MiB/s`,
        `  vs plain stream copy ${speed.plainStreamCopy} MiB/s: ${result.ratioVsPlainStreamCopy}× (target ≥ 0.5×); vs fs.copyFile ${speed.copyFile}: ${result.ratioVsCopyFile}×`,
        `  vs synced stream copy ${speed.syncedStreamCopy}: ${result.ratioVsSyncedStreamCopy}×; vs synced copyFile ${speed.syncedCopyFile}: ${result.ratioVsSyncedCopyFile}×`,
        `  bare two HTTP hops ${speed.bareHttpTwoHops} MiB/s (${result.bareHttpRatioVsPlainStreamCopy}× the stream copy): CaseLink ${result.ratioVsBareHttp}× of it`,
        `  runtime RSS growth ${result.runtimeRss.map((m) => m.growthMB).join(' / ')} MB (target < 64 MB)`,
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'runtime') void runtimeChild();
else
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
