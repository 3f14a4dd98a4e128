'use strict';
/**
 * Node-RED settings shipped with CaseLink. Everything site-specific comes from the environment
 * (docs/nodes-and-flows.md lists every variable); nothing secret is written here.
 *
 *   PORT / CASELINK_HOST            where the editor and the HTTP endpoints listen (1880, 127.0.0.1)
 *   NODE_RED_CREDENTIAL_SECRET      key that encrypts flows_cred.json (required in production)
 *   CASELINK_ADMIN_USER             editor/admin API user name, with
 *   CASELINK_ADMIN_PASSWORD_HASH    its bcrypt hash (`npx node-red admin hash-pw`) (required in production)
 *   CASELINK_PRODUCTION=1           refuse to start without the two above
 *   CASELINK_PACKAGE_DIR            load @caselink/node-red-caselink from this checkout (nodesDir)
 *   CASELINK_FLOW_FILE              flow file name in the userDir (flows.json)
 *   CASELINK_LANG                   runtime language for status texts and logs (en-US, zh-CN)
 *   CASELINK_LOG_LEVEL              fatal | error | warn | info | debug | trace (info)
 *   CASELINK_HTTP_MAX_BODY          largest legacy message body accepted, bytes (CaseLink inbound nodes)
 */
const fs = require('node:fs');
const path = require('node:path');

const env = process.env;
const production = env.CASELINK_PRODUCTION === '1' || env.CASELINK_PRODUCTION === 'true';

function packageDir() {
  const candidates = [env.CASELINK_PACKAGE_DIR, path.resolve(__dirname, '..')].filter(Boolean);
  for (const dir of candidates) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === '@caselink/node-red-caselink') return dir;
    } catch {
      // not a checkout: the package is installed in node_modules instead (Docker)
    }
  }
  return undefined;
}

function adminAuth() {
  const user = env.CASELINK_ADMIN_USER;
  const hash = env.CASELINK_ADMIN_PASSWORD_HASH;
  if (!user || !hash) {
    if (production) {
      throw new Error('CASELINK_PRODUCTION is set: CASELINK_ADMIN_USER and CASELINK_ADMIN_PASSWORD_HASH are required (生产模式必须设置管理员用户与密码哈希)');
    }
    return undefined;
  }
  return { type: 'credentials', users: [{ username: user, password: hash, permissions: '*' }] };
}

if (production && !env.NODE_RED_CREDENTIAL_SECRET) {
  throw new Error('CASELINK_PRODUCTION is set: NODE_RED_CREDENTIAL_SECRET is required (生产模式必须设置凭据加密密钥)');
}

const dir = packageDir();

module.exports = {
  uiHost: env.CASELINK_HOST || '127.0.0.1',
  uiPort: Number(env.PORT) || 1880,
  flowFile: env.CASELINK_FLOW_FILE || 'flows.json',
  flowFilePretty: true,
  credentialSecret: env.NODE_RED_CREDENTIAL_SECRET || undefined,
  adminAuth: adminAuth(),
  ...(dir ? { nodesDir: [dir] } : {}),
  ...(env.CASELINK_LANG ? { lang: env.CASELINK_LANG } : {}),
  httpNodeRoot: '/',
  httpAdminRoot: '/',
  apiMaxLength: '20mb',
  logging: {
    console: { level: env.CASELINK_LOG_LEVEL || 'info', metrics: false, audit: false },
  },
  exportGlobalContextKeys: false,
  externalModules: {
    palette: { allowInstall: !production },
    modules: { allowInstall: !production },
  },
  functionExternalModules: false,
  editorTheme: {
    projects: { enabled: false },
    tours: false,
    palette: { categories: ['caselink', 'common', 'function', 'network', 'sequence', 'parser', 'storage'] },
  },
  caselink: {
    maxBodyBytes: Number(env.CASELINK_HTTP_MAX_BODY) || 20 * 1024 * 1024,
  },
};
