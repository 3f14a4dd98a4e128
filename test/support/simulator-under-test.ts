/**
 * A legacy system's simulator for one test file — started before its tests, reset before each,
 * closed after them — and clients of the adapter pointed at it.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Simulator } from '../../adapters/simulator-types';
import type { ClientOptions, Credentials, LegacyClient } from '../../adapters/types';

export interface ClientChoice {
  /** Default: the file's `timeoutMs`. */
  timeoutMs?: number;
  /** Replaces the named credential fields (a wrong secret or token). */
  credentials?: Credentials;
  now?: () => number;
}

export interface SimulatorUnderTest<S> {
  /** The running simulator. */
  simulator(): S;
  client(choice?: ClientChoice): LegacyClient;
}

export function simulatorUnderTest<S extends Simulator>(
  start: () => Promise<S>,
  createClient: (options: ClientOptions) => LegacyClient,
  defaults: { credentials: Credentials; timeoutMs: number },
): SimulatorUnderTest<S> {
  let simulator: S | undefined;
  beforeAll(async () => {
    simulator = await start();
  });
  afterAll(async () => {
    await simulator?.close();
  });
  beforeEach(() => simulator!.reset());
  return {
    simulator: () => simulator!,
    client: (choice = {}) =>
      createClient({
        baseUrl: simulator!.url,
        credentials: { ...defaults.credentials, ...choice.credentials },
        timeoutMs: choice.timeoutMs ?? defaults.timeoutMs,
        ...(choice.now && { now: choice.now }),
      }),
  };
}
