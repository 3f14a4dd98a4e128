/**
 * The CaseLink operator console as a Node-RED plugin: the page under
 * `<httpAdminRoot>/caselink/console/` and its JSON API under `<httpAdminRoot>/caselink/api/`,
 * behind the runtime's adminAuth (`caselink.read` to look, `caselink.write` to replay, discard or
 * reveal personal data). The editor half (caselink-console.html) adds the sidebar tab.
 *
 * It needs no settings of its own: it reads the platform through the flows' CaseLink Redis config
 * node (the same connection, prefix and credentials the delivery nodes use), found with
 * RED.nodes.eachNode; `settings.caselink.console.redisNode` picks one when there are several.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { ConsoleApi, ConsoleDownload, ConsoleError, DeliveryRate, consoleLabels, directoryView, type DossierSources } from '../console/api';
import { CONSOLE_ROUTES, type ConsolePermission, type ConsolePlatform } from '../console/routes';
import { crossOriginRefusal } from '../console/same-origin';
import { adaptersOf } from './lib/adapters';
import { configuredInstances, directoryOf } from './lib/directory';
import type { Forwarder } from '../core/index';
import { AuditLog } from '../security/audit-log';
import { maskText } from '../security/mask';
import { openForDisplay } from '../security/stored-codec';
import { codecOf, existingSecurityOf } from './lib/security';
import { cryptoProfileFromEnv, profileDigest } from '../security/crypto-profile';
import { platformDossierOf } from './lib/dossier';
import { ingressTotals } from './lib/ingress-figures';
import { platformMetrics } from '../console/metrics';
import { applyServerTimeouts, serverTimeoutsFromEnv } from './lib/server-timeouts';
import { CN_CALENDAR } from '../standard/clocks/sample-calendar-cn';
import { Tracker } from '../tracking/index';
import type { SharedForwarder } from './lib/shared-forwarder';
import type { RedisConfigNode } from './caselink-redis';
import type { NodeAPI } from './node-red';

/** The Express request and response parts the plugin uses. */
interface AdminRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body?: unknown;
  originalUrl: string;
  headers?: Record<string, string | undefined>;
  user?: { username?: string };
  authInfo?: { scope?: string | string[] };
}
interface AdminResponse {
  status(code: number): AdminResponse;
  json(body: unknown): void;
  setHeader(name: string, value: string): void;
  redirect(status: number, url: string): void;
  send(body: string | Buffer): void;
  headersSent?: boolean;
}
type Handler = (req: AdminRequest, res: AdminResponse, next: (err?: unknown) => void) => void;
interface AdminApp {
  get(path: string, ...handlers: Handler[]): void;
  post(path: string, ...handlers: Handler[]): void;
}

/** The runtime API a plugin receives (the slice used here). */
export interface PluginAPI extends Pick<NodeAPI, 'log' | 'settings'> {
  nodes: { getNode(id: string): unknown; eachNode(cb: (node: { id: string; type: string }) => void): void };
  plugins: { registerPlugin(id: string, definition: Record<string, unknown>): void };
  httpAdmin: AdminApp;
  /** Node-RED's HTTP server (absent in some test harnesses). */
  server?: Server;
  auth: { needsPermission(permission: string): Handler };
}

export const CONSOLE_PLUGIN_ID = 'caselink-console';

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
const PUBLIC_DIR = join(__dirname, '..', 'console', 'public');
/** The page's strings live beside the nodes' catalogues: locales/<lang>/console-page.json. */
const LOCALES_DIR = join(__dirname, 'locales');
const PAGE_LOCALES = ['zh-CN', 'en-US'];
const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
};
/** The page's files: index.html, app.css and the ES modules under js/ (no build step, no other path). */
const PAGE_FILE = /^(index\.html|app\.css|js\/(views\/)?[a-z][a-z0-9-]*\.js)$/;
const SAMPLE_INTERVAL_MS = 30_000;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

/** Node-RED's own rule (editor-api/lib/auth/permissions.js): `*`, an exact scope, or `read`/`write` for any `x.read`/`x.write`. */
export function scopeAllows(scope: string | string[] | undefined, permission: string): boolean {
  if (scope === undefined) return false;
  if (Array.isArray(scope)) return scope.some((s) => scopeAllows(s, permission));
  if (scope === '*' || scope === permission) return true;
  if (scope === 'read' || scope === '*.read') return /^((.+)\.)?read$/.test(permission);
  if (scope === 'write' || scope === '*.write') return /^((.+)\.)?write$/.test(permission);
  return false;
}

interface ConsoleSettings {
  /** Id of the CaseLink Redis config node to read when the flows hold several. */
  redisNode?: string;
  /** Health thresholds (ms). */
  slowAfterMs?: number;
  stalledAfterMs?: number;
}

export default function register(RED: PluginAPI): void {
  const settings = ((RED.settings.caselink as { console?: ConsoleSettings } | undefined)?.console ?? {}) as ConsoleSettings;
  const adminAuth = Boolean(RED.settings.adminAuth);
  const rate = new DeliveryRate();
  const apis = new WeakMap<Forwarder, ConsoleApi>();
  const acquiring = new WeakMap<SharedForwarder, Promise<Forwarder | undefined>>();

  RED.plugins.registerPlugin(CONSOLE_PLUGIN_ID, { type: 'caselink-console' });

  // The directory and the adapters of this runtime, read on each request: a redeploy shows a changed directory.
  const runtime = RED as unknown as NodeAPI;
  const systems = () => adaptersOf(runtime).list();
  const directory = () => directoryOf(runtime);
  const configured = () => configuredInstances(runtime);
  const platform: ConsolePlatform = {
    labels: () => consoleLabels(systems(), directory()),
    directory: () => directoryView(directory(), systems(), configured()),
  };

  function redisConfigNode(): RedisConfigNode | undefined {
    const ids: string[] = [];
    try {
      RED.nodes.eachNode((node) => {
        if (node.type === 'caselink-redis') ids.push(node.id);
      });
    } catch {
      return undefined; // no flows started yet
    }
    const id = settings.redisNode && ids.includes(settings.redisNode) ? settings.redisNode : ids.sort()[0];
    return id ? ((RED.nodes.getNode(id) as RedisConfigNode | null) ?? undefined) : undefined;
  }

  function dossierSourcesOf(forwarder: Parameters<typeof platformDossierOf>[1]): { dossier?: DossierSources } {
    try {
      const dossier = platformDossierOf(RED, forwarder);
      return dossier ? { dossier: { store: dossier.runtime.store, index: dossier.index, ledger: dossier.ledger } } : {};
    } catch (err) {
      RED.log.warn(`caselink console: ${maskText(err instanceof Error ? err.message : String(err))}`);
      return {};
    }
  }

  async function consoleApi(): Promise<ConsoleApi> {
    const config = redisConfigNode();
    if (!config?.shared) {
      throw new ConsoleError(503, 'NO_REDIS_NODE', 'no CaseLink Redis config node is deployed (未部署 CaseLink Redis 配置节点)');
    }
    let forwarder = config.shared.current;
    if (!forwarder) {
      // The console holds the connection too, so it can show the platform while no flow node uses it.
      let ready = acquiring.get(config.shared);
      if (!ready) {
        ready = config.shared.acquire(CONSOLE_PLUGIN_ID);
        acquiring.set(config.shared, ready);
        void ready.finally(() => acquiring.delete(config.shared));
      }
      forwarder = await Promise.race([ready, new Promise<undefined>((r) => setTimeout(() => r(undefined), 3000).unref())]);
      if (!forwarder) {
        const state = config.shared.state;
        const why = state.state === 'connecting' && state.lastError ? `: ${state.lastError}` : '';
        throw new ConsoleError(503, 'REDIS_UNAVAILABLE', `Redis at ${config.where} is not connected${why} (Redis 未连接)`);
      }
    }
    let api = apis.get(forwarder);
    if (!api) {
      const client = forwarder.client;
      api = new ConsoleApi(
        {
          forwarder,
          tracker: new Tracker({ redis: client, prefix: forwarder.prefix, calendar: CN_CALENDAR, validate: false }),
          audit: new AuditLog(client, { prefix: forwarder.prefix, hashAlgorithm: profileDigest(cryptoProfileFromEnv()) }),
          openMessage: (stored, destination) => openForDisplay(codecOf(RED), stored, destination),
          ...dossierSourcesOf(forwarder),
        },
        {
          rate,
          directory,
          systems,
          configured,
          health: {
            ...(settings.slowAfterMs ? { slowAfterMs: settings.slowAfterMs } : {}),
            ...(settings.stalledAfterMs ? { stalledAfterMs: settings.stalledAfterMs } : {}),
          },
        },
      );
      apis.set(forwarder, api);
    }
    return api;
  }

  function operatorOf(req: AdminRequest): { user: string; canWrite: boolean } {
    if (!adminAuth) return { user: 'anonymous', canWrite: true };
    return { user: req.user?.username || 'unknown', canWrite: scopeAllows(req.authInfo?.scope, 'caselink.write') };
  }

  function fail(res: AdminResponse, err: unknown): void {
    if (res.headersSent) return;
    if (err instanceof ConsoleError) {
      res.status(err.status).json({ error: err.message, code: err.code });
      return;
    }
    const message = maskText(err instanceof Error ? err.message : String(err));
    RED.log.warn(`caselink console: ${message}`);
    res.status(500).json({ error: `${message} (控制台内部错误)`, code: 'INTERNAL' });
  }

  function sendDownload(res: AdminResponse, file: ConsoleDownload): void {
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    file.body.on('error', () => (res as unknown as { destroy(): void }).destroy());
    file.body.pipe(res as unknown as NodeJS.WritableStream);
  }

  function auditRefusal(operator: { user: string }, subject: string, err: unknown): void {
    const reason = maskText(err instanceof Error ? err.message : String(err));
    const code = err instanceof ConsoleError ? err.code : 'INTERNAL';
    consoleApi()
      .then((api) => api.noteRefusal({ user: operator.user }, subject, reason, { code }))
      .catch((e: unknown) =>
        RED.log.warn(`caselink console: refusal not audited (拒绝未写入审计日志): ${maskText(e instanceof Error ? e.message : String(e))}`),
      );
  }

  applyServerTimeouts(RED.server, serverTimeoutsFromEnv(process.env));

  const app = RED.httpAdmin;
  const permission = (p: ConsolePermission) => RED.auth.needsPermission(p);

  for (const route of CONSOLE_ROUTES) {
    app[route.method](`/caselink/api${route.path}`, permission(route.permission), (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      const request = { params: req.params ?? {}, query: req.query ?? {}, body: req.body, operator: operatorOf(req) };
      const changesState = route.method !== 'get';
      Promise.resolve()
        .then(() => {
          const crossOrigin = changesState ? crossOriginRefusal(req.headers ?? {}) : undefined;
          if (crossOrigin) throw new ConsoleError(403, 'CROSS_ORIGIN', crossOrigin);
          return route.handle(consoleApi, request, platform);
        })
        .then((result) => (result instanceof ConsoleDownload ? sendDownload(res, result) : res.json(result)))
        .catch((err) => {
          fail(res, err);
          // Every refused state-changing request is in the audit chain (best effort: it is refused either way).
          if (changesState) auditRefusal(request.operator, `${route.method.toUpperCase()} ${req.originalUrl?.split('?')[0] ?? route.path}`, err);
        });
    });
  }

  // Prometheus: <admin>/caselink/metrics, with an admin token that has caselink.read, or the scrape
  // token of CASELINK_METRICS_TOKEN / settings.caselink.metrics.token (Prometheus' bearer token).
  const scrapeToken = (
    process.env.CASELINK_METRICS_TOKEN ??
    (RED.settings.caselink as { metrics?: { token?: string } } | undefined)?.metrics?.token ??
    ''
  ).trim();
  const readPermission = RED.auth.needsPermission('caselink.read');
  const metricsAuth: Handler = (req, res, next) => {
    const header = (req as AdminRequest & { headers?: Record<string, string | undefined> }).headers?.authorization ?? '';
    if (scrapeToken !== '' && header.startsWith('Bearer ') && sameSecret(header.slice(7).trim(), scrapeToken)) return next();
    return readPermission(req, res, next);
  };
  app.get('/caselink/metrics', metricsAuth, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    consoleApi()
      .then(async (api) => {
        const [links, tracking] = await Promise.all([api.links(), api.trackingMetrics().catch(() => undefined)]);
        const text = platformMetrics({
          version: packageVersion(),
          links,
          ingress: ingressTotals(RED),
          ...(existingSecurityOf(RED, api.forwarder) ? { audit: existingSecurityOf(RED, api.forwarder)!.figures } : {}),
          ...(tracking === undefined ? {} : { tracking }),
        });
        res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
        res.send(text);
      })
      .catch((err) => fail(res, err));
  });

  // The page itself holds no data (like the editor's own page, which a browser must load before it
  // can present a token); everything it shows comes from the protected API above.
  const serve: Handler = (req, res) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    if (!path.endsWith('/') && !req.params.file) {
      res.redirect(301, `${path.slice(path.lastIndexOf('/') + 1)}/`);
      return;
    }
    const file = [req.params.dir, req.params.sub, req.params.file ?? 'index.html'].filter(Boolean).join('/');
    const locale = /^locales\/([a-zA-Z-]+)\.json$/.exec(file);
    const known = locale ? PAGE_LOCALES.includes(locale[1]!) : PAGE_FILE.test(file);
    if (!known) {
      res.status(404).json({ error: 'not found (未找到)' });
      return;
    }
    const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)]!;
    readFile(locale ? join(LOCALES_DIR, locale[1]!, 'console-page.json') : join(PUBLIC_DIR, file)).then(
      (body) => {
        res.setHeader('Content-Type', type);
        res.setHeader('Content-Security-Policy', CSP);
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'no-referrer');
        res.setHeader('Cache-Control', 'no-cache');
        res.send(body);
      },
      (err) => fail(res, err),
    );
  };
  app.get('/caselink/console', serve);
  app.get('/caselink/console/:file', serve);
  app.get('/caselink/console/:dir/:file', serve);
  app.get('/caselink/console/:dir/:sub/:file', serve);

  // Sample the links in the background too, so the delivered-per-hour window covers the runtime's
  // uptime rather than only the time someone had the console open.
  const sampler = setInterval(() => {
    consoleApi()
      .then((api) => api.links())
      .catch(() => undefined);
  }, SAMPLE_INTERVAL_MS);
  sampler.unref();
}
