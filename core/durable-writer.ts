import type { ChainableCommander } from 'ioredis';
import type { EnqueueArgs, ScriptCommands } from './commands';
import { BackpressureError, CoreError, toBackpressure } from './errors';
import type { DestinationKeys } from './keys';
import type { RedisClient, WaitAofDurability } from './redis-connection';

/** Enqueue calls committed together behind one WAITAOF at most. */
const MAX_GROUP = 64;

interface Waiting {
  /** Adds the write to the round's pipeline. */
  queue: (pipeline: ChainableCommander) => void;
  resolve: (reply: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Enqueue under `waitaof` durability. WAITAOF blocks the connection that sent it until that
 * connection's writes are fsynced (or its timeout passes), so these writes go through a connection
 * of their own — the shared one keeps serving consumers, completions and figures meanwhile — and
 * concurrent enqueues share one WAITAOF (group commit): each round pipelines the enqueue scripts
 * waiting for one destination (one slot, so one node in a Cluster) and one WAITAOF after them.
 * A call resolves only when that WAITAOF confirmed the required counts; otherwise it rejects with
 * NOT_DURABLE (the message may still be stored and delivered: a resend is then a duplicate).
 */
export class DurableWriter {
  private readonly waiting = new Map<string, Waiting[]>();

  constructor(
    /** Used for nothing else (its commands may wait up to timeoutMs behind a WAITAOF). */
    readonly client: RedisClient,
    private readonly scripts: ScriptCommands,
    private readonly durability: WaitAofDurability,
  ) {}

  /** Runs the enqueue script; resolves with its reply once WAITAOF confirmed it. */
  enqueue(destination: string, keys: DestinationKeys, args: EnqueueArgs): Promise<unknown> {
    return this.write(destination, (pipeline) => this.scripts.queue(pipeline, 'enqueue', keys, args));
  }

  /**
   * Runs one write script of a destination (an array reply: written; a negative number: nothing
   * written, that is the answer); resolves with its reply once WAITAOF confirmed it.
   */
  write(destination: string, queue: Waiting['queue']): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const waiting = this.waiting.get(destination);
      if (waiting) {
        waiting.push({ queue, resolve, reject });
        return;
      }
      this.waiting.set(destination, [{ queue, resolve, reject }]);
      void this.drain(destination);
    });
  }

  /** Commits the destination's waiting calls round after round; calls arriving meanwhile join the next round. */
  private async drain(destination: string): Promise<void> {
    const queue = this.waiting.get(destination)!;
    while (queue.length > 0) await this.commit(queue.splice(0, MAX_GROUP));
    this.waiting.delete(destination);
  }

  /** One round; never throws (every call of the group is settled). */
  private async commit(group: Waiting[]): Promise<void> {
    const { numlocal, numreplicas, timeoutMs } = this.durability;
    let replies: Array<[Error | null, unknown]>;
    try {
      const pipeline = this.client.pipeline();
      for (const w of group) w.queue(pipeline);
      pipeline.call('WAITAOF', numlocal, numreplicas, timeoutMs);
      replies = (await pipeline.exec()) ?? [];
    } catch (err) {
      replies = group.map(() => [err as Error, null]);
    }
    const [waitErr, counts] = replies[group.length] ?? [replies[0]?.[0] ?? new Error('no WAITAOF reply (WAITAOF 无应答)'), null];
    let notDurable: unknown = null;
    if (waitErr) {
      // The writes before it may have happened: a refused WAITAOF (e.g. appendonly turned off at
      // run time) is NOT_DURABLE, not a success and not an untyped error.
      const mapped = toBackpressure(waitErr);
      notDurable =
        mapped instanceof CoreError
          ? mapped
          : new BackpressureError('NOT_DURABLE', `WAITAOF failed: ${waitErr.message} (持久化确认失败)`, { cause: waitErr });
    } else {
      const [local = 0, replicas = 0] = Array.isArray(counts) ? counts.map(Number) : [];
      if (local < numlocal || replicas < numreplicas) {
        notDurable = new BackpressureError(
          'NOT_DURABLE',
          `WAITAOF confirmed ${local} local / ${replicas} replica fsyncs, ${numlocal} / ${numreplicas} needed within ${timeoutMs} ms ` +
            `(持久化确认不足：本地 ${local}/${numlocal}，副本 ${replicas}/${numreplicas})`,
        );
      }
    }
    group.forEach((w, i) => {
      const [err, reply] = replies[i] ?? [new Error('no enqueue reply (入队无应答)'), null];
      if (err) w.reject(toBackpressure(err));
      // A negative code means nothing was written (e.g. BACKLOG_FULL): that is the answer.
      else if (notDurable && typeof reply !== 'number') w.reject(notDurable);
      else w.resolve(reply);
    });
  }
}
