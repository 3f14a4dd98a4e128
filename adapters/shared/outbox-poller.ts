/**
 * Polls a legacy outbox (court, justice): fetch a page after the saved cursor → hand it to the
 * callback (which stores it durably) → acknowledge only after the callback succeeded → save the
 * cursor. A failing callback means no ack and no cursor move, so the same messages come again.
 */
import type { CursorStore, LegacyClient, OutboxPage } from '../types';

export interface OutboxPollerOptions {
  client: Pick<LegacyClient, 'fetchOutbox' | 'ack'>;
  cursorStore: CursorStore;
  /**
   * Receives every page that holds messages or rejected items. It must store them durably
   * (enqueue the messages, archive the rejected with their raw text) before it resolves.
   */
  onPage(page: OutboxPage): Promise<void>;
  /** Messages per fetch, 1-100 (default 50). */
  batchSize?: number;
  /** Wait after an empty page (default 5 s). */
  idleDelayMs?: number;
  /** First wait after a failure, doubled up to maxErrorDelayMs (default 1 s → 60 s). */
  errorDelayMs?: number;
  maxErrorDelayMs?: number;
  onError?(error: unknown): void;
}

export interface PollResult {
  /** Messages and rejected items handed to the callback. */
  handed: number;
  acked: number;
  cursor: string | undefined;
}

export class OutboxPoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OutboxPollerOptions) {
    if (!options.client.fetchOutbox || !options.client.ack) throw new Error('this client has no outbox (fetchOutbox/ack)');
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** One round: fetch, hand over, ack, save. Throws when any step fails (nothing is acked then). */
  async pollOnce(): Promise<PollResult> {
    const { client, cursorStore, onPage } = this.options;
    const cursor = await cursorStore.load();
    const page = await client.fetchOutbox!(cursor, this.options.batchSize ?? 50);
    const handed = page.decoded.messages.length + page.decoded.rejected.length;
    if (handed > 0) await onPage(page);
    if (page.ids.length > 0) await client.ack!(page.ids);
    if (page.nextCursor !== undefined && page.nextCursor !== cursor) await cursorStore.save(page.nextCursor);
    return { handed, acked: page.ids.length, cursor: page.nextCursor ?? cursor };
  }

  /** Starts polling in the background; pages are drained back to back, then idleDelayMs between polls. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the round in progress (a callback running is awaited, never cut off). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    const idle = this.options.idleDelayMs ?? 5000;
    const firstErrorDelay = this.options.errorDelayMs ?? 1000;
    const maxErrorDelay = this.options.maxErrorDelayMs ?? 60_000;
    let errorDelay = firstErrorDelay;
    while (this.running) {
      let wait: number;
      try {
        const result = await this.pollOnce();
        errorDelay = firstErrorDelay;
        wait = result.handed > 0 ? 0 : idle;
      } catch (error) {
        this.options.onError?.(error);
        wait = errorDelay;
        errorDelay = Math.min(errorDelay * 2, maxErrorDelay);
      }
      if (this.running && wait > 0) await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.timer);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      this.timer = setTimeout(done, ms);
    });
  }
}
