import { EventEmitter } from 'node:events';
import type { Forwarder } from '../../core/index';

export type ConnectionState = { state: 'idle' } | { state: 'connecting'; attempt: number; lastError?: string } | { state: 'connected' } | { state: 'closed' };

export interface SharedForwarderOptions {
  create: () => Promise<Forwarder>;
  /** Delay before the n-th retry of a failed create (1-based). Default 500 ms doubling to 30 s. */
  retryDelayMs?: (attempt: number) => number;
}

/**
 * One Forwarder shared by every user of a Redis config node (the MQTT broker node's
 * register/deregister pattern): the first `acquire` connects, retrying in the background until
 * Redis is there; the last `release` closes it. `current` is the live forwarder or undefined, so
 * users never wait for a connection while a legacy sender waits for its answer.
 */
export class SharedForwarder extends EventEmitter<{ state: [ConnectionState] }> {
  private readonly users = new Set<string>();
  private forwarder: Forwarder | undefined;
  private connecting: Promise<Forwarder | undefined> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private generation = 0;
  private closed = false;
  private stateValue: ConnectionState = { state: 'idle' };
  private readonly waiters = new Set<(f: Forwarder | undefined) => void>();

  constructor(private readonly options: SharedForwarderOptions) {
    super();
    // One listener per user node: a hub has dozens.
    this.setMaxListeners(0);
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get current(): Forwarder | undefined {
    return this.forwarder;
  }

  get userCount(): number {
    return this.users.size;
  }

  /** Registers a user; connects on the first. Resolves when connected (undefined if released or closed first). */
  acquire(userId: string): Promise<Forwarder | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    this.users.add(userId);
    if (this.forwarder) return Promise.resolve(this.forwarder);
    this.connecting ??= this.connectLoop(this.generation);
    return new Promise((resolve) => {
      this.waiters.add(resolve);
    });
  }

  /** Deregisters a user; after the last one the forwarder is closed (its consumers stop first). */
  async release(userId: string): Promise<void> {
    this.users.delete(userId);
    if (this.users.size === 0) await this.shutdown(false);
  }

  /** Closes for good (config node removed or redeployed). */
  async close(): Promise<void> {
    this.users.clear();
    await this.shutdown(true);
  }

  private setState(state: ConnectionState): void {
    this.stateValue = state;
    this.emit('state', state);
  }

  private async shutdown(final: boolean): Promise<void> {
    if (final) this.closed = true;
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.wakeRetry?.();
    this.connecting = undefined;
    for (const waiter of this.waiters) waiter(undefined);
    this.waiters.clear();
    const forwarder = this.forwarder;
    this.forwarder = undefined;
    if (forwarder) await forwarder.close().catch(() => undefined);
    this.setState(this.closed ? { state: 'closed' } : { state: 'idle' });
  }

  private async connectLoop(generation: number): Promise<Forwarder | undefined> {
    const delay = this.options.retryDelayMs ?? ((n: number) => Math.min(30_000, 500 * 2 ** (n - 1)));
    for (let attempt = 1; generation === this.generation; attempt++) {
      this.setState({ state: 'connecting', attempt, ...(attempt > 1 && this.lastError ? { lastError: this.lastError } : {}) });
      try {
        const forwarder = await this.options.create();
        if (generation !== this.generation) {
          await forwarder.close().catch(() => undefined);
          return undefined;
        }
        forwarder.setMaxListeners(0);
        this.forwarder = forwarder;
        this.connecting = undefined;
        this.setState({ state: 'connected' });
        for (const waiter of this.waiters) waiter(forwarder);
        this.waiters.clear();
        return forwarder;
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
        this.setState({ state: 'connecting', attempt, lastError: this.lastError });
        if (generation !== this.generation) return undefined;
        await new Promise<void>((resolve) => {
          this.wakeRetry = resolve;
          this.retryTimer = setTimeout(resolve, delay(attempt));
        });
        this.wakeRetry = undefined;
      }
    }
    return undefined;
  }

  private lastError: string | undefined;
}
