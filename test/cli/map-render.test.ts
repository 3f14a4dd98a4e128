import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../adapters/psb';
import { run as map } from '../../cli/commands/map';
import { run as render } from '../../cli/commands/render';
import { runUntil, startFromArgs } from '../../cli/commands/simulate';
import { DEMO_CREDENTIALS, resolveCredentials, parseArgs } from '../../cli/legacy-options';

const path = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const PSB_SAMPLE = path('../../adapters/psb/fixtures/valid/TQPZDBS.gbk.xml');
const PSB_UNIFIED = path('../fixtures/unified/psb-arrest-request.json');
const PROC_UNIFIED = path('../fixtures/unified/procuratorate-arrest-approval.json');
const tmp = mkdtempSync(join(tmpdir(), 'caselink-cli-'));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const bytes: Buffer[] = [];
  return {
    out,
    err,
    bytes,
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), stdoutBytes: (b: Buffer) => void bytes.push(b) },
  };
}

describe('caselink map', () => {
  it('prints the unified message of a PSB file as one JSON line, exit 0', async () => {
    const c = io();
    expect(await map(['--system', 'psb', PSB_SAMPLE], c.io)).toBe(0);
    const lines = c.out.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual(JSON.parse(readFileSync(PSB_UNIFIED, 'utf8')));
    expect(c.err.join('')).toBe('');
  });

  it('maps the procuratorate sample', async () => {
    const c = io();
    expect(await map(['--system=procuratorate', path('../../adapters/procuratorate/fixtures/valid/SCDB_JD-PB.json')], c.io)).toBe(0);
    expect(JSON.parse(c.out.join(''))).toEqual(JSON.parse(readFileSync(PROC_UNIFIED, 'utf8')));
  });

  it('exit 2 with the legacy field, value and a bilingual reason on stderr', async () => {
    const c = io();
    expect(await map(['--system', 'psb', path('../../adapters/psb/fixtures/malformed/bad-check-digit.gbk.xml')], c.io)).toBe(2);
    expect(c.out).toEqual([]);
    const err = c.err.join('');
    expect(err).toContain('[JZPT4401050100002022120500017]');
    expect(err).toContain('BODY/XYRLIST/XYR[0]/ZJHM = "440105199001011238"');
    expect(err).toMatch(/check character should be 9 \(校验码应为9\)/);
  });

  it('warnings go to stderr and the exit code stays 0', async () => {
    const c = io();
    expect(await map(['--system', 'psb', path('../../adapters/psb/fixtures/malformed/extra-element.gbk.xml')], c.io)).toBe(0);
    expect(c.out).toHaveLength(1);
    expect(c.err.join('')).toMatch(/warning \(警告\).*BODY\/AJXX\/BZ = "备注：嫌疑人有前科": unknown element/);
  });

  it('usage errors exit 2', async () => {
    for (const args of [[PSB_SAMPLE], ['--system', 'fax', PSB_SAMPLE], ['--system', 'psb'], ['--system', 'psb', join(tmp, 'missing.xml')]]) {
      const c = io();
      expect(await map(args, c.io)).toBe(2);
      expect(c.err.join('')).not.toBe('');
    }
  });
});

describe('caselink render', () => {
  it('prints the exact PSB bytes (GBK) and, with --headers, the request on stderr', async () => {
    const c = io();
    expect(await render(['--system', 'psb', PSB_UNIFIED, '--headers', '--token', 'cli-token'], c.io)).toBe(0);
    const body = Buffer.concat(c.bytes);
    expect(body.subarray(0, 36).toString('latin1')).toBe('<?xml version="1.0" encoding="GBK"?>');
    expect(iconv.decode(body, 'gbk')).toContain('<XM>张三</XM>');
    expect(body.includes(Buffer.from('张三', 'utf8'))).toBe(false);
    const err = c.err.join('');
    expect(err).toContain('POST /jzpt/api/xtba/receive');
    expect(err).toContain('X-JZPT-Token: cli-token');
    expect(err).not.toContain('demo credentials');
  });

  it('render then map gives the same unified message back (PSB and procuratorate)', async () => {
    for (const [system, unified, file] of [
      ['psb', PSB_UNIFIED, 'out.xml'],
      ['procuratorate', PROC_UNIFIED, 'out.json'],
    ] as const) {
      const out = join(tmp, file);
      expect(await render(['--system', system, unified, '--out', out], io().io)).toBe(0);
      const c = io();
      expect(await map(['--system', system, out], c.io)).toBe(0);
      expect(JSON.parse(c.out.join(''))).toEqual(JSON.parse(readFileSync(unified, 'utf8')));
    }
  });

  it('takes the token from CASELINK_<SYSTEM>_TOKEN, else the demo default with a note', async () => {
    const saved = process.env.CASELINK_PROCURATORATE_TOKEN;
    try {
      process.env.CASELINK_PROCURATORATE_TOKEN = 'env-token';
      const c = io();
      expect(await render(['--system', 'procuratorate', PROC_UNIFIED, '--headers'], c.io)).toBe(0);
      expect(c.err.join('')).toContain('Authorization: Bearer env-token');
      delete process.env.CASELINK_PROCURATORATE_TOKEN;
      const d = io();
      expect(await render(['--system', 'procuratorate', PROC_UNIFIED, '--headers'], d.io)).toBe(0);
      expect(d.err.join('')).toContain(`Authorization: Bearer ${DEMO_CREDENTIALS.procuratorate.token}`);
      expect(d.err.join('')).toContain('CASELINK_PROCURATORATE_TOKEN');
    } finally {
      if (saved === undefined) delete process.env.CASELINK_PROCURATORATE_TOKEN;
      else process.env.CASELINK_PROCURATORATE_TOKEN = saved;
    }
  });

  it('exit 2 on an invalid unified message, naming the unified field', async () => {
    const bad = JSON.parse(readFileSync(PSB_UNIFIED, 'utf8'));
    bad.persons[0].idNumber = '440105199001011238';
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const c = io();
    expect(await render(['--system', 'psb', file], c.io)).toBe(2);
    expect(c.err.join('')).toContain('persons[0].idNumber');
    expect(c.bytes).toEqual([]);
  });

  it('exit 2 when the system cannot carry the message', async () => {
    const c = io();
    // The PSB has no BWLX code for CASE_ACCEPTED (court → procuratorate only).
    const unified = JSON.parse(readFileSync(PSB_UNIFIED, 'utf8'));
    Object.assign(unified, { messageType: 'CASE_ACCEPTED', process: 'PUBLIC_PROSECUTION', payload: {} });
    const file = join(tmp, 'accepted.json');
    writeFileSync(file, JSON.stringify(unified));
    expect(await render(['--system', 'psb', file], c.io)).toBe(2);
    expect(c.err.join('')).toContain('messageType');
  });
});

describe('caselink simulate', () => {
  it('starts a simulator, prints where it listens, and accepts the demo token', async () => {
    const c = io();
    const sim = await startFromArgs(['--system', 'psb', '--port', '0', '--host', '127.0.0.1'], c.io, {});
    try {
      expect(c.out.join('')).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
      expect(c.err.join('')).toContain('demo-psb-token');
      const message = JSON.parse(readFileSync(PSB_UNIFIED, 'utf8'));
      expect(await createClient({ baseUrl: sim.url, credentials: { token: 'demo-psb-token' } }).send(message)).toMatchObject({ kind: 'accepted' });
    } finally {
      await sim.close();
    }
  });

  it('runs until stopped, then closes; bad options exit 2', async () => {
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const c = io();
    const running = runUntil(['--system', 'procuratorate', '--port', '0', '--token', 't'], c.io, stopped);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const url = /listening on (\S+)/.exec(c.out.join(''))![1]!;
    expect((await fetch(`${url}/_sim/received`)).status).toBe(200);
    stop();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/_sim/received`)).rejects.toThrow();
    expect(await runUntil(['--system', 'psb', '--port', 'x'], io().io, Promise.resolve())).toBe(2);
  });

  it('credentials: flags, then environment, then demo defaults', () => {
    expect(resolveCredentials('psb', parseArgs(['--token', 'flag']), { CASELINK_PSB_TOKEN: 'env' }).credentials).toEqual({ token: 'flag' });
    expect(resolveCredentials('psb', parseArgs([]), { CASELINK_PSB_TOKEN: 'env' }).credentials).toEqual({ token: 'env' });
    expect(resolveCredentials('court', parseArgs([]), {})).toEqual({
      credentials: { appId: 'GZ-PLATFORM', secret: 'sample-secret' },
      demoFields: ['CASELINK_COURT_APP_ID', 'CASELINK_COURT_SECRET'],
    });
  });
});
