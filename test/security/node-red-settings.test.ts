import { describe, expect, it } from 'vitest';
import { HardeningError } from '../../security/errors';
import { adminAuditEntry, hardenedSettings, type MiddlewareRequest } from '../../security/node-red-settings';

// bcrypt of "password" (the hash node-red's own settings.js shows)
const HASH = '$2a$08$zZWtXTja0fB1pzD4sHCMyOCMYz2Z6dNbM6tl8sJogENOMcxWV9DN.';
const SECRET = 'a-credential-secret-of-more-than-32-characters';
const production = { CASELINK_ADMIN_USER: 'admin', CASELINK_ADMIN_PASSWORD_HASH: HASH, CASELINK_CREDENTIAL_SECRET: SECRET };

function call(middleware: (req: MiddlewareRequest, res: never, next: () => void) => void, req: MiddlewareRequest): number {
  let status = 200;
  const res = { statusCode: 200, setHeader: () => undefined, end: () => (status = res.statusCode) };
  middleware(req, res as never, () => (status = 0));
  return status; // 0 = passed on
}

describe('hardened Node-RED settings', () => {
  it('refuses to start without admin login and credential secret outside demo mode, naming every missing value', () => {
    let error: unknown;
    try {
      hardenedSettings({});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HardeningError);
    const text = (error as Error).message;
    for (const name of ['CASELINK_ADMIN_USER', 'CASELINK_ADMIN_PASSWORD_HASH', 'CASELINK_CREDENTIAL_SECRET']) expect(text).toContain(name);
    expect(text).toMatch(/refused to start.*安全加固检查未通过/);
  });

  it('refuses plain passwords, short secrets and half-configured users', () => {
    expect(() => hardenedSettings({ ...production, CASELINK_ADMIN_PASSWORD_HASH: 'password' })).toThrow(/bcrypt.*不得为明文口令/);
    expect(() => hardenedSettings({ ...production, CASELINK_CREDENTIAL_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => hardenedSettings({ ...production, CASELINK_OPERATOR_USER: 'ops' })).toThrow(/must be set together/);
    expect(() => hardenedSettings({ ...production, CASELINK_ADMIN_SESSION_SECONDS: '10' })).toThrow(/60 and 604800/);
  });

  it('builds admin (all) and operator (read) users, the credential secret and the locked-down runtime', () => {
    const settings = hardenedSettings({ ...production, CASELINK_OPERATOR_USER: 'ops', CASELINK_OPERATOR_PASSWORD_HASH: HASH });
    expect(settings.adminAuth).toEqual({
      type: 'credentials',
      sessionExpiryTime: 28_800,
      users: [
        { username: 'admin', password: HASH, permissions: '*' },
        { username: 'ops', password: HASH, permissions: 'read' },
      ],
    });
    expect(settings.credentialSecret).toBe(SECRET);
    expect(settings.httpAdminRoot).toBe('/admin');
    expect(settings).toMatchObject({
      functionExternalModules: false,
      externalModules: { autoInstall: false, palette: { allowInstall: false, allowUpload: false } },
      diagnostics: { enabled: false },
      runtimeState: { enabled: false },
      exportGlobalContextKeys: false,
      logging: { console: { audit: false } },
    });
    // Admin audit records go to the audit chain, not the terminal, unless asked for.
    expect(hardenedSettings({ ...production, CASELINK_LOG_AUDIT: '1' }).logging.console.audit).toBe(true);
    expect(hardenedSettings({ ...production, CASELINK_ADMIN_ROOT: 'false' }).httpAdminRoot).toBe(false);
  });

  it('serves only the CaseLink ingress paths on httpNodeRoot', () => {
    const { httpNodeMiddleware } = hardenedSettings(production);
    expect(call(httpNodeMiddleware, { path: '/caselink/ingress/psb' })).toBe(0);
    expect(call(httpNodeMiddleware, { url: '/caselink/health?x=1' })).toBe(0);
    expect(call(httpNodeMiddleware, { path: '/debug/flows' })).toBe(404);
    expect(call(httpNodeMiddleware, { path: '/caselinkx' })).toBe(404);
    expect(call(httpNodeMiddleware, { path: '/caselink/../admin' })).toBe(404);
    const custom = hardenedSettings({ ...production, CASELINK_INGRESS_PATHS: '/jzpt/,/tyyw' }).httpNodeMiddleware;
    expect(call(custom, { path: '/tyyw/api' })).toBe(0);
    expect(call(custom, { path: '/caselink/x' })).toBe(404);
  });

  it('restricts the editor and admin API to management addresses when configured', () => {
    const settings = hardenedSettings({ ...production, CASELINK_ADMIN_ALLOW: '10.1.2.3,192.168.10.' });
    expect(call(settings.httpAdminMiddleware!, { ip: '::ffff:10.1.2.3' })).toBe(0);
    expect(call(settings.httpAdminMiddleware!, { socket: { remoteAddress: '192.168.10.77' } })).toBe(0);
    expect(call(settings.httpAdminMiddleware!, { ip: '10.1.2.4' })).toBe(403);
    expect(hardenedSettings(production).httpAdminMiddleware).toBeUndefined();
  });

  it('runs in demo mode without secrets, with warnings', () => {
    const warnings: string[] = [];
    const settings = hardenedSettings({ CASELINK_DEMO: '1' }, { warn: (text) => warnings.push(text) });
    expect(settings.adminAuth).toBeUndefined();
    expect(settings.credentialSecret).toBeUndefined();
    expect(settings.httpAdminRoot).toBe('/');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/without login.*无需登录/);
    expect(() => hardenedSettings({ CASELINK_DEMO: '1', CASELINK_ADMIN_PASSWORD_HASH: 'plain' })).toThrow(HardeningError);
  });

  it('turns Node-RED admin audit events into audit entries', () => {
    const seen: unknown[] = [];
    const settings = hardenedSettings(production, { onAdminAudit: (entry) => seen.push(entry) });
    const handler = settings.logging.caselinkAudit!.handler();
    handler({ level: 98, event: 'flows.set', user: { username: 'admin' }, path: '/flows', ip: '10.1.2.3', type: 'full' });
    handler({ level: 40, event: 'ignored' });
    expect(seen).toEqual([
      { actor: 'admin', action: 'config-change', subject: 'node-red:flows.set', outcome: 'done', detail: { path: '/flows', ip: '10.1.2.3', type: 'full' } },
    ]);
    expect(adminAuditEntry({ level: 98, event: 'auth.login.fail.credentials', username: 'x' })).toMatchObject({
      actor: 'anonymous',
      action: 'admin-access',
      outcome: 'refused',
    });
    expect(hardenedSettings(production).logging.caselinkAudit).toBeUndefined();
  });
});
