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
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { ConsoleApi, ConsoleError, DeliveryRate } from '../console/api';
import { CONSOLE_ROUTES, type ConsolePermission } from '../console/routes';
import { crossOriginRefusal } from '../console/same-origin';
import type { Forwarder } from '../core/index';
import { AuditLog } from '../security/audit-log';
import { maskText } from '../security/mask';
import { openForDisplay } from '../security/stored-codec';
import { codecOf } from './lib/security';
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
const PUBLIC_DIR = join(__dirname, '..', 'console', 'public');
const STATIC_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};
const SAMPLE_INTERVAL_MS = 30_000;
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

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
          audit: new AuditLog(client, { prefix: forwarder.prefix }),
          openMessage: (stored, destination) => openForDisplay(codecOf(RED), stored, destination),
        },
        {
          rate,
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

  function auditRefusal(operator: { user: string }, subject: string, err: unknown): void {
    const reason = maskText(err instanceof Error ? err.message : String(err));
    const code = err instanceof ConsoleError ? err.code : 'INTERNAL';
    consoleApi()
      .then((api) => api.noteRefusal({ user: operator.user }, subject, reason, { code }))
      .catch((e: unknown) => RED.log.warn(`caselink console: refusal not audited (拒绝未写入审计日志): ${maskText(e instanceof Error ? e.message : String(e))}`));
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
          return route.handle(consoleApi, request);
        })
        .then((result) => res.json(result))
        .catch((err) => {
          fail(res, err);
          // Every refused state-changing request is in the audit chain (best effort: it is refused either way).
          if (changesState) auditRefusal(request.operator, `${route.method.toUpperCase()} ${req.originalUrl?.split('?')[0] ?? route.path}`, err);
        });
    });
  }

  // The page itself holds no data (like the editor's own page, which a browser must load before it
  // can present a token); everything it shows comes from the protected API above.
  const serve: Handler = (req, res) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    if (!path.endsWith('/') && !req.params.file) {
      res.redirect(301, `${path.slice(path.lastIndexOf('/') + 1)}/`);
      return;
    }
    const file = req.params.file ?? 'index.html';
    const type = STATIC_FILES[file];
    if (!type) {
      res.status(404).json({ error: 'not found (未找到)' });
      return;
    }
    readFile(join(PUBLIC_DIR, file)).then(
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

  // Sample the links in the background too, so the delivered-per-hour window covers the runtime's
  // uptime rather than only the time someone had the console open.
  const sampler = setInterval(() => {
    consoleApi()
      .then((api) => api.links())
      .catch(() => undefined);
  }, SAMPLE_INTERVAL_MS);
  sampler.unref();
}
