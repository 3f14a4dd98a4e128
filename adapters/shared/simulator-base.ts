/**
 * The shared half of every legacy-system simulator: a real node:http server with the /_sim
 * control API (adapters/simulator-types.ts), fault playing, idempotent receiving, an outbox store
 * for poll systems, a body size limit and a clean close. A system simulator supplies a
 * SimulatorBehaviour: how to authenticate, decode and answer in its own format, and any extra
 * routes (outbox fetch/ack for poll systems).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { UnifiedMessage } from '../../standard/schema/message';
import { validateMessage } from '../../standard/validate';
import type { FaultRule, ReceivedRecord, Simulator, SimulatorFault, SimulatorOptions } from '../simulator-types';
import type { AuthResult, Credentials, DecodeResult, SystemKind } from '../types';
import type { MappingIssue } from './issues';
import { BodyTooLarge, flattenHeaders, readRequestBody } from './http-request';

/** One request as a simulator sees it. Header names are lower-case. */
export interface SimRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path and query exactly as in the request line (what request signatures cover). */
  target: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}

/** One answer in the system's own format. */
export interface SimReply {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** What a receiving endpoint made of one pushed request. */
export interface SimDecoded {
  /** The legacy message id (the idempotency key), when it could be read. */
  legacyId?: string;
  /** The unified message when the body mapped cleanly. */
  message?: UnifiedMessage;
  /** Why the body was refused; empty or absent when it mapped. */
  issues?: MappingIssue[];
  /** The body as text for the received log (e.g. GBK decoded); defaults to UTF-8. */
  text?: string;
}

/** How a system answers on its receiving endpoint, in its own format. */
export interface ReceiveAnswers {
  accepted(legacyId: string | undefined, receipt: string): SimReply;
  duplicate(legacyId: string | undefined, receipt: string | undefined): SimReply;
  rejected(legacyId: string | undefined, issues: MappingIssue[]): SimReply;
  /** A fault rule `{kind:'answer', code, message}`: answer with this system code. */
  code(code: string, message: string | undefined, legacyId: string | undefined): SimReply;
}

/** The endpoint the platform pushes to. */
export interface ReceivingEndpoint {
  matches(request: SimRequest): boolean;
  decode(request: SimRequest): SimDecoded;
  answers: ReceiveAnswers;
}

/** Any other endpoint of the system (outbox fetch, ack …). */
export interface SimRoute {
  matches(request: SimRequest): boolean;
  /** Whether fault rules are played on this route too (default true). */
  faults?: boolean;
  /** Whether authenticate() guards this route (default true). */
  authenticated?: boolean;
  handle(request: SimRequest, context: SimContext): SimReply | Promise<SimReply>;
  /** Used for `answer` faults on this route; defaults to the receiving endpoint's `code`. */
  faultAnswer?(code: string, message: string | undefined): SimReply;
}

export interface SimulatorBehaviour {
  kind: SystemKind;
  /** Checks the request's credentials per the system's specification. */
  authenticate?(request: SimRequest, credentials: Credentials, now: number): AuthResult;
  /** The system's answer to a request that failed authenticate(). */
  unauthorized(reason: string, request: SimRequest): SimReply;
  receive?: ReceivingEndpoint;
  routes?: SimRoute[];
  /** Poll systems: the legacy id an outbox entry gets (default: the unified messageId). */
  outboxId?(message: UnifiedMessage): string;
}

/** What a route handler may use. */
export interface SimContext {
  readonly credentials: Credentials;
  readonly outbox: OutboxStore;
  now(): number;
}

export interface OutboxEntry {
  /** Position in the outbox, 1-based, increasing. */
  seq: number;
  id: string;
  message: UnifiedMessage;
  acked: boolean;
}

/** A poll system's outbox: entries stay until acknowledged. */
export class OutboxStore {
  private entries: OutboxEntry[] = [];
  private nextSeq = 1;

  add(message: UnifiedMessage, id: string = message.messageId): OutboxEntry {
    const entry: OutboxEntry = { seq: this.nextSeq++, id, message, acked: false };
    this.entries.push(entry);
    return entry;
  }

  /** Unacknowledged entries with seq greater than `afterSeq` (all when undefined), at most `max`. */
  page(afterSeq: number | undefined, max: number): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (const entry of this.entries) {
      if (out.length >= max) break;
      if (!entry.acked && (afterSeq === undefined || entry.seq > afterSeq)) out.push(entry);
    }
    return out;
  }

  /** Marks entries acknowledged; returns the ids that were known. */
  ack(ids: readonly string[]): string[] {
    const wanted = new Set(ids);
    const known: string[] = [];
    for (const entry of this.entries) {
      if (wanted.has(entry.id)) {
        entry.acked = true;
        known.push(entry.id);
      }
    }
    return known;
  }

  pending(): string[] {
    return this.entries.filter((e) => !e.acked).map((e) => e.id);
  }

  all(): readonly OutboxEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
    this.nextSeq = 1;
  }
}

export interface BaseSimulatorOptions extends SimulatorOptions {
  /** Bodies larger than this are answered 413 (default 20 MiB). */
  maxBodyBytes?: number;
}

/** Simulator plus a few test conveniences. */
export interface BaseSimulator extends Simulator {
  readonly outbox: OutboxStore;
  /** Unified messages received and counted as new deliveries, in arrival order. */
  acceptedMessages(): UnifiedMessage[];
  /** The active fault rule, with `times` counting down. */
  currentFault(): FaultRule | null;
}

const DEFAULT_MAX_BODY = 20 * 1024 * 1024;
/** Where a simulator serves the files it names by URL. */
const FILES_PATH = '/files/';

/** Picks the first message or the first rejection out of a codec DecodeResult. */
export function simDecodedFrom(result: DecodeResult, text?: string): SimDecoded {
  const decoded = result.messages[0];
  if (decoded) return { legacyId: decoded.message.messageId, message: decoded.message, text: text ?? decoded.raw };
  const rejected = result.rejected[0];
  if (rejected) return { legacyId: rejected.legacyId, issues: rejected.issues, text: text ?? rejected.raw };
  return { issues: [{ field: 'body', reason: 'holds no message (报文为空)' }], text };
}

/**
 * The decode step of a system that takes only the message types it receives (`received`): its
 * codec's first message, or, for any other type, a refusal with `refusal`'s field and reason.
 */
export function decodeReceived(
  decode: (body: Buffer, headers: Record<string, string>) => DecodeResult,
  received: ReadonlySet<string>,
  refusal: { field: string; reason: string },
): (request: SimRequest) => SimDecoded {
  return (request) => {
    const decoded = simDecodedFrom(decode(request.body, request.headers));
    if (decoded.message && !received.has(decoded.message.messageType))
      return { ...decoded, issues: [{ field: refusal.field, value: decoded.message.messageType, reason: refusal.reason }] };
    return decoded;
  };
}

/** Simulator error answers for requests the system does not know. */
function plain(status: number, text: string): SimReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

function json(status: number, value: unknown): SimReply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

function isFaultRule(value: unknown): value is FaultRule {
  if (value === null || typeof value !== 'object') return false;
  const fault = (value as { fault?: SimulatorFault }).fault;
  if (fault === null || typeof fault !== 'object') return false;
  switch (fault.kind) {
    case 'answer':
      return typeof fault.code === 'string';
    case 'http':
      return typeof fault.status === 'number' && fault.status >= 100 && fault.status <= 599;
    case 'slow':
      return typeof fault.delayMs === 'number' && fault.delayMs >= 0;
    case 'hang':
    case 'duplicate':
    case 'down':
      return true;
    default:
      return false;
  }
}

/**
 * Starts a simulator for one system. Faults play on the receiving endpoint and on routes that do
 * not opt out; the /_sim control API is never faulted or authenticated.
 */
export async function startBaseSimulator(behaviour: SimulatorBehaviour, options: BaseSimulatorOptions): Promise<BaseSimulator> {
  const now = options.now ?? Date.now;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const received: ReceivedRecord[] = [];
  const receipts = new Map<string, string>();
  const outbox = new OutboxStore();
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let fault: FaultRule | null = null;
  let receiptSeq = 0;
  let closing = false;
  const context: SimContext = { credentials: options.credentials, outbox, now };

  /** Takes the active fault for one request, counting `times` down. */
  function takeFault(): SimulatorFault | undefined {
    if (!fault) return undefined;
    const taken = fault.fault;
    if (fault.times !== undefined) {
      fault = fault.times <= 1 ? null : { ...fault, times: fault.times - 1 };
    }
    return taken;
  }

  function send(res: ServerResponse, reply: SimReply): void {
    if (res.writableEnded || res.destroyed) return;
    const body = reply.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
    res.end(body);
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  function record(request: SimRequest, decoded: SimDecoded | undefined, accepted: boolean, status: number): void {
    received.push({
      at: now(),
      path: request.path,
      headers: request.headers,
      body: decoded?.text ?? request.body.toString('utf8'),
      ...(decoded?.message ? { message: decoded.message } : {}),
      ...(decoded?.legacyId !== undefined ? { legacyId: decoded.legacyId } : {}),
      accepted,
      status,
    });
  }

  /**
   * Transport faults (down, hang, http, slow) play before anything else. Returns 'handled' when the
   * request was consumed, or the answer-level fault (answer/duplicate) left for the endpoint.
   */
  async function playTransportFault(
    res: ServerResponse,
    taken: SimulatorFault | undefined,
    onConsumed: (status: number) => void,
  ): Promise<'handled' | SimulatorFault | undefined> {
    if (!taken) return undefined;
    switch (taken.kind) {
      case 'down':
        onConsumed(0);
        res.socket?.destroy();
        return 'handled';
      case 'hang':
        onConsumed(0);
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return 'handled';
      case 'http': {
        onConsumed(taken.status);
        const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
        if (taken.retryAfterSeconds !== undefined) headers['retry-after'] = String(taken.retryAfterSeconds);
        send(res, { status: taken.status, headers, body: `simulated HTTP ${taken.status}` });
        return 'handled';
      }
      case 'slow':
        await delay(taken.delayMs);
        return undefined;
      default:
        return taken;
    }
  }

  function authenticate(request: SimRequest): SimReply | undefined {
    if (!behaviour.authenticate) return undefined;
    const result = behaviour.authenticate(request, options.credentials, now());
    return result.ok ? undefined : behaviour.unauthorized(result.reason, request);
  }

  async function handleReceive(endpoint: ReceivingEndpoint, request: SimRequest, res: ServerResponse): Promise<void> {
    const taken = takeFault();
    let decoded: SimDecoded | undefined;
    // A request lost to a transport fault is still logged with what it carried (id, message).
    const decodeForLog = (): SimDecoded | undefined => {
      try {
        return endpoint.decode(request);
      } catch {
        return undefined;
      }
    };
    const transport = await playTransportFault(res, taken, (status) => record(request, decodeForLog(), false, status));
    if (transport === 'handled') return;
    const refused = authenticate(request);
    if (refused) {
      record(request, undefined, false, refused.status);
      send(res, refused);
      return;
    }
    // eslint-disable-next-line prefer-const -- declared above, before the closures that read it
    decoded = endpoint.decode(request);
    const legacyId = decoded.legacyId;
    let reply: SimReply;
    let accepted = false;
    if (transport?.kind === 'answer') {
      reply = endpoint.answers.code(transport.code, transport.message, legacyId);
    } else if (transport?.kind === 'duplicate') {
      reply = endpoint.answers.duplicate(legacyId, legacyId === undefined ? undefined : receipts.get(legacyId));
    } else if (!decoded.message || (decoded.issues && decoded.issues.length > 0)) {
      reply = endpoint.answers.rejected(legacyId, decoded.issues ?? []);
    } else if (legacyId !== undefined && receipts.has(legacyId)) {
      reply = endpoint.answers.duplicate(legacyId, receipts.get(legacyId));
    } else {
      const receipt = `SIM-${behaviour.kind.toUpperCase()}-${String(++receiptSeq).padStart(6, '0')}`;
      if (legacyId !== undefined) receipts.set(legacyId, receipt);
      reply = endpoint.answers.accepted(legacyId, receipt);
      accepted = true;
    }
    record(request, decoded, accepted, reply.status);
    send(res, reply);
  }

  // Files the system hands over by URL (attachments sent by reference), behind its own authentication.
  const files = new Map<string, Buffer>();
  const fileRoute: SimRoute = {
    matches: (r) => r.method === 'GET' && r.path.startsWith(FILES_PATH),
    handle: (r) => {
      const file = files.get(decodeURIComponent(r.path.slice(FILES_PATH.length)));
      return file ? { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: file } : plain(404, `no such file ${r.path} (文件不存在)`);
    },
  };

  async function handleRoute(route: SimRoute, request: SimRequest, res: ServerResponse): Promise<void> {
    if (route.faults !== false) {
      const taken = takeFault();
      const transport = await playTransportFault(res, taken, () => undefined);
      if (transport === 'handled') return;
      if (transport?.kind === 'answer') {
        const { code, message } = transport;
        if (route.faultAnswer) send(res, route.faultAnswer(code, message));
        else if (behaviour.receive) send(res, behaviour.receive.answers.code(code, message, undefined));
        else send(res, plain(500, `simulated answer ${code}`));
        return;
      }
    }
    if (route.authenticated !== false) {
      const refused = authenticate(request);
      if (refused) {
        send(res, refused);
        return;
      }
    }
    send(res, await route.handle(request, context));
  }

  function parseControlJson(request: SimRequest): unknown {
    try {
      return JSON.parse(request.body.toString('utf8'));
    } catch {
      return undefined;
    }
  }

  function handleControl(request: SimRequest): SimReply {
    const key = `${request.method} ${request.path}`;
    switch (key) {
      case 'GET /_sim/received':
        return json(200, received);
      case 'POST /_sim/fault': {
        const body = parseControlJson(request);
        if (body && typeof body === 'object' && (body as { clear?: unknown }).clear === true) {
          fault = null;
          return json(200, { fault: null });
        }
        if (!isFaultRule(body)) return json(400, { error: 'expected a FaultRule {"fault":{"kind":…},"times"?:n} or {"clear":true}' });
        fault = body;
        return json(200, { fault });
      }
      case 'GET /_sim/fault':
        return json(200, { fault });
      case 'POST /_sim/outbox': {
        const body = parseControlJson(request);
        const checked = validateMessage(body);
        if (!checked.ok) return json(400, { error: 'not a valid unified message', issues: checked.issues });
        const entry = outbox.add(checked.message, behaviour.outboxId?.(checked.message));
        return json(201, { id: entry.id, seq: entry.seq });
      }
      case 'GET /_sim/outbox':
        return json(200, { pending: outbox.pending(), items: outbox.all() });
      case 'POST /_sim/reset':
        resetState();
        return json(200, { reset: true });
      default:
        return json(404, { error: `no control endpoint ${key}` });
    }
  }

  function resetState(): void {
    received.length = 0;
    receipts.clear();
    outbox.clear();
    files.clear();
    fault = null;
    receiptSeq = 0;
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    let body: Buffer;
    try {
      body = await readRequestBody(req, { limit: maxBody, checkDeclaredLength: true });
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        send(res, plain(413, `body larger than ${maxBody} bytes is refused (报文过大)`));
        return;
      }
      throw error;
    }
    const request: SimRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      target: req.url ?? '/',
      query: url.searchParams,
      headers: flattenHeaders(req),
      body,
    };
    if (request.path.startsWith('/_sim/')) {
      send(res, handleControl(request));
      return;
    }
    if (behaviour.receive && request.method === 'POST' && behaviour.receive.matches(request)) {
      await handleReceive(behaviour.receive, request, res);
      return;
    }
    const route = fileRoute.matches(request) ? fileRoute : behaviour.routes?.find((r) => r.matches(request));
    if (route) {
      await handleRoute(route, request, res);
      return;
    }
    send(res, plain(404, `no such endpoint ${request.method} ${request.path} (接口不存在)`));
  }

  const server: Server = createServer((req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      send(res, plain(500, `simulator error: ${error instanceof Error ? error.message : String(error)}`));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator has no TCP address');
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    received,
    outbox,
    setFault(rule: FaultRule | null): void {
      fault = rule;
    },
    currentFault: () => fault,
    addToOutbox(message: UnifiedMessage): void {
      outbox.add(message, behaviour.outboxId?.(message));
    },
    pendingOutbox: () => outbox.pending(),
    serveFile(name: string, bytes: Buffer): string {
      files.set(name, bytes);
      return `http://${urlHost}:${address.port}${FILES_PATH}${encodeURIComponent(name)}`;
    },
    acceptedMessages: () => received.flatMap((r) => (r.accepted && r.message ? [r.message] : [])),
    reset: resetState,
    close(): Promise<void> {
      if (closing) return Promise.resolve();
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const res of hanging) res.destroy();
      hanging.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
