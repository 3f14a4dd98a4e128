/**
 * A loopback HTTP server that must never be called: hostile input naming its URL (an external DTD,
 * a remote entity) would make a careless parser fetch from it. A test checks `hits()` stays 0.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface Trap {
  /** A DTD URL on the trap. */
  url(): string;
  hits(): number;
}

/** Starts the trap (answering `bait` to whoever calls) before the file's tests and closes it after them. */
export function trapForFile(bait: string): Trap {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end(bait);
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())));
  return {
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.dtd`,
    hits: () => hits,
  };
}
