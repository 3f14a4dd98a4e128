/**
 * `npm run bench -- mapping`: documents per CPU-second of the full legacy XML → unified path
 * (charset decode, safe parse, map, validate against the standard) next to a bare parse of the same
 * bytes (iconv decode + `new XMLParser().parse` with default options), in one run.
 * Writes bench/results/mapping.json as {"docsPerSec": {"psb", "psbRawParse", "court", "courtRawParse"}}.
 *
 * Each format is one entry of FORMATS: {name, bytes, fullPath(bytes), rawParse(bytes)}; a format
 * whose codec is not there yet is reported as null.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { codec as psbCodec } from '../adapters/psb';
import type { DecodeResult, LegacyCodec } from '../adapters/types';

export interface BenchFormat {
  name: string;
  bytes: Buffer;
  /** The platform's full path for one body; must yield at least one unified message. */
  fullPath(bytes: Buffer): DecodeResult;
  /** The bare baseline: decode the bytes and parse them with fast-xml-parser's defaults. */
  rawParse(bytes: Buffer): unknown;
}

const root = process.cwd();
const read = (path: string): Buffer => readFileSync(join(root, path));

function decodesCleanly(format: Pick<BenchFormat, 'bytes' | 'fullPath'>): boolean {
  try {
    const result = format.fullPath(format.bytes);
    return result.messages.length > 0 && result.rejected.length === 0;
  } catch {
    return false;
  }
}

/** The court codec when its module loads (it may be mid-change); decodes fail → the format reports null. */
function courtCodec(): LegacyCodec | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../adapters/court') as { codec: LegacyCodec }).codec;
  } catch (error) {
    console.log(`court codec not loadable: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}
const court = courtCodec();

const psbBytes = read('adapters/psb/fixtures/valid/TQPZDBS.gbk.xml');
const courtBytes = read('bench/fixtures/court-fetch-outbox-response.soap.xml');

const FORMATS: Array<BenchFormat & { key: 'psb' | 'court' }> = [
  {
    key: 'psb',
    name: 'PSB JZPT (GBK XML)',
    bytes: psbBytes,
    fullPath: (bytes) => psbCodec.decode(bytes, { 'content-type': 'application/xml; charset=GBK' }),
    rawParse: (bytes) => new XMLParser().parse(iconv.decode(bytes, 'gbk')),
  },
  {
    key: 'court',
    name: 'COURT SPLC (SOAP outbox page)',
    bytes: courtBytes,
    fullPath: (bytes) => {
      if (!court) throw new Error('no court codec');
      return court.decode(bytes, { 'content-type': 'text/xml; charset=utf-8' });
    },
    rawParse: (bytes) => new XMLParser().parse(iconv.decode(bytes, 'utf-8')),
  },
];

/** CPU time used by this process (user + system), in microseconds. */
const cpuMicros = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/**
 * Runs `fn` on `bytes` for about `ms` milliseconds of CPU time; returns calls per CPU-second. CPU
 * time rather than wall time, so other load on a shared machine does not skew one side.
 */
function rate(fn: (bytes: Buffer) => unknown, bytes: Buffer, ms: number): number {
  let calls = 0;
  let sink = 0;
  const start = cpuMicros();
  let used = 0;
  while (used < ms * 1000) {
    for (let i = 0; i < 20; i++) sink ^= fn(bytes) === undefined ? 1 : 0;
    calls += 20;
    used = cpuMicros() - start;
  }
  if (sink === 42) console.log('');
  return calls / (used / 1e6);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function measure(format: BenchFormat): { full: number; raw: number } {
  // The full path runs much more code (parser, mapper, zod): it needs seconds, not milliseconds,
  // before the JIT has optimised it. Measuring earlier would compare a cold path with a warm one.
  rate(format.fullPath, format.bytes, 3000);
  rate(format.rawParse, format.bytes, 3000);
  // Short alternating rounds so drift hits both sides alike; the median of each side is reported.
  // No forced gc() between rounds: its parallel sweeping would be billed to the next round's CPU time.
  const full: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < 15; round++) {
    full.push(rate(format.fullPath, format.bytes, 200));
    raw.push(rate(format.rawParse, format.bytes, 200));
  }
  return { full: median(full), raw: median(raw) };
}

const docsPerSec: Record<string, number | null> = { psb: null, psbRawParse: null, court: null, courtRawParse: null };
const ratios: Record<string, number | null> = {};
for (const format of FORMATS) {
  if (!decodesCleanly(format)) {
    console.log(`${format.name}: codec not available or sample does not map cleanly — skipped (null)`);
    ratios[format.key] = null;
    continue;
  }
  const { full, raw } = measure(format);
  docsPerSec[format.key] = Math.round(full);
  docsPerSec[`${format.key}RawParse`] = Math.round(raw);
  ratios[format.key] = Math.round((full / raw) * 100) / 100;
  console.log(`${format.name}: full path ${Math.round(full)} docs/s, bare parse ${Math.round(raw)} docs/s, ratio ${(full / raw).toFixed(2)} (target ≥ 0.80)`);
}

const result = {
  docsPerSec,
  ratio: ratios,
  measuredAt: new Date().toISOString(),
  machine: `${cpus()[0]?.model ?? 'unknown cpu'} ×${cpus().length}, node ${process.version}`,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'mapping.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
