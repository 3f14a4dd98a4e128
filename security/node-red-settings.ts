import type { AuditEntry } from './audit-chain';
import { HardeningError } from './errors';

/**
 * The Node-RED hardening CaseLink ships (GB/T 22239-2019 level 3: identification, access
 * control, management terminals restricted by address, audit). The shipped settings file does:
 *   module.exports = { ...baseSettings, ...hardenedSettings(process.env) };
 * Outside demo mode (CASELINK_DEMO=1) a missing or unsafe value stops the start with one
 * bilingual error naming every problem.
 */

export const HARDENING_ENV = {
  demo: 'CASELINK_DEMO',
  adminUser: 'CASELINK_ADMIN_USER',
  adminPasswordHash: 'CASELINK_ADMIN_PASSWORD_HASH',
  operatorUser: 'CASELINK_OPERATOR_USER',
  operatorPasswordHash: 'CASELINK_OPERATOR_PASSWORD_HASH',
  credentialSecret: 'CASELINK_CREDENTIAL_SECRET',
  sessionSeconds: 'CASELINK_ADMIN_SESSION_SECONDS',
  adminRoot: 'CASELINK_ADMIN_ROOT',
  adminAllow: 'CASELINK_ADMIN_ALLOW',
  ingressPaths: 'CASELINK_INGRESS_PATHS',
} as const;

const BCRYPT = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;
const USERNAME = /^[A-Za-z0-9_.@-]{1,64}$/;
const MIN_SECRET_LENGTH = 32;
const DEFAULT_SESSION_SECONDS = 8 * 3600;
export const DEFAULT_INGRESS_PATHS = ['/caselink/'];

/** The parts of an HTTP request and response the middlewares use (Express passes more). */
export interface MiddlewareRequest {
  path?: string;
  url?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}
export interface MiddlewareResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}
export type Middleware = (req: MiddlewareRequest, res: MiddlewareResponse, next: (error?: unknown) => void) => void;

export interface AdminUser {
  username: string;
  password: string;
  permissions: '*' | 'read';
}

/** A partial Node-RED settings object (names as in node-red/settings.js). */
export interface HardenedNodeRedSettings {
  adminAuth?: { type: 'credentials'; users: AdminUser[]; sessionExpiryTime: number };
  credentialSecret?: string;
  httpAdminRoot: string | false;
  httpAdminMiddleware?: Middleware;
  httpNodeMiddleware: Middleware;
  functionExternalModules: false;
  externalModules: {
    autoInstall: false;
    palette: { allowInstall: false; allowUpload: false; allowUpdate: false };
    modules: { allowInstall: false };
  };
  exportGlobalContextKeys: false;
  diagnostics: { enabled: false; ui: false };
  runtimeState: { enabled: false; ui: false };
  tlsConfigDisableLocalFiles: true;
  logging: {
    /** Admin audit events go to the audit chain (caselinkAudit), not the terminal, unless CASELINK_LOG_AUDIT=1. */
    console: { level: string; metrics: false; audit: boolean };
    caselinkAudit?: { level: 'off'; metrics: false; audit: true; handler: () => (msg: NodeRedAuditEvent) => void };
  };
}

/** What Node-RED's admin API logs at audit level (98): login, logout, deploy, palette changes… */
export interface NodeRedAuditEvent {
  level: number;
  event?: string;
  user?: { username?: string } | string;
  path?: string;
  ip?: string;
  [field: string]: unknown;
}

const NODE_RED_AUDIT_LEVEL = 98;
const CHANGING_EVENT = /\.(set|install|remove|delete|update|add|upload|reload|state)$/;

/**
 * The audit entry for one Node-RED admin event: changes (deploy `flows.set`, `nodes.install`…)
 * are `config-change`, everything else (`auth.login`, `auth.login.fail.credentials`, reads) `admin-access`.
 */
export function adminAuditEntry(msg: NodeRedAuditEvent): AuditEntry {
  const event = typeof msg.event === 'string' && msg.event !== '' ? msg.event : 'unknown';
  const user = typeof msg.user === 'string' ? msg.user : msg.user?.username;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(msg)) {
    if (
      !['level', 'event', 'user', 'path', 'ip', 'timestamp'].includes(key) &&
      (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    )
      extra[key] = value;
  }
  return {
    actor: (user ?? 'anonymous').slice(0, 256),
    action: CHANGING_EVENT.test(event) ? 'config-change' : 'admin-access',
    subject: `node-red:${event}`.slice(0, 256),
    outcome: /fail|error|denied|unauthori[sz]ed/i.test(event) || msg.error !== undefined ? 'refused' : 'done',
    detail: { ...(msg.path === undefined ? {} : { path: msg.path }), ...(msg.ip === undefined ? {} : { ip: msg.ip }), ...extra },
  };
}

export interface HardeningOptions {
  /** Called with each bilingual warning (demo mode running without a required value…). */
  warn?: (text: string) => void;
  /**
   * Receives every Node-RED admin audit event as an audit entry (deploys, logins, failed logins),
   * e.g. `(entry) => audit.append(entry).catch(report)`. Adds a `caselinkAudit` log handler.
   */
  onAdminAudit?: (entry: AuditEntry) => void;
}

export function isDemoMode(env: NodeJS.ProcessEnv): boolean {
  const value = env[HARDENING_ENV.demo]?.trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}

export function hardenedSettings(env: NodeJS.ProcessEnv = process.env, options: HardeningOptions = {}): HardenedNodeRedSettings {
  const demo = isDemoMode(env);
  const problems: string[] = [];
  const warnings: string[] = [];
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };

  const users: AdminUser[] = [];
  const addUser = (userVar: string, hashVar: string, permissions: AdminUser['permissions'], required: boolean) => {
    const username = value(userVar);
    const hash = value(hashVar);
    if (username === undefined && hash === undefined) {
      if (required) problems.push(`${userVar} and ${hashVar} are required (必须设置${userVar}和${hashVar})`);
      return;
    }
    if (username === undefined || hash === undefined) {
      problems.push(`${userVar} and ${hashVar} must be set together (${userVar}与${hashVar}须同时设置)`);
      return;
    }
    if (!USERNAME.test(username)) problems.push(`${userVar} must be 1-64 letters, digits, _ . @ - (${userVar}格式不正确)`);
    if (!BCRYPT.test(hash)) {
      problems.push(
        `${hashVar} must be a bcrypt hash ($2b$…, e.g. from "npx node-red admin hash-pw"), never a plain password (${hashVar}应为bcrypt哈希，不得为明文口令)`,
      );
    }
    if (users.some((user) => user.username === username)) problems.push(`${userVar} repeats user "${username}" (用户名重复)`);
    users.push({ username, password: hash, permissions });
  };
  addUser(HARDENING_ENV.adminUser, HARDENING_ENV.adminPasswordHash, '*', !demo);
  addUser(HARDENING_ENV.operatorUser, HARDENING_ENV.operatorPasswordHash, 'read', false);

  const credentialSecret = value(HARDENING_ENV.credentialSecret);
  if (credentialSecret === undefined) {
    if (!demo)
      problems.push(
        `${HARDENING_ENV.credentialSecret} is required: it encrypts node credentials in flows_cred.json (必须设置${HARDENING_ENV.credentialSecret}，用于加密节点凭据)`,
      );
  } else if (credentialSecret.length < MIN_SECRET_LENGTH) {
    problems.push(
      `${HARDENING_ENV.credentialSecret} must have at least ${MIN_SECRET_LENGTH} characters (${HARDENING_ENV.credentialSecret}至少需要${MIN_SECRET_LENGTH}个字符)`,
    );
  }

  const sessionText = value(HARDENING_ENV.sessionSeconds);
  const sessionExpiryTime = sessionText === undefined ? DEFAULT_SESSION_SECONDS : Number(sessionText);
  if (!Number.isInteger(sessionExpiryTime) || sessionExpiryTime < 60 || sessionExpiryTime > 7 * 86400) {
    problems.push(`${HARDENING_ENV.sessionSeconds} must be whole seconds between 60 and 604800 (会话有效期应为60至604800秒)`);
  }

  const adminRootText = value(HARDENING_ENV.adminRoot);
  const httpAdminRoot: string | false = adminRootText === 'false' ? false : (adminRootText ?? (demo ? '/' : '/admin'));
  if (httpAdminRoot !== false && !httpAdminRoot.startsWith('/'))
    problems.push(`${HARDENING_ENV.adminRoot} must start with / or be false (${HARDENING_ENV.adminRoot}应以/开头或为false)`);

  const ingressPaths = (value(HARDENING_ENV.ingressPaths)?.split(',') ?? DEFAULT_INGRESS_PATHS).map((path) => path.trim()).filter(Boolean);
  if (ingressPaths.length === 0 || ingressPaths.some((path) => !path.startsWith('/'))) {
    problems.push(`${HARDENING_ENV.ingressPaths} must list paths starting with / (${HARDENING_ENV.ingressPaths}应列出以/开头的路径)`);
  }

  if (problems.length > 0) {
    throw new HardeningError(
      `Node-RED hardening refused to start (Node-RED安全加固检查未通过):\n- ${problems.join('\n- ')}\nSet ${HARDENING_ENV.demo}=1 only for a local demonstration (仅演示环境可设置${HARDENING_ENV.demo}=1).`,
    );
  }
  if (demo && users.length === 0) warnings.push('demo mode: the editor and admin API are open without login (演示模式：编辑器与管理接口无需登录)');
  if (demo && credentialSecret === undefined)
    warnings.push('demo mode: node credentials are encrypted with a generated key (演示模式：节点凭据使用自动生成的密钥加密)');
  for (const text of warnings) options.warn?.(text);

  const adminAllow = value(HARDENING_ENV.adminAllow)
    ?.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return {
    ...(users.length > 0 ? { adminAuth: { type: 'credentials' as const, users, sessionExpiryTime } } : {}),
    ...(credentialSecret === undefined ? {} : { credentialSecret }),
    httpAdminRoot,
    ...(adminAllow && adminAllow.length > 0 ? { httpAdminMiddleware: allowAddresses(adminAllow) } : {}),
    httpNodeMiddleware: allowPaths(ingressPaths),
    functionExternalModules: false,
    externalModules: {
      autoInstall: false,
      palette: { allowInstall: false, allowUpload: false, allowUpdate: false },
      modules: { allowInstall: false },
    },
    exportGlobalContextKeys: false,
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    tlsConfigDisableLocalFiles: true,
    logging: {
      console: { level: 'info', metrics: false, audit: /^(1|true|yes)$/i.test((env.CASELINK_LOG_AUDIT ?? '').trim()) },
      ...(options.onAdminAudit ? { caselinkAudit: adminAuditLogger(options.onAdminAudit) } : {}),
    },
  };
}

function adminAuditLogger(onAdminAudit: (entry: AuditEntry) => void) {
  return {
    level: 'off' as const,
    metrics: false as const,
    audit: true as const,
    handler: () => (msg: NodeRedAuditEvent) => {
      if (msg.level === NODE_RED_AUDIT_LEVEL) onAdminAudit(adminAuditEntry(msg));
    },
  };
}

function requestPath(req: MiddlewareRequest): string {
  const raw = req.path ?? req.url ?? '/';
  const path = raw.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function notFound(res: MiddlewareResponse, status: number): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(status === 403 ? 'Forbidden' : 'Not Found');
}

/**
 * httpNodeMiddleware: only the CaseLink ingress paths (relative to httpNodeRoot) are served;
 * anything else a flow might expose answers 404. Dot segments are refused.
 */
export function allowPaths(prefixes: readonly string[]): Middleware {
  return (req, res, next) => {
    const path = requestPath(req);
    const ok =
      !/(^|\/)\.\.?(\/|$)/.test(path) &&
      prefixes.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
    if (ok) next();
    else notFound(res, 404);
  };
}

/** httpAdminMiddleware: the editor and admin API only from the listed management addresses (exact IPs or prefixes ending in . or :). */
export function allowAddresses(allowed: readonly string[]): Middleware {
  return (req, res, next) => {
    const address = (req.ip ?? req.socket?.remoteAddress ?? '').replace(/^::ffff:/, '');
    const ok = allowed.some((entry) => (entry.endsWith('.') || entry.endsWith(':') ? address.startsWith(entry) : address === entry));
    if (ok) next();
    else notFound(res, 403);
  };
}
