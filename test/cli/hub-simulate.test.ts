/** `caselink hub` and `caselink simulate --adapter`: the built CLI in a child process. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from '../support/node-red';
import { tianheAndPrison } from '../support/directory-additions';

ensureBuilt();
const ROOT = repoRoot();
const scratch = mkdtempSync(join(tmpdir(), 'caselink-hub-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const caselink = (args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/caselink.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('caselink hub', () => {
  it('generates the hub for the shipped directory: the four pilot districts × four systems', () => {
    const { code, stdout } = caselink(['hub']);
    expect(code).toBe(0);
    const flow = JSON.parse(stdout) as Array<{ type: string; kind?: string; division?: string }>;
    expect(flow.filter((n) => n.type === 'caselink-system')).toHaveLength(16);
    expect(flow.filter((n) => n.type === 'caselink-in')).toHaveLength(16);
  });

  it('adds 天河 and a prison from a data file', () => {
    const file = join(scratch, 'directory.json');
    writeFileSync(file, JSON.stringify(tianheAndPrison()));
    const { code, stdout } = caselink(['hub', '--directory', file]);
    expect(code).toBe(0);
    const systems = (JSON.parse(stdout) as Array<{ type: string; name?: string }>).filter((n) => n.type === 'caselink-system').map((n) => n.name);
    expect(systems).toEqual(expect.arrayContaining(['psb-440106', 'procuratorate-440106', 'court-440106', 'prison-mis-440000']));
    expect(caselink(['hub', '--check'], { CASELINK_DIRECTORY: file }).stdout).toMatch(/^OK \d+ divisions, 29 units, 20 system instances/);
  });

  it('refuses a malformed entry by name, exit 2', () => {
    const bad = tianheAndPrison();
    (bad.instances as Array<Record<string, unknown>>)[0]!.serves = ['440106990000'];
    const file = join(scratch, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const { code, stderr } = caselink(['hub', '--directory', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/instance psb-440106: serves 440106990000, which is not a listed unit \(所服务的机构440106990000未登记\)/);
  });
});

describe('caselink simulate --adapter', () => {
  it('runs the simulator of an adapter package', { timeout: 30_000 }, async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/caselink.js'), 'simulate', '--adapter', join(ROOT, 'packages', 'caselink-adapter-example'), '--system', 'prison-mis', '--token', 't1'],
      { cwd: ROOT },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const answer = await fetch(`${url}/jygl/receive`, { method: 'POST', headers: { 'X-JYGL-Token': 'wrong' }, body: '{}' });
      expect(answer.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('names the known kinds when the system is unknown', () => {
    const { code, stderr } = caselink(['simulate', '--system', 'prison-mis']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown system "prison-mis" \(expected psb, procuratorate, court, justice\)/);
  });
});
