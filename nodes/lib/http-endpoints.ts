/**
 * POST endpoints on RED.httpNode. One dispatching middleware per app and a table of path →
 * handler that nodes add to and remove from, so a redeploy never leaves a stale route behind.
 *
 * Legacy bodies must arrive as the exact bytes sent (GBK XML, signed JSON, raw input kept in
 * quarantine), but Node-RED's admin app, mounted on the same root app, parses JSON bodies of every
 * request. As Node-RED's own http-in node does for its raw-body routes, a capture middleware is put
 * at the top of the root app's stack: for CaseLink paths it reads the raw bytes first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTimeout, BodyTooLarge, readRequestBody } from '../../adapters/shared/http-request';
import { OVERSIZE_HEAD_BYTES } from '../../ingress/push-ingress';
import type { HttpApp } from '../node-red';

export type EndpointHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The request as the capture middleware leaves it. */
export type CapturedRequest = IncomingMessage & {
  body?: unknown;
  _body?: boolean;
  caselinkBodyTooLarge?: boolean;
  /** The body did not arrive within the time allowed (slow drip): the handler refuses it. */
  caselinkBodyTimedOut?: boolean;
  path?: string;
  originalUrl?: string;
};

interface ExpressLike extends HttpApp {
  parent?: ExpressLike;
  _router?: { stack: Array<{ handle: unknown }> };
  router?: { stack: Array<{ handle: unknown }> };
}

/** A streamed endpoint: `<path>/<last segment>` by method, the body left unread for the handler. */
export type StreamHandler = (req: IncomingMessage, res: ServerResponse, segment: string) => void;

interface Table {
  handlers: Map<string, EndpointHandler>;
  /**
   * `METHOD <path>` → handlers of `<path>/<segment>` requests (PUT uploads, GET links); the first
   * serves, the others (shared routes only) stand by and take over when it is removed.
   */
  streams: Map<string, { shared: boolean; handlers: StreamHandler[] }>;
  /** Full paths (httpNodeRoot + path) whose bodies the capture reads, with their handler. */
  rawPaths: Map<string, EndpointHandler>;
  nodeRoot: string;
}

const tables = new WeakMap<HttpApp, Table>();

export function normalisePath(path: string): string {
  const trimmed = path.trim();
  const withSlash = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}

export function isValidPath(path: string): boolean {
  return /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(normalisePath(path));
}

function pathOf(req: CapturedRequest): string {
  const path = new URL(req.originalUrl ?? req.url ?? '/', 'http://x').pathname;
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function rootApp(app: ExpressLike): ExpressLike {
  let root = app;
  while (root.parent) root = root.parent;
  return root;
}

type Middleware = (req: CapturedRequest, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Runs express-style middleware in order, then `last`. */
function chain(middleware: Middleware[], req: CapturedRequest, res: ServerResponse, last: () => void, fail: (err: unknown) => void): void {
  let i = 0;
  const next = (err?: unknown): void => {
    if (err) return fail(err);
    const m = middleware[i++];
    if (!m) return last();
    try {
      m(req, res, next);
    } catch (e) {
      fail(e);
    }
  };
  next();
}

/**
 * Reads the raw body of CaseLink POSTs before any body parser (sets req.body to a Buffer). With no
 * `httpNodeAuth` in the settings it also answers them right here, after `httpNodeMiddleware` —
 * sparing every legacy request the admin app's and the node app's middleware stacks; with
 * `httpNodeAuth` the request takes the ordinary way so the authentication applies.
 */
function rawCapture(table: Table, limit: number, timeoutMs: number, direct: Middleware[] | undefined) {
  return (req: CapturedRequest, res: ServerResponse, next: (err?: unknown) => void) => {
    if (req.method !== 'POST' || req._body) return next();
    const path = pathOf(req);
    const handler = table.rawPaths.get(path);
    if (!handler) return next();
    const finish = (body: Buffer) => {
      req.body = body;
      req._body = true; // body-parser (the admin app's) leaves it alone
      if (direct) chain(direct, req, res, () => handler(req, res), next);
      else next();
    };
    readRequestBody(req, { limit, timeoutMs, keepHeadBytes: OVERSIZE_HEAD_BYTES }).then(finish, (err: unknown) => {
      if (err instanceof BodyTooLarge) {
        req.caselinkBodyTooLarge = true;
        finish(err.head);
      } else if (err instanceof BodyTimeout) {
        // A body dripping in slower than this is refused, and its connection closed once answered.
        req.caselinkBodyTimedOut = true;
        res.once('finish', () => req.socket?.destroy());
        finish(Buffer.alloc(0));
      } else next(err);
    });
  };
}

export interface EndpointOptions {
  /** RED.settings.httpNodeRoot. */
  nodeRoot?: string;
  maxBodyBytes: number;
  /** Longest time to receive a body (default 30 s). */
  bodyTimeoutMs?: number;
  /** RED.settings.httpNodeAuth: when set, requests go through the ordinary chain. */
  nodeAuth?: unknown;
  /** RED.settings.httpNodeMiddleware, applied to CaseLink endpoints too. */
  nodeMiddleware?: unknown;
}

function tableFor(app: HttpApp, options: EndpointOptions): Table {
  let table = tables.get(app);
  if (table) return table;
  const own: Table = { handlers: new Map(), streams: new Map(), rawPaths: new Map(), nodeRoot: normalisePath(options.nodeRoot || '/') };
  table = own;
  tables.set(app, own);
  const root = rootApp(app as ExpressLike);
  const middleware = (Array.isArray(options.nodeMiddleware) ? options.nodeMiddleware : options.nodeMiddleware ? [options.nodeMiddleware] : []) as Middleware[];
  const capture = rawCapture(own, options.maxBodyBytes, options.bodyTimeoutMs ?? 30_000, options.nodeAuth ? undefined : middleware);
  root.use(capture as never);
  const stack = (root._router ?? root.router)?.stack;
  const index = stack?.findIndex((layer) => layer.handle === capture) ?? -1;
  if (stack && index > 0) stack.unshift(stack.splice(index, 1)[0]!);
  app.use((req, res, next) => {
    if (req.method !== 'POST') {
      const path = req.path ?? new URL(req.url ?? '/', 'http://x').pathname;
      const cut = path.lastIndexOf('/');
      const stream = cut > 0 ? own.streams.get(`${req.method} ${path.slice(0, cut)}`)?.handlers[0] : undefined;
      return stream ? stream(req, res, decodeURIComponent(path.slice(cut + 1))) : next();
    }
    const url = req.path ?? new URL(req.url ?? '/', 'http://x').pathname;
    const found = own.handlers.get(url.length > 1 ? url.replace(/\/+$/, '') : url);
    if (!found) return next();
    found(req, res);
  });
  return own;
}

/** Adds a POST endpoint; returns its removal. Throws when another node holds the path. */
export function mountEndpoint(app: HttpApp, path: string, handler: EndpointHandler, options: EndpointOptions): () => void {
  const table = tableFor(app, options);
  const key = normalisePath(path);
  if (table.handlers.has(key)) throw new Error(`path ${key} is already used by another CaseLink inbound node (路径已被占用)`);
  const full = table.nodeRoot === '/' ? key : normalisePath(`${table.nodeRoot}${key}`);
  table.handlers.set(key, handler);
  table.rawPaths.set(full, handler);
  return () => {
    if (table.handlers.get(key) === handler) {
      table.handlers.delete(key);
      table.rawPaths.delete(full);
    }
  };
}

/**
 * Adds a streamed endpoint for `<method> <path>/<segment>` (the request body is not read: an
 * upload streams through the handler). Returns its removal; throws when the route is taken.
 * A `shared` route (the same service offered by several nodes, such as the links of one receiver
 * served by each of its deliver nodes) is answered by the first node that mounted it; the others
 * stand by in order and take over when it is removed.
 */
export function mountStreamEndpoint(
  app: HttpApp,
  method: 'PUT' | 'GET',
  path: string,
  handler: StreamHandler,
  options: EndpointOptions & { shared?: boolean },
): () => void {
  const table = tableFor(app, options);
  const key = `${method} ${normalisePath(path)}`;
  const shared = options.shared === true;
  const route = table.streams.get(key);
  if (route && !(route.shared && shared)) throw new Error(`${key} is already used by another CaseLink node (路径已被占用)`);
  if (route) route.handlers.push(handler);
  else table.streams.set(key, { shared, handlers: [handler] });
  return () => {
    const current = table.streams.get(key);
    if (!current) return;
    current.handlers = current.handlers.filter((h) => h !== handler);
    if (current.handlers.length === 0) table.streams.delete(key);
  };
}
