/**
 * `npm run bench -- mapping`: a declarative adapter against the built-in one on the same bytes, in
 * one run — documents per CPU-second, one document being legacy → unified (charset decode, safe
 * parse, map, validate against the standard) and back to legacy bytes. Samples: every valid
 * procuratorate fixture, in turn. Target: declarative ≥ 0.5 × built-in.
 * Writes bench/results/mapping.json as {"docsPerSec": {"builtin", "declarative"}, "ratio"}.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadDeclarativeAdapter } from '../adapters/declarative/adapter';
import { codec as builtinCodec } from '../adapters/procuratorate';
import type { LegacyCodec } from '../adapters/types';

const root = process.cwd();
const fixtureDir = join(root, 'adapters', 'procuratorate', 'fixtures', 'valid');
const samples = readdirSync(fixtureDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => readFileSync(join(fixtureDir, name)));
const declarativeCodec = loadDeclarativeAdapter(join(root, 'adapters', 'declarative', 'systems', 'procuratorate.json')).codec;
const HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const CONTEXT = { credentials: { token: 'bench-token' } };

/** One document both ways; returns the legacy bytes written (so nothing is optimised away). */
function roundTrip(codec: LegacyCodec, bytes: Buffer): number {
  const decoded = codec.decode(bytes, HEADERS);
  const message = decoded.messages[0];
  if (!message) throw new Error(`sample refused: ${JSON.stringify(decoded.rejected[0]?.issues)}`);
  return codec.encode(message.message, CONTEXT).body.length;
}

const cpuMicros = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** Documents per CPU-second for about `ms` ms of CPU (CPU time: other load on the machine does not count). */
function rate(codec: LegacyCodec, ms: number): number {
  let docs = 0;
  let sink = 0;
  const start = cpuMicros();
  let used = 0;
  while (used < ms * 1000) {
    for (const bytes of samples) sink += roundTrip(codec, bytes);
    docs += samples.length;
    used = cpuMicros() - start;
  }
  if (sink === 42) console.log('');
  return docs / (used / 1e6);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const loadBefore = loadavg()[0]!;
// Warm both sides until the JIT has optimised them, then alternate short rounds so drift hits both alike.
rate(builtinCodec, 3000);
rate(declarativeCodec, 3000);
const builtin: number[] = [];
const declarative: number[] = [];
for (let round = 0; round < 15; round++) {
  builtin.push(rate(builtinCodec, 200));
  declarative.push(rate(declarativeCodec, 200));
}
const loadAfter = loadavg()[0]!;
const docsPerSec = { builtin: Math.round(median(builtin)), declarative: Math.round(median(declarative)) };
const result = { docsPerSec, ratio: Math.round((docsPerSec.declarative / docsPerSec.builtin) * 100) / 100 };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'mapping.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `procuratorate, ${samples.length} fixtures, legacy → unified → legacy: built-in ${docsPerSec.builtin} docs/CPU-s, declarative ${docsPerSec.declarative} docs/CPU-s, ratio ${result.ratio} (target ≥ 0.5)`,
);
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown cpu'} ×${cpus().length}, node ${process.version}; load average (1 min) ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
);
console.log(JSON.stringify(result));
