/**
 * `caselink conformance`: the kit run on the declarative procuratorate and court and the built-in ones passes
 * and writes its bilingual Markdown and JSON report; an adapter whose mapping is wrong fails with
 * exit 1 and the evidence in the report.
 *
 * Each kit run is a separate process that mostly waits (the simulator's Retry-After, the order
 * check's settling): beforeAll starts them all at once, and each test awaits and checks its own.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const DOC = `${ROOT}adapters/declarative/systems/procuratorate.json`;
const FIXTURES = `${ROOT}adapters/procuratorate/fixtures`;
const out = mkdtempSync(join(tmpdir(), 'caselink-kit-'));
afterAll(async () => {
  // A failed test leaves its run going: wait for every run before removing their folder.
  if (runs) await Promise.all(Object.values(runs));
  rmSync(out, { recursive: true, force: true });
});

interface KitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real command line (dist/, built by `npm run build`), as an agency runs it. */
function kit(args: string[]): Promise<KitRun> {
  expect(existsSync(`${ROOT}dist/cli/commands/conformance.js`), 'run npm run build first').toBe(true);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${ROOT}bin/caselink.js`, 'conformance', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A mapping that writes the wrong legacy code (女 for male). */
function wrongMappingDocument(): string {
  const doc = JSON.parse(readFileSync(DOC, 'utf8'));
  doc.tables.gender.encode['1'] = '女';
  const file = join(out, 'wrong.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

type KitRunName = 'declarative' | 'prisonV2' | 'prison' | 'builtin' | 'courtDeclarative' | 'courtBuiltin' | 'wrong' | 'noArgs' | 'missingAdapter';

/** Every kit run of this file, started together in beforeAll. */
let runs: Record<KitRunName, Promise<KitRun>>;

beforeAll(() => {
  runs = {
    declarative: kit(['--adapter', DOC, '--fixtures', FIXTURES, '--out', join(out, 'declarative')]),
    prisonV2: kit([
      '--adapter',
      `${ROOT}adapters/declarative/systems/prison-yzgl-v2/system.yaml`,
      '--app-id',
      'GZ-PLATFORM',
      '--secret',
      'sample-secret',
      '--out',
      join(out, 'prison-v2'),
    ]),
    prison: kit(['--adapter', `${ROOT}adapters/declarative/systems/prison-yzgl/system.json`, '--out', join(out, 'prison')]),
    builtin: kit(['--adapter', 'procuratorate', '--rejected-code', '1001', '--out', join(out, 'builtin')]),
    courtDeclarative: kit(['--adapter', `${ROOT}adapters/declarative/systems/court.json`, '--out', join(out, 'court-declarative')]),
    courtBuiltin: kit(['--adapter', 'court', '--rejected-code', '1', '--out', join(out, 'court-builtin')]),
    wrong: kit(['--adapter', wrongMappingDocument(), '--fixtures', FIXTURES, '--out', join(out, 'wrong')]),
    noArgs: kit([]),
    missingAdapter: kit(['--adapter', join(out, 'missing.json')]),
  };
});

describe('caselink conformance', () => {
  it('the declarative procuratorate passes every check; the report is bilingual Markdown and JSON', async () => {
    const dir = join(out, 'declarative');
    const { code, stdout } = await runs.declarative;
    expect(code).toBe(0);
    expect(stdout).toMatch(/PASS \(全部通过\)/);
    const report = JSON.parse(readFileSync(join(dir, 'conformance-report.json'), 'utf8'));
    expect(report.summary).toMatchObject({ fail: 0, skip: 0, passed: true });
    const ids = report.checks.map((c: { id: string }) => c.id);
    for (const id of [
      'in:TQPZDB.json',
      'roundtrip:TQPZDB.json',
      'malformed:bad-check-digit.json',
      'unknown:extra-field.json',
      'hostile:xml-bomb',
      'hostile:json-deep',
      'hostile:oversize',
      'hostile:truncated',
      'answer:accepted',
      'answer:duplicate',
      'answer:busy',
      'answer:rejected',
      'answer:credentials',
      'core:idempotent',
      'core:order',
    ]) {
      expect(ids).toContain(id);
    }
    const markdown = readFileSync(join(dir, 'conformance-report.md'), 'utf8');
    expect(markdown).toContain('一致性测试报告 · Conformance report');
    expect(markdown).toContain('全部通过 all checks passed');
    expect(markdown).toContain('本版套件未检查 · Not checked by this version of the kit');
  });

  it('the prison open interface 2.0 (YAML, HMAC-SM3, polled outbox) passes, bad signatures, a replayed nonce and a stale timestamp refused', async () => {
    const dir = join(out, 'prison-v2');
    const { code, stderr } = await runs.prisonV2;
    expect(code, stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'conformance-report.json'), 'utf8'));
    expect(report.adapter.kind).toBe('prison-yzgl-v2');
    const status = Object.fromEntries(report.checks.map((c: { id: string; status: string }) => [c.id, c.status]));
    for (const id of [
      'signature:bad-signature-wrong-secret.request.json',
      'signature:bad-signature-tampered-body.request.json',
      'signature-sent:bad-signature-wrong-secret.request.json',
      'signature:replayed-nonce',
      'signature:forged',
      'signature:body-changed',
      'signature:stale-timestamp',
      'outbox:poll',
      'answer:credentials',
      'core:order',
    ])
      expect(status[id], id).toBe('pass');
    const evidence = report.checks.find((c: { id: string }) => c.id === 'signature:replayed-nonce').evidence;
    expect(evidence).toMatch(/first: HTTP 200.*again: HTTP 401.*nonce/);
  });

  it('the prison system, onboarded as data alone, passes with its own fixtures (GBK JSON, unit codes, 15-digit id, rare name)', async () => {
    const dir = join(out, 'prison');
    const { code } = await runs.prison;
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'conformance-report.json'), 'utf8'));
    expect(report.adapter.kind).toBe('prison-yzgl');
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([
        'roundtrip:RJTZ-admission-notice-rare-name.gbk.json',
        'roundtrip:ZFJF-prisoner-transfer-15-digit-id.gbk.json',
        'malformed:unknown-unit.gbk.json',
        'unknown:extra-field.gbk.json',
      ]),
    );
  });

  it('the built-in procuratorate passes the same kit', async () => {
    const { code } = await runs.builtin;
    expect(code).toBe(0);
  });

  it("the court's SOAP system as a document passes the same checks as the built-in court (signed XML, outbox pages, SOAP faults)", async () => {
    const [declarative, builtin] = await Promise.all([runs.courtDeclarative, runs.courtBuiltin]);
    expect([declarative.code, builtin.code], declarative.stderr + builtin.stderr).toEqual([0, 0]);
    const ids = (dir: string) => (JSON.parse(readFileSync(join(out, dir, 'conformance-report.json'), 'utf8')).checks as Array<{ id: string }>).map((c) => c.id);
    expect(ids('court-declarative')).toEqual(ids('court-builtin'));
    expect(ids('court-declarative')).toEqual(expect.arrayContaining(['signature:bad-signature.soap.xml', 'malformed:page-one-bad.soap.xml', 'core:order']));
  });

  it('a mapping that writes the wrong legacy code fails the round trip: exit 1, evidence in the report', async () => {
    const { code, stderr } = await runs.wrong;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^fail: unified → legacy → unified/m);
    const report = JSON.parse(readFileSync(join(out, 'wrong', 'conformance-report.json'), 'utf8'));
    expect(report.summary.passed).toBe(false);
  });

  it('wrong usage is exit 2', async () => {
    expect((await runs.noArgs).code).toBe(2);
    expect((await runs.missingAdapter).code).toBe(2);
  });
});
