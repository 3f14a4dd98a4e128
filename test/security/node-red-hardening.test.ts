import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { ROOT, ensureBuilt } from './helpers';

// bcrypt of "password" (the example in node-red's settings.js)
const HASH = '$2a$08$zZWtXTja0fB1pzD4sHCMyOCMYz2Z6dNbM6tl8sJogENOMcxWV9DN.';

describe('hardened settings in a real Node-RED', () => {
  let child: ChildProcess;
  let dir: string;
  let base: string;
  let auditFile: string;
  let output = '';

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'caselink-nr-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    auditFile = join(dir, 'admin-audit.jsonl');
    const settings = join(dir, 'settings.js');
    writeFileSync(
      settings,
      `const fs = require('node:fs');
const { hardenedSettings } = require(${JSON.stringify(join(ROOT, 'dist/security/node-red-settings.js'))});
module.exports = {
  uiPort: ${port},
  uiHost: '127.0.0.1',
  flowFile: 'flows.json',
  ...hardenedSettings(process.env, { onAdminAudit: (entry) => fs.appendFileSync(${JSON.stringify(auditFile)}, JSON.stringify(entry) + '\\n') }),
};
`,
    );
    child = spawn(process.execPath, [join(ROOT, 'node_modules/node-red/red.js'), '--settings', settings, '--userDir', dir], {
      env: {
        ...process.env,
        CASELINK_DEMO: '',
        CASELINK_ADMIN_USER: 'admin',
        CASELINK_ADMIN_PASSWORD_HASH: HASH,
        CASELINK_OPERATOR_USER: 'ops',
        CASELINK_OPERATOR_PASSWORD_HASH: HASH,
        CASELINK_CREDENTIAL_SECRET: 'a-credential-secret-of-more-than-32-characters',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`node-red exited:\n${output}`);
      try {
        if ((await fetch(`${base}/admin/auth/login`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`node-red did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const token = async (username: string, password: string, scope = '*') => {
    const res = await fetch(`${base}/admin/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope, username, password }),
    });
    return { status: res.status, token: res.ok ? ((await res.json()) as { access_token: string }).access_token : undefined };
  };

  it('requires a login for the admin API, refuses a wrong password, and lets the operator read only', async () => {
    expect((await fetch(`${base}/admin/flows`)).status).toBe(401);
    expect((await token('admin', 'wrong')).status).toBe(403);
    const admin = await token('admin', 'password');
    expect(admin.token).toBeDefined();
    expect((await fetch(`${base}/admin/flows`, { headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(200);
    expect((await token('ops', 'password')).status).toBe(403); // may not ask for '*'
    const ops = await token('ops', 'password', 'read');
    expect((await fetch(`${base}/admin/flows`, { headers: { authorization: `Bearer ${ops.token}` } })).status).toBe(200);
    const write = await fetch(`${base}/admin/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ops.token}`, 'content-type': 'application/json' },
      body: '[]',
    });
    expect(write.status).toBe(401);
  });

  it('serves only CaseLink ingress paths of deployed flows, and audits the deploy and the failed login', async () => {
    const admin = await token('admin', 'password');
    const flows = [
      { id: 't1', type: 'tab', label: 't' },
      { id: 'in1', type: 'http in', z: 't1', url: '/caselink/ping', method: 'get', wires: [['out1']] },
      { id: 'in2', type: 'http in', z: 't1', url: '/leak', method: 'get', wires: [['out1']] },
      { id: 'out1', type: 'http response', z: 't1', statusCode: '200', wires: [] },
    ];
    const deploy = await fetch(`${base}/admin/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify(flows),
    });
    expect(deploy.ok, await deploy.text()).toBe(true);
    let ping = 0;
    for (let i = 0; i < 50 && ping !== 200; i++) {
      ping = (await fetch(`${base}/caselink/ping`)).status;
      if (ping !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ping).toBe(200);
    expect((await fetch(`${base}/leak`)).status).toBe(404);

    expect(existsSync(auditFile)).toBe(true);
    const entries = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { actor: string; action: string; subject: string; outcome: string });
    expect(entries).toContainEqual(expect.objectContaining({ actor: 'admin', action: 'config-change', subject: 'node-red:flows.set' }));
    expect(entries.some((e) => e.action === 'admin-access' && /auth\.login\.fail/.test(e.subject) && e.outcome === 'refused')).toBe(true);
  });
});
