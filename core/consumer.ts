import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { DeliveryOutcome } from '../standard/delivery-outcome';
import type { Backoff } from './backoff';
import type { ScriptCommands } from './commands';
import { checkedOutcome, failedOutcome, isThenable, PendingDelivery, type Batch, type Run } from './delivery';
import { errorForCode, ScriptCode } from './errors';
import { latencyBucket } from './figures';
import type { DestinationKeys } from './keys';
import { LinkHold } from './link-hold';
import type { RedisClient } from './redis-connection';
import { RetryPromoter } from './retry-promoter';
import { idBefore, parseEntry, readEntries, type RawEntry, type StreamEntry } from './stream-entry';
import type { ConsumeOptions, DeliveryHandler, ForwardedMessage } from './types';

/** What a Consumer needs from its Forwarder. */
export interface ConsumerContext {
  destination: string;
  keys: DestinationKeys;
  /** Shared non-blocking client. */
  client: RedisClient;
  /** This consumer's own client for XREADGROUP BLOCK; the consumer disconnects it on stop. */
  blocking: RedisClient;
  scripts: ScriptCommands;
  group: string;
  maxAttempts: number;
  backoff: Backoff;
  now: () => number;
  ensureGroup: () => Promise<void>;
  onStopped: () => void;
}

interface PendingCompletion {
  entry: StreamEntry;
  attempt: number;
  bucket: number;
  latencyMs: number;
  outcome: DeliveryOutcome;
}

/** Events: 'delivered', 'retry', 'dead', 'stale', 'held', 'resumed', 'error' (only emitted when listened to). */
export interface ConsumerEvents {
  delivered: { destination: string; messageId: string; orderKey: string; outcome: DeliveryOutcome; attempt: number; latencyMs: number };
  retry: { destination: string; messageId: string; orderKey: string; attempt: number; delayMs: number; reason: string };
  dead: { destination: string; messageId: string; orderKey: string; attempts: number; reason: string };
  stale: { destination: string; count: number };
  /** The link is on hold (or its hold grew): one probe at `probeAt` (clock ms), nothing else until an outcome that is not retryable. */
  held: { destination: string; failures: number; probeAt: number };
  /** A delivery after a hold was not retryable: the link is open again. */
  resumed: { destination: string };
  error: Error;
}

const MAX_COMPLETE_BATCH = 256;
/** Default lease (claimMinIdleMs): a dead consumer's deliveries are taken over after this long without renewal. */
export const DEFAULT_LEASE_MS = 6000;

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export function defaultConsumerName(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/**
 * Delivers one destination's messages to a handler: XREADGROUP on a blocking connection (only as
 * many as free handler slots), handlers with a timeout, outcomes written by Lua scripts — successes
 * batched into one `complete` call that runs while the next batch is read — retry promotion and
 * reclaim of crashed consumers' entries on timers.
 */
export class Consumer<T extends ForwardedMessage = ForwardedMessage> extends EventEmitter {
  readonly name: string;
  readonly destination: string;
  private readonly concurrency: number;
  private readonly handlerTimeoutMs: number;
  private readonly claimMinIdleMs: number;
  private readonly reclaimIntervalMs: number;
  private readonly leaseRenewMs: number;
  private leaseTimer: NodeJS.Timeout | null = null;
  private readonly blockMs: number;
  private readonly retryPollMs: number;
  private readonly stopGraceMs: number;
  private readonly minFetch: number;
  private readonly maxWriting: number;

  private stopping = false;
  private abandoning = false;
  private stopPromise: Promise<void> | null = null;
  /** Handlers running. */
  private running = 0;
  /** Outcomes queued or being written. */
  private writing = 0;
  /** Stream ids taken by this consumer and not yet written (so a reclaim never takes them twice). */
  private readonly inProgress = new Set<string>();
  private readonly batches = new Set<Batch>();
  private completions: PendingCompletion[] = [];
  private flushing = false;
  private flushScheduled = false;
  private slotWaiter: (() => void) | null = null;
  private idleWaiters: Array<() => void> = [];
  private loop: Promise<void> = Promise.resolve();
  private reclaimTimer: NodeJS.Timeout | null = null;
  private readonly promoter: RetryPromoter;
  private claimCursor = '0-0';
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly linkHold: LinkHold | null;
  private holdTimer: NodeJS.Timeout | null = null;
  /** Ends the read being awaited when stop() begins: a blocked read is not waited for (ioredis may
   *  never settle a command queued while it reconnects once the connection is closed by hand). */
  private abandonRead: (() => void) | null = null;

  constructor(
    private readonly ctx: ConsumerContext,
    private readonly handler: DeliveryHandler<T>,
    options: ConsumeOptions = {},
  ) {
    super();
    this.destination = ctx.destination;
    this.name = options.consumer ?? defaultConsumerName();
    this.concurrency = options.concurrency ?? 8;
    this.handlerTimeoutMs = options.handlerTimeoutMs ?? 30_000;
    this.claimMinIdleMs = options.claimMinIdleMs ?? DEFAULT_LEASE_MS;
    this.leaseRenewMs = options.leaseRenewMs ?? Math.max(20, Math.floor(this.claimMinIdleMs / 4));
    this.reclaimIntervalMs = options.reclaimIntervalMs ?? Math.max(100, Math.floor(this.claimMinIdleMs / 2));
    this.blockMs = options.blockMs ?? 5000;
    this.retryPollMs = options.retryPollMs ?? 1000;
    this.stopGraceMs = options.stopGraceMs ?? Math.min(this.handlerTimeoutMs, 10_000);
    this.minFetch = Math.max(1, Math.floor(this.concurrency / 4));
    this.maxWriting = 2 * this.concurrency;
    if (!(Number.isInteger(this.concurrency) && this.concurrency >= 1)) throw new RangeError('concurrency must be an integer ≥ 1');
    if (!(this.claimMinIdleMs >= 2 * this.leaseRenewMs)) {
      throw new RangeError('claimMinIdleMs must be at least twice leaseRenewMs (or a live delivery could be reclaimed between two renewals)');
    }
    this.linkHold = options.linkHold ? new LinkHold(options.linkHold, ctx.backoff) : null;
    this.promoter = new RetryPromoter(ctx.scripts, ctx.keys, ctx.now, this.retryPollMs, (err) => this.emitError(err));
    ctx.blocking.on('error', (err: Error) => this.emitError(err));
  }

  /** Deliveries taken by this consumer and not finished (handler running or outcome being written). */
  get inFlight(): number {
    return this.running + this.writing;
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /** Called once by the Forwarder. */
  start(): void {
    this.loop = this.readLoop();
    this.scheduleReclaim(Math.min(this.reclaimIntervalMs, 50));
    this.scheduleLeaseRenewal();
    this.promoter.schedule(0);
  }

  /**
   * Stops fetching, waits up to stopGraceMs for running handlers, writes their outcomes, and
   * closes the blocking connection. Deliveries abandoned here stay pending in Redis and are
   * reclaimed (by this consumer name on restart at once, by others after claimMinIdleMs).
   */
  stop(): Promise<void> {
    this.stopPromise ??= this.doStop();
    return this.stopPromise;
  }

  private async doStop(): Promise<void> {
    this.stopping = true;
    this.abandonRead?.();
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    this.leaseTimer = null;
    if (this.reclaimTimer) clearTimeout(this.reclaimTimer);
    this.reclaimTimer = null;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    this.promoter.stop();
    this.wakeSlot();
    this.wakeSleepers();
    this.ctx.blocking.disconnect();
    await this.loop;
    if (this.running > 0 || this.writing > 0) await Promise.race([this.idle(), this.sleep(this.stopGraceMs, true)]);
    this.abandoning = true;
    this.abandonRunning();
    this.wakeSleepers();
    await this.idle();
    this.wakeSleepers();
    this.ctx.onStopped();
  }

  private idle(): Promise<void> {
    if (this.running === 0 && this.writing === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private checkIdle(): void {
    if (this.running === 0 && this.writing === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  // ---- fetching -------------------------------------------------------------------------------

  /** How many entries may be taken now: the free handler slots, or while the link is on hold one probe once it is due and nothing runs. */
  private readAllowance(): number {
    const hold = this.linkHold?.state();
    if (hold?.held) return this.running === 0 && this.ctx.now() >= hold.probeAt ? 1 : 0;
    return this.concurrency - this.running;
  }

  private canRead(): boolean {
    const free = this.readAllowance();
    return free > 0 && this.writing < this.maxWriting && (this.running === 0 || free >= this.minFetch);
  }

  private async readLoop(): Promise<void> {
    const { blocking, group, keys } = this.ctx;
    let history = true;
    let cursor = '0';
    let failures = 0;
    while (!this.stopping) {
      if (!this.canRead()) {
        await this.waitForSlot();
        continue;
      }
      const free = this.readAllowance();
      try {
        const read = history
          ? blocking.xreadgroup('GROUP', group, this.name, 'COUNT', free, 'STREAMS', keys.stream, cursor)
          : blocking.xreadgroup('GROUP', group, this.name, 'COUNT', free, 'BLOCK', this.blockMs, 'STREAMS', keys.stream, '>');
        read.catch(() => undefined); // may settle after stop
        const reply = await this.readUnlessStopped(read);
        failures = 0;
        if (this.stopping) break;
        const raw = readEntries(reply);
        if (history) {
          // First our own pending entries from a previous life (same consumer name), then new ones.
          if (raw.length === 0) {
            history = false;
            continue;
          }
          cursor = raw[raw.length - 1]![0];
          await this.dispatchRecovered(raw);
        } else {
          this.dispatchFresh(raw);
        }
      } catch (err) {
        if (this.stopping) break;
        const message = toError(err).message;
        if (message.includes('NOGROUP')) await this.ctx.ensureGroup().catch(() => undefined);
        this.emitError(err);
        failures++;
        await this.sleep(Math.min(2000, 25 * 2 ** failures));
      }
    }
  }

  /**
   * The read's reply, or null once stop() begins. Not a Promise.race with one long-lived stop
   * promise: every race would leave a reaction on it until stop, and a busy consumer reads many
   * times a second (the runtime's heap grew by ~700 B per delivery).
   */
  private readUnlessStopped<T>(read: Promise<T>): Promise<T | null> {
    if (this.stopping) return Promise.resolve(null);
    return new Promise<T | null>((resolve, reject) => {
      this.abandonRead = () => resolve(null);
      read.then(resolve, reject);
    }).finally(() => {
      this.abandonRead = null;
    });
  }

  private waitForSlot(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      this.slotWaiter = resolve;
    });
  }

  private wakeSlot(): void {
    const waiter = this.slotWaiter;
    this.slotWaiter = null;
    waiter?.();
  }

  private maybeWake(): void {
    if (this.slotWaiter && this.canRead()) this.wakeSlot();
  }

  private dispatchFresh(raw: RawEntry[]): void {
    const items: Array<[StreamEntry, number]> = [];
    let missing = false;
    for (const [id, fields] of raw) {
      if (!fields) continue;
      const entry = parseEntry(id, fields);
      this.running++;
      this.inProgress.add(id);
      items.push([entry, entry.attempt]);
      if (entry.payload === undefined) missing = true;
    }
    if (!missing) {
      this.launch(items);
      return;
    }
    void this.loadPayloads(items.map(([entry]) => entry)).then(
      () => this.launch(items),
      (err: unknown) =>
        this.drop(
          items.map(([entry]) => entry),
          err,
        ),
    );
  }

  /** Reads the payloads kept in the msgs hash (entries without `p`) with one HMGET. */
  private async loadPayloads(entries: StreamEntry[]): Promise<void> {
    const missing = entries.filter((e) => e.payload === undefined);
    if (missing.length === 0) return;
    const values = await this.ctx.client.hmget(this.ctx.keys.msgs, ...missing.map((e) => `p${e.messageId}`));
    missing.forEach((e, i) => {
      const value = values[i];
      if (typeof value === 'string') e.payload = value;
    });
  }

  /** Gives up entries locally (Redis failed): they stay pending and are reclaimed later. */
  private drop(entries: StreamEntry[], err: unknown): void {
    this.emitError(err);
    for (const e of entries) {
      this.running--;
      this.inProgress.delete(e.id);
    }
    this.maybeWake();
    this.checkIdle();
  }

  /** Entries delivered before (own history or reclaimed): their attempt counts each delivery. */
  private async dispatchRecovered(raw: RawEntry[]): Promise<void> {
    const { client, keys, group } = this.ctx;
    const live: StreamEntry[] = [];
    const gone: string[] = [];
    for (const [id, fields] of raw) {
      if (this.inProgress.has(id)) continue;
      if (!fields) gone.push(id);
      else {
        live.push(parseEntry(id, fields));
        this.running++;
        this.inProgress.add(id);
      }
    }
    if (gone.length > 0) await client.xack(keys.stream, group, ...gone).catch((err) => this.emitError(err));
    if (live.length === 0) return;
    let counts: number[];
    try {
      const pipeline = client.pipeline();
      for (const e of live) pipeline.xpending(keys.stream, group, e.id, e.id, 1);
      const results = (await pipeline.exec()) ?? [];
      counts = results.map(([err, reply]) => {
        const row = !err && Array.isArray(reply) ? (reply[0] as unknown[] | undefined) : undefined;
        return row ? Number(row[3]) : 1;
      });
      await this.loadPayloads(live);
    } catch (err) {
      this.drop(live, err);
      return;
    }
    if (this.abandoning) {
      for (const e of live) {
        this.running--;
        this.inProgress.delete(e.id);
      }
      this.checkIdle();
      return;
    }
    this.launch(live.map((entry, i) => [entry, entry.attempt + Math.max(0, (counts[i] ?? 1) - 1)]));
  }

  // ---- handling ---------------------------------------------------------------------------------

  /** Starts the handlers of entries already counted in `running`; they share one timeout timer. */
  private launch(items: Array<[StreamEntry, number]>): void {
    if (items.length === 0) return;
    const batch: Batch = { timer: null, open: new Set() };
    for (const [entry, attempt] of items) this.begin(entry, attempt, batch);
    if (batch.open.size > 0) {
      batch.timer = setTimeout(() => this.expire(batch), this.handlerTimeoutMs);
      this.batches.add(batch);
    }
  }

  private begin(entry: StreamEntry, attempt: number, batch: Batch): void {
    if (attempt > this.ctx.maxAttempts) {
      this.handlerDone();
      void this.deadLetter(
        entry,
        `attempt limit (${this.ctx.maxAttempts}) reached; the last delivery was interrupted (consumer crashed, stopped or timed out)`,
        attempt - 1,
        entry.lastError,
      );
      return;
    }
    if (entry.payload === undefined) {
      this.handlerDone();
      void this.deadLetter(entry, 'payload missing', attempt, entry.lastError);
      return;
    }
    let message: T;
    try {
      message = JSON.parse(entry.payload) as T;
    } catch {
      this.handlerDone();
      void this.deadLetter(entry, 'unreadable payload (not JSON)', attempt, entry.lastError);
      return;
    }
    const run: Run = { entry, attempt, batch, abort: null, done: false };
    batch.open.add(run);
    let result: unknown;
    try {
      result = this.handler(new PendingDelivery(this.destination, message, run));
    } catch (err) {
      this.settle(run, failedOutcome(err));
      return;
    }
    if (isThenable(result)) {
      result.then(
        (outcome) => this.settle(run, checkedOutcome(outcome)),
        (err: unknown) => this.settle(run, failedOutcome(err)),
      );
    } else {
      this.settle(run, checkedOutcome(result));
    }
  }

  /** A handler slot becomes free and an outcome is about to be written. */
  private handlerDone(): void {
    this.running--;
    this.writing++;
  }

  /** An outcome was written (or given up at stop). */
  private written(id: string): void {
    this.writing--;
    this.inProgress.delete(id);
    this.maybeWake();
    this.checkIdle();
  }

  private settle(run: Run, outcome: DeliveryOutcome): void {
    if (run.done) return;
    run.done = true;
    const batch = run.batch;
    batch.open.delete(run);
    if (batch.open.size === 0 && batch.timer) {
      clearTimeout(batch.timer);
      batch.timer = null;
      this.batches.delete(batch);
    }
    this.handlerDone();
    const { entry, attempt } = run;
    switch (outcome.kind) {
      case 'accepted':
      case 'duplicate': {
        const latencyMs = Math.max(0, this.ctx.now() - entry.enqueuedAt);
        this.completions.push({ entry, attempt, bucket: latencyBucket(latencyMs), latencyMs, outcome });
        this.scheduleFlush();
        break;
      }
      case 'permanent':
        void this.deadLetter(entry, outcome.reason || 'permanent failure', attempt, outcome.reason);
        break;
      case 'retryable':
        if (attempt >= this.ctx.maxAttempts) {
          void this.deadLetter(entry, `attempt limit (${this.ctx.maxAttempts}) reached`, attempt, outcome.reason);
        } else {
          void this.retry(entry, attempt, outcome.reason || 'retryable failure', outcome.retryAfterMs);
        }
        break;
    }
    if (this.linkHold) this.noteLink(outcome);
    this.maybeWake();
  }

  private noteLink(outcome: DeliveryOutcome): void {
    const hold = this.linkHold!;
    const wasHeld = hold.state().held;
    const retryable = outcome.kind === 'retryable';
    if (hold.record(retryable, this.ctx.now(), retryable ? outcome.retryAfterMs : undefined)) {
      this.armHoldTimer();
      const state = hold.state();
      if (state.held && this.listenerCount('held') > 0) {
        this.emit('held', { destination: this.destination, failures: state.failures, probeAt: state.probeAt } satisfies ConsumerEvents['held']);
      }
    } else if (wasHeld && !retryable) {
      this.armHoldTimer();
      if (this.listenerCount('resumed') > 0) this.emit('resumed', { destination: this.destination } satisfies ConsumerEvents['resumed']);
    }
  }

  /** Wakes the read loop when the held link's probe is due (on the consumer's clock, which may be injected). */
  private armHoldTimer(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    const state = this.linkHold?.state();
    if (!state?.held || this.stopping) return;
    this.holdTimer = setTimeout(
      () => {
        this.holdTimer = null;
        if (this.ctx.now() >= state.probeAt) this.maybeWake();
        else this.armHoldTimer();
      },
      Math.max(10, state.probeAt - this.ctx.now()),
    );
  }

  /** Handler timeout for every delivery of the batch still running. */
  private expire(batch: Batch): void {
    batch.timer = null;
    this.batches.delete(batch);
    const reason = `handler timed out after ${this.handlerTimeoutMs} ms`;
    for (const run of [...batch.open]) {
      (run.abort ??= new AbortController()).abort(new Error(reason));
      this.settle(run, { kind: 'retryable', reason, code: 'HANDLER_TIMEOUT' });
    }
  }

  /** At stop, after the grace period: running deliveries stay pending in Redis for a later reclaim. */
  private abandonRunning(): void {
    for (const batch of this.batches) {
      if (batch.timer) clearTimeout(batch.timer);
      for (const run of batch.open) {
        run.done = true;
        (run.abort ??= new AbortController()).abort(new Error('consumer stopping'));
        this.running--;
        this.inProgress.delete(run.entry.id);
      }
      batch.open.clear();
    }
    this.batches.clear();
    this.checkIdle();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /** Writes queued successes, one `complete` script per batch; retried until it succeeds (or stop gives up). */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    const { scripts, keys, group } = this.ctx;
    let failures = 0;
    try {
      while (this.completions.length > 0) {
        const batch = this.completions.splice(0, MAX_COMPLETE_BATCH);
        let low = batch[0]!.entry.id;
        let high = low;
        const entries: Array<string | number> = [];
        for (const c of batch) {
          const id = c.entry.id;
          if (idBefore(id, low)) low = id;
          if (idBefore(high, id)) high = id;
          entries.push(id, c.entry.messageId, c.entry.orderKey, c.bucket);
        }
        // Everything this consumer may hold in that range: reads, outcomes being written, recovered.
        const limit = this.running + this.writing + this.inProgress.size + this.concurrency + 64;
        try {
          const [, stale] = (await scripts.run('complete', keys, { group, consumer: this.name, firstId: low, lastId: high, limit, entries })) as [
            number,
            number,
          ];
          failures = 0;
          if (stale > 0) this.emitStale(stale);
          const announce = this.listenerCount('delivered') > 0;
          for (const c of batch) {
            this.written(c.entry.id);
            if (announce) {
              this.emit('delivered', {
                destination: this.destination,
                messageId: c.entry.messageId,
                orderKey: c.entry.orderKey,
                outcome: c.outcome,
                attempt: c.attempt,
                latencyMs: c.latencyMs,
              } satisfies ConsumerEvents['delivered']);
            }
          }
        } catch (err) {
          this.emitError(err);
          if (this.abandoning) {
            const dropped = [...batch, ...this.completions];
            this.completions = [];
            for (const c of dropped) this.written(c.entry.id);
            break;
          }
          this.completions.unshift(...batch);
          failures++;
          await this.sleep(Math.min(2000, 25 * 2 ** failures));
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Runs an outcome-writing script until Redis takes it (or stop gives up). */
  private async persist(run: () => Promise<unknown>): Promise<number | null> {
    let failures = 0;
    for (;;) {
      try {
        return Number(await run());
      } catch (err) {
        this.emitError(err);
        if (this.abandoning) return null;
        failures++;
        await this.sleep(Math.min(2000, 25 * 2 ** failures));
      }
    }
  }

  private async retry(entry: StreamEntry, attempt: number, reason: string, retryAfterMs?: number): Promise<void> {
    try {
      const delayMs = this.ctx.backoff.delay(attempt, retryAfterMs);
      const dueAt = this.ctx.now() + delayMs;
      const { scripts, keys, group } = this.ctx;
      const code = await this.persist(() =>
        scripts.run('retry', keys, { group, consumer: this.name, streamId: entry.id, messageId: entry.messageId, dueAt, attempt: attempt + 1, reason }),
      );
      if (code === 1) {
        this.promoter.schedule(delayMs);
        if (this.listenerCount('retry') > 0) {
          this.emit('retry', {
            destination: this.destination,
            messageId: entry.messageId,
            orderKey: entry.orderKey,
            attempt,
            delayMs,
            reason,
          } satisfies ConsumerEvents['retry']);
        }
      } else if (code === ScriptCode.NotOwner) this.emitStale(1);
    } finally {
      this.written(entry.id);
    }
  }

  private async deadLetter(entry: StreamEntry, reason: string, attempts: number, lastError?: string): Promise<void> {
    try {
      const { scripts, keys, group } = this.ctx;
      const code = await this.persist(() =>
        scripts.run('dead', keys, {
          group,
          consumer: this.name,
          streamId: entry.id,
          messageId: entry.messageId,
          reason,
          attempts,
          lastError: lastError ?? '',
          now: this.ctx.now(),
        }),
      );
      if (code === 1) {
        if (this.listenerCount('dead') > 0) {
          this.emit('dead', {
            destination: this.destination,
            messageId: entry.messageId,
            orderKey: entry.orderKey,
            attempts,
            reason,
          } satisfies ConsumerEvents['dead']);
        }
      } else if (code === ScriptCode.NotOwner) this.emitStale(1);
      else if (code !== null && code < 0 && code !== ScriptCode.NotFound) this.emitError(errorForCode(code, 'dead-letter'));
    } finally {
      this.written(entry.id);
    }
  }

  // ---- leases: a live consumer keeps its deliveries ------------------------------------------------

  private scheduleLeaseRenewal(): void {
    if (this.stopping) return;
    this.leaseTimer = setTimeout(() => {
      this.leaseTimer = null;
      void this.renewLeases().finally(() => this.scheduleLeaseRenewal());
    }, this.leaseRenewMs);
    this.leaseTimer.unref?.();
  }

  /**
   * Resets the idle time of every delivery this consumer still holds (XCLAIM … JUSTID to itself,
   * which neither counts a delivery nor moves the entry), so another instance reclaims an entry
   * only when its holder has not renewed it for claimMinIdleMs: a dead instance's deliveries are
   * taken over in seconds, a slow live handler's never. Only entries still pending for this
   * consumer are renewed (XPENDING … consumer), so an entry another instance already took over is
   * never taken back.
   */
  private async renewLeases(): Promise<void> {
    if (this.inProgress.size === 0 || this.stopping) return;
    const { client, keys, group } = this.ctx;
    try {
      const pending = (await client.xpending(keys.stream, group, '-', '+', Math.max(this.inProgress.size, this.concurrency) * 2, this.name)) as Array<
        [string, string, number, number]
      >;
      const mine = pending.map((entry) => entry[0]).filter((id) => this.inProgress.has(id));
      if (mine.length > 0) await client.call('XCLAIM', keys.stream, group, this.name, '0', ...mine, 'JUSTID');
    } catch (err) {
      this.emitError(err);
    }
  }

  // ---- reclaim of crashed consumers' entries -----------------------------------------------------

  private scheduleReclaim(delayMs: number): void {
    if (this.stopping) return;
    if (this.reclaimTimer) clearTimeout(this.reclaimTimer);
    this.reclaimTimer = setTimeout(() => {
      this.reclaimTimer = null;
      void this.reclaim();
    }, delayMs);
  }

  /** XAUTOCLAIM entries idle longer than claimMinIdleMs (their consumer died) into this consumer. */
  private async reclaim(): Promise<void> {
    if (this.stopping) return;
    const { client, keys, group } = this.ctx;
    let again = false;
    try {
      const free = this.readAllowance();
      if (free > 0 && this.writing < this.maxWriting) {
        const reply = (await client.xautoclaim(keys.stream, group, this.name, this.claimMinIdleMs, this.claimCursor, 'COUNT', free)) as [
          string,
          RawEntry[],
          string[]?,
        ];
        if (this.stopping) return;
        const [cursor, entries] = reply;
        this.claimCursor = cursor;
        if (entries.length > 0) await this.dispatchRecovered(entries);
        again = cursor !== '0-0' && entries.length > 0;
      }
    } catch (err) {
      if (toError(err).message.includes('NOGROUP')) await this.ctx.ensureGroup().catch(() => undefined);
      else this.emitError(err);
    }
    this.scheduleReclaim(again ? 0 : this.reclaimIntervalMs);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private sleep(ms: number, alwaysWait = false): Promise<void> {
    if (this.abandoning && !alwaysWait) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          resolve();
        }, ms),
        resolve,
      };
      this.sleepers.add(sleeper);
    });
  }

  private wakeSleepers(): void {
    for (const s of this.sleepers) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleepers.clear();
  }

  private emitStale(count: number): void {
    if (this.listenerCount('stale') > 0) this.emit('stale', { destination: this.destination, count } satisfies ConsumerEvents['stale']);
  }

  private emitError(err: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', toError(err));
  }
}
