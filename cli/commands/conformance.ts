/**
 * `caselink conformance --adapter <package|document.json|document.yaml|kind> [--url URL] [--fixtures DIR] [--out DIR]`
 * The conformance kit: runs the adapter's fixtures both ways and round trip, hostile and invalid
 * inputs, the answer behaviour against its simulator (or a live system with --url), idempotent
 * delivery and per-case order through the real core on its own redis-server (or --redis); writes
 * conformance-report.md (bilingual) and conformance-report.json to --out (default: the working
 * directory). Exit 0 only when every check passed; 1 when one failed; 2 on wrong usage.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { createAdapterRegistry } from '../../adapters/builtins';
import type { AdapterDefinition } from '../../adapters/contract';
import { checkSystemDocumentText, loadDeclarativeAdapter } from '../../adapters/declarative/adapter';
import { syntaxOfName } from '../../adapters/declarative/document-text';
import type { SystemDocument } from '../../adapters/declarative/schema';
import { checkAdapter } from '../../adapters/registry';
import type { CliIo } from '../main';
import { refuseArgs } from '../refusal';
import { answerChecks, fixtureChecks, hostileChecks, type CheckResult } from '../conformance/checks';
import { coreChecks } from '../conformance/core-checks';
import { outboxChecks } from '../conformance/outbox-checks';
import { hasSignedRequests, signatureChecks } from '../conformance/signature-checks';
import { markdownReport, NOT_CHECKED, type KitReport } from '../conformance/report';
import { flag, parseArgs, resolveCredentials } from '../legacy-options';
import { readFileSync } from 'node:fs';

export const summary = 'run the conformance kit on an adapter and write its report (一致性测试套件)';

const USAGE =
  'usage: caselink conformance --adapter <package|document.json|document.yaml|kind> [--url URL] [--fixtures DIR] [--out DIR] [--rejected-code CODE] [--redis URL] [--token T] [--app-id A] [--secret S]\n';

function loadAdapter(name: string): AdapterDefinition {
  if (isDocumentName(name)) return loadDeclarativeAdapter(isAbsolute(name) ? name : resolve(name));
  const builtin = createAdapterRegistry().get(name);
  if (builtin) return builtin;
  const load = createRequire(join(process.cwd(), 'noop.js'));
  const exported = load(name) as { adapter?: unknown };
  const checked = checkAdapter(exported.adapter);
  if (!checked.ok) throw new Error(`${name}: ${checked.reasons.join('; ')} (适配器不符合契约)`);
  return checked.adapter;
}

const isDocumentName = (name: string): boolean => syntaxOfName(name) !== 'auto';

/** The checked declarative document behind --adapter, when it names one. */
function declaredDocument(name: string): SystemDocument | undefined {
  if (!isDocumentName(name)) return undefined;
  try {
    return checkSystemDocumentText(readFileSync(name, 'utf8'), name, syntaxOfName(name));
  } catch {
    return undefined;
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let adapter: AdapterDefinition;
  let parsed;
  let adapterName: string;
  try {
    parsed = parseArgs(args, ['help']);
    if (parsed.flags.help) {
      io.stdout(USAGE);
      return 0;
    }
    adapterName = flag(parsed, 'adapter') ?? '';
    if (!adapterName) throw new Error('--adapter is required (必须指定适配器)');
    adapter = loadAdapter(adapterName);
  } catch (error) {
    return refuseArgs(io, 'conformance', (error as Error).message, USAGE);
  }
  const startedAt = new Date().toISOString();
  const { credentials } = resolveCredentials(adapter.kind, parsed);
  const fixturesDir = flag(parsed, 'fixtures');
  const url = flag(parsed, 'url');
  const document = declaredDocument(adapterName);
  const rejectedCode = flag(parsed, 'rejected-code') ?? document?.answers.rejected.code;
  const options = {
    adapter,
    credentials,
    ...(fixturesDir ? { fixturesDir: resolve(fixturesDir) } : {}),
    ...(url ? { url } : {}),
    ...(rejectedCode ? { rejectedCode } : {}),
  };

  const checks: CheckResult[] = [];
  const fixtures = fixtureChecks(options);
  checks.push(...fixtures.checks);
  const dir = options.fixturesDir ?? adapter.fixtures?.directory;
  const validDir = dir ? join(dir, 'valid') : undefined;
  const firstValid = validDir && existsSync(validDir) ? fixtures.checks.find((c) => c.id.startsWith('in:') && c.status === 'pass')?.id.slice(3) : undefined;
  checks.push(...hostileChecks(options, firstValid && validDir ? readFileSync(join(validDir, firstValid)) : undefined));
  checks.push(...(await answerChecks(options, fixtures.samples)));
  if (hasSignedRequests(document, adapter)) checks.push(...(await signatureChecks(options, document, fixtures.samples)));
  // Declarative documents: built-in outbox clients are checked by their own tests (the kit's reports of them stay as they are).
  if (document) checks.push(...(await outboxChecks(options, fixtures.samples)));
  if (!url) checks.push(...(await coreChecks(adapter, credentials, fixtures.samples, flag(parsed, 'redis'))));

  const count = (status: string) => checks.filter((c) => c.status === status).length;
  const report: KitReport = {
    kit: 'caselink-conformance',
    kitVersion: 1,
    adapter: {
      kind: adapter.kind,
      names: adapter.names,
      source: adapter.source?.package ?? adapterName,
      ...(adapter.source?.version ? { version: adapter.source.version } : {}),
      standardVersion: adapter.standardVersion,
    },
    target: url ?? 'simulator (模拟器)',
    startedAt,
    finishedAt: new Date().toISOString(),
    summary: { pass: count('pass'), fail: count('fail'), skip: count('skip'), passed: count('fail') === 0 && count('skip') === 0 },
    notChecked: NOT_CHECKED,
    checks,
  };
  const out = resolve(flag(parsed, 'out') ?? '.');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'conformance-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, 'conformance-report.md'), markdownReport(report));
  for (const check of checks.filter((c) => c.status !== 'pass'))
    io.stderr(`${check.status}: ${check.title['en-US']} (${check.title['zh-CN']}): ${check.evidence}\n`);
  io.stdout(
    `${report.summary.passed ? 'PASS (全部通过)' : 'FAIL (未全部通过)'}: ${report.summary.pass} passed, ${report.summary.fail} failed, ${report.summary.skip} skipped — ${join(out, 'conformance-report.md')}\n`,
  );
  return report.summary.passed ? 0 : 1;
}
