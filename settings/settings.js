'use strict';
/**
 * Node-RED settings shipped with CaseLink: the security hardening of security/node-red-settings.ts
 * (GB/T 22239-2019 level 3) plus the CaseLink runtime options. Everything site-specific comes from
 * the environment (docs/security.md and docs/nodes-and-flows.md list every variable); nothing
 * secret is written here.
 *
 * Outside demo mode the start stops, naming every problem, unless these are set:
 *   CASELINK_ADMIN_USER, CASELINK_ADMIN_PASSWORD_HASH   editor/admin login (bcrypt, `npx node-red admin hash-pw`)
 *   CASELINK_CREDENTIAL_SECRET                          ≥ 32 characters, encrypts flows_cred.json
 *   CASELINK_INTEGRITY_KEY (or _FILE)                   seals every stored message (`openssl rand -base64 32`)
 * CASELINK_DEMO=1 (what `npm start` sets unless told otherwise) runs without them, with warnings.
 *
 *   PORT / CASELINK_HOST            where the editor and the HTTP endpoints listen (1880, 127.0.0.1)
 *   CASELINK_AT_REST_KEY            encrypts stored messages (optional)
 *   CASELINK_ADMIN_ROOT, CASELINK_ADMIN_ALLOW, CASELINK_INGRESS_PATHS, CASELINK_OPERATOR_USER/_PASSWORD_HASH,
 *   CASELINK_ADMIN_SESSION_SECONDS  see docs/security.md
 *   CASELINK_PACKAGE_DIR            load @caselink/node-red-caselink from this checkout (nodesDir)
 *   CASELINK_FLOW_FILE              flow file name in the userDir (flows.json)
 *   CASELINK_DIRECTORY              org directory file (docs/org-directory.md; relative to the userDir); default the shipped one
 *   CASELINK_LANG                   runtime language for status texts and logs (en-US, zh-CN)
 *   CASELINK_LOG_LEVEL              fatal | error | warn | info | debug | trace (info)
 *   CASELINK_HTTP_MAX_BODY          largest legacy message body accepted, bytes (20 MiB)
 *   CASELINK_HTTP_BODY_TIMEOUT_MS   longest time to receive a legacy body (30 000 ms)
 *   CASELINK_REPLAY_WINDOW_MS       how long a pushed request is remembered against replay (600 000 ms)
 *   CASELINK_HEAP_GROWING_PERCENT   old-generation growth between full collections, % of what survived (100; 0 = V8's own)
 * Older names still read: NODE_RED_CREDENTIAL_SECRET (= CASELINK_CREDENTIAL_SECRET),
 * CASELINK_PRODUCTION=1 (= CASELINK_DEMO=0) and CASELINK_PRODUCTION=0 (= CASELINK_DEMO=1).
 */
const fs = require('node:fs');
const path = require('node:path');

const env = process.env;

// V8 lets the old generation grow up to 4× what survived the last full collection before it
// collects again: draining a backlog (~50 MB live) the hub reached 449 MB resident that way, with
// growth held to 2× 322 MB, at no CPU cost the platform benchmark could tell apart (bench/RESULTS.md,
// backlog). Set here, not as a command-line flag, so that it also holds in the Docker image
// (NODE_OPTIONS refuses V8 flags of this kind).
const heapGrowingPercent = Number(env.CASELINK_HEAP_GROWING_PERCENT ?? 100);
if (Number.isInteger(heapGrowingPercent) && heapGrowingPercent > 0) require('node:v8').setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);

function isPackage(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name === '@caselink/node-red-caselink';
  } catch {
    return false;
  }
}

/** This checkout, $CASELINK_PACKAGE_DIR, or the package installed in node_modules (Docker). */
function packageDir() {
  for (const dir of [env.CASELINK_PACKAGE_DIR, path.resolve(__dirname, '..')].filter(Boolean)) if (isPackage(dir)) return { dir, checkout: true };
  try {
    const pkg = require.resolve('@caselink/node-red-caselink/package.json', { paths: [process.cwd(), __dirname] });
    return { dir: path.dirname(pkg), checkout: false };
  } catch {
    throw new Error('cannot find @caselink/node-red-caselink: install it or set CASELINK_PACKAGE_DIR (找不到 CaseLink 软件包)');
  }
}

const pkg = packageDir();
const fromPackage = (file) => require(path.join(pkg.dir, 'dist', file));
const { hardenedSettings, isDemoMode } = fromPackage('security/node-red-settings.js');
const { AdminAuditQueue } = fromPackage('nodes/lib/admin-audit.js');
const { maskingConsoleHandler } = fromPackage('security/log-mask.js');
const { createPlatformCodec } = fromPackage('security/stored-codec.js');

const yes = (value) => /^(1|true|yes)$/i.test(String(value ?? '').trim());
const no = (value) => /^(0|false|no)$/i.test(String(value ?? '').trim());
const hardeningEnv = { ...env };
if (!hardeningEnv.CASELINK_CREDENTIAL_SECRET && env.NODE_RED_CREDENTIAL_SECRET) hardeningEnv.CASELINK_CREDENTIAL_SECRET = env.NODE_RED_CREDENTIAL_SECRET;
if (yes(env.CASELINK_PRODUCTION)) hardeningEnv.CASELINK_DEMO = '0';
else if (no(env.CASELINK_PRODUCTION) && !env.CASELINK_DEMO) hardeningEnv.CASELINK_DEMO = '1';
const demo = isDemoMode(hardeningEnv);
const warn = (text) => console.warn(`[caselink] ${text}`);

const problems = [];
// This runtime's admin audit events wait here until a CaseLink Redis config node's audit log takes them.
const adminAudit = new AdminAuditQueue();
let hardened;
try {
  hardened = hardenedSettings(hardeningEnv, { warn, onAdminAudit: (entry) => adminAudit.record(entry) });
} catch (error) {
  problems.push(error.message);
}
const integrityKeyGiven = Boolean((env.CASELINK_INTEGRITY_KEY || '').trim() || (env.CASELINK_INTEGRITY_KEY_FILE || '').trim());
if (!demo && !integrityKeyGiven) {
  problems.push(
    'CASELINK_INTEGRITY_KEY (or CASELINK_INTEGRITY_KEY_FILE) is required: it seals every stored message, e.g. `openssl rand -base64 32` (必须设置CASELINK_INTEGRITY_KEY，用于存储报文的完整性签名)',
  );
}
try {
  // A malformed integrity or at-rest key stops the start here rather than in the first node.
  if (integrityKeyGiven || (env.CASELINK_AT_REST_KEY || '').trim()) createPlatformCodec(env);
} catch (error) {
  problems.push(error.message);
}
if (problems.length > 0) throw new Error(problems.join('\n'));
if (demo && env.CASELINK_HOST && env.CASELINK_HOST !== '127.0.0.1' && !env.CASELINK_DEMO_HOST) {
  warn(
    `demo mode listens on 127.0.0.1 only, not CASELINK_HOST=${env.CASELINK_HOST} (演示模式仅监听127.0.0.1); set CASELINK_DEMO_HOST to expose a demo deliberately`,
  );
}
if (demo) {
  warn(
    'DEMO MODE (CASELINK_DEMO=1): for a local demonstration only — no login, generated keys. Production: CASELINK_DEMO=0 and the variables of docs/security.md (演示模式，仅供本地演示)',
  );
}

module.exports = {
  // A demo has no login: it listens on the loopback interface only, whatever CASELINK_HOST says,
  // unless CASELINK_DEMO_HOST names another (the compose demo, whose simulators run in another container).
  uiHost: demo ? env.CASELINK_DEMO_HOST || '127.0.0.1' : env.CASELINK_HOST || '127.0.0.1',
  uiPort: Number(env.PORT) || 1880,
  flowFile: env.CASELINK_FLOW_FILE || 'flows.json',
  flowFilePretty: true,
  ...(pkg.checkout ? { nodesDir: [pkg.dir] } : {}),
  ...(env.CASELINK_LANG ? { lang: env.CASELINK_LANG } : {}),
  ...hardened,
  httpNodeRoot: '/',
  apiMaxLength: '20mb',
  telemetry: { enabled: false, updateNotification: false },
  logging: {
    ...hardened.logging,
    // Every console line passes through the personal-data masking (CASELINK_MASK_PERSONAL_DATA=0: off).
    console: { ...hardened.logging.console, level: env.CASELINK_LOG_LEVEL || 'info', handler: maskingConsoleHandler },
  },
  editorTheme: {
    projects: { enabled: false },
    tours: false,
    // The CaseLink category is not listed here: a category listed in the theme takes its label from
    // Node-RED's own catalogue, so it would read "caselink" instead of 政法协同 / CaseLink.
    palette: { categories: ['common', 'function', 'network', 'sequence', 'parser', 'storage'] },
  },
  caselink: {
    adminAudit,
    maxBodyBytes: Number(env.CASELINK_HTTP_MAX_BODY) || 20 * 1024 * 1024,
    bodyTimeoutMs: Number(env.CASELINK_HTTP_BODY_TIMEOUT_MS) || 30_000,
    ...(Number(env.CASELINK_REPLAY_WINDOW_MS) > 0 ? { replayWindowMs: Number(env.CASELINK_REPLAY_WINDOW_MS) } : {}),
  },
};
