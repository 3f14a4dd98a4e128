/**
 * Header and request timeouts of the Node-RED HTTP server. Node-RED creates its server with
 * Node's defaults (headers 60 s, request 300 s, checked every 30 s), so a client dripping its
 * headers held a connection for about 87 s. Node checks those two only on its own 30 s interval,
 * so the header deadline is also enforced per connection here: a connection whose request headers
 * are not complete within `headersTimeoutMs` of it opening (or of its previous answer, on a
 * keep-alive connection) is closed.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ServerTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 };

const applied = new WeakSet<Server>();

/** Reads CASELINK_HTTP_HEADERS_TIMEOUT_MS / CASELINK_HTTP_REQUEST_TIMEOUT_MS (positive whole ms), else the defaults. */
export function serverTimeoutsFromEnv(env: NodeJS.ProcessEnv): ServerTimeouts {
  const read = (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  const headersTimeoutMs = read('CASELINK_HTTP_HEADERS_TIMEOUT_MS', DEFAULT_SERVER_TIMEOUTS.headersTimeoutMs);
  const requestTimeoutMs = Math.max(read('CASELINK_HTTP_REQUEST_TIMEOUT_MS', DEFAULT_SERVER_TIMEOUTS.requestTimeoutMs), headersTimeoutMs);
  return { headersTimeoutMs, requestTimeoutMs };
}

/** Applies the timeouts to `server` once (a redeploy calls it again; it is applied once per server). */
export function applyServerTimeouts(server: Server | undefined, timeouts: ServerTimeouts): void {
  if (!server || applied.has(server)) return;
  applied.add(server);
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.requestTimeoutMs;
  const waiting = new WeakMap<Socket, NodeJS.Timeout>();
  const arm = (socket: Socket) => {
    clearTimeout(waiting.get(socket));
    const timer = setTimeout(() => socket.destroy(), timeouts.headersTimeoutMs);
    timer.unref();
    waiting.set(socket, timer);
  };
  // Over TLS the request's socket is the TLS socket, which 'secureConnection' hands out.
  const opened = 'setSecureContext' in server ? 'secureConnection' : 'connection';
  server.on(opened, (socket: Socket) => {
    arm(socket);
    socket.once('close', () => clearTimeout(waiting.get(socket)));
  });
  // An upgraded connection (the editor's WebSocket) is no longer HTTP: its deadline ends here.
  server.on('upgrade', (req) => clearTimeout(waiting.get(req.socket)));
  server.on('request', (req, res) => {
    const socket = req.socket;
    clearTimeout(waiting.get(socket));
    res.once('finish', () => {
      if (!socket.destroyed) arm(socket);
    });
  });
}
