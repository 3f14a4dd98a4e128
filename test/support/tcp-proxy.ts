/**
 * A TCP proxy a test controls, for cutting one client off from a server (a Redis node, a
 * Sentinel) without touching the server or the other clients: `cut(ms)` drops every connection
 * through the proxy and refuses new ones (accepted and reset at once) for `ms` milliseconds.
 * Loopback only.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The port clients connect to instead of the target's. */
  readonly port: number;
  readonly target: { host: string; port: number };
  /** Drops every open connection and refuses new ones until `ms` have passed. */
  cut(ms: number): void;
  /** Whether the proxy is cut right now. */
  readonly isCut: boolean;
  /** Connections dropped or refused while cut, so far. */
  readonly dropped: number;
  close(): Promise<void>;
}

/** Closes with a TCP reset where the socket allows it (a connected one), else plainly. */
function reset(socket: Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const host = target.host ?? '127.0.0.1';
  const open = new Set<Socket>();
  let cutUntil = 0;
  let dropped = 0;
  const isCut = () => Date.now() < cutUntil;

  const server: Server = createServer((client) => {
    if (isCut()) {
      dropped++;
      reset(client);
      return;
    }
    const upstream = createConnection({ host, port: target.port });
    open.add(client);
    open.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('tcp proxy: no address');

  return {
    port: address.port,
    target: { host, port: target.port },
    cut(ms) {
      cutUntil = Date.now() + ms;
      for (const socket of open) {
        dropped++;
        reset(socket);
      }
      open.clear();
    },
    get isCut() {
      return isCut();
    },
    get dropped() {
      return dropped;
    },
    close() {
      for (const socket of open) socket.destroy();
      open.clear();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
