import { EventEmitter } from 'node:events';
import { Backoff } from './backoff';
import { ScriptCommands, type EnqueueArgs } from './commands';
import { Consumer } from './consumer';
import { DeadLetters } from './dead-letters';
import { DEFAULT_WAITAOF_CONNECTIONS, DurableWriter } from './durable-writer';
import { ConfigurationError, errorForCode, toBackpressure, ValidationError } from './errors';
import { FigureWatcher } from './figure-watcher';
import { FiguresReader, type DestinationFigures } from './figures';
import { destinationKeys, destinationsKey, validatePrefix, type DestinationKeys } from './keys';
import { connectClient, createRedisConnection, verifyServer, type RedisClient, type WaitAofDurability } from './redis-connection';
import type { CaseLane, ConsumeOptions, DeliveryHandler, DestinationSettings, EnqueueItem, EnqueueResult, ForwardedMessage, ForwarderOptions } from './types';

const DAY = 86_400_000;
const MAX_ENQUEUE_BATCH = 500;
/** Dead-letter reads are kept as long as a resend is recognised as a duplicate (dedupWindowMs default). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 30;

export const DEFAULT_DESTINATION_SETTINGS: DestinationSettings = {
  maxAttempts: 10,
  backoff: {},
  maxBacklog: 100_000,
};

export interface ForwarderEvents {
  /** A watched destination's figures changed (throttled to figuresIntervalMs). */
  figures: [DestinationFigures];
  /** Background failures (figures polling, destination registration). */
  error: [Error];
  newListener: [eventName: string | symbol, listener: (...args: unknown[]) => void];
  removeListener: [eventName: string | symbol, listener: (...args: unknown[]) => void];
}

/**
 * The forwarding core's entry point: durable idempotent enqueue, consumers, dead letters, figures.
 * Create with `await Forwarder.create(options)`; end with `await close()` (stops its consumers and
 * closes every connection and timer).
 */
export class Forwarder extends EventEmitter<ForwarderEvents> {
  readonly prefix: string;
  readonly group: string;
  readonly deadLetters: DeadLetters;
  private readonly now: () => number;
  /** Enqueues under `waitaof` durability (own connection, group commit); null otherwise. */
  private readonly durableWriter: DurableWriter | null;
  private readonly windowMs: number;
  private readonly scripts: ScriptCommands;
  private readonly figuresReader: FiguresReader;
  private readonly watcher: FigureWatcher;
  private readonly keyCache = new Map<string, DestinationKeys>();
  private readonly registered = new Set<string>();
  private readonly groupsReady = new Set<string>();
  private readonly consumers = new Set<Consumer<ForwardedMessage>>();
  private closing: Promise<void> | null = null;

  private constructor(
    /** The shared non-blocking connection (exposed for diagnostics and tests). */
    readonly client: RedisClient,
    private readonly options: ForwarderOptions,
    durableClients: RedisClient[],
  ) {
    super();
    this.prefix = options.prefix ?? 'cl';
    this.group = options.group ?? 'caselink';
    this.now = options.now ?? Date.now;
    this.windowMs = options.dedupWindowMs ?? 30 * DAY;
    this.scripts = new ScriptCommands(client);
    const d = options.durability;
    this.durableWriter = durableClients.length > 0 && typeof d === 'object' ? new DurableWriter(durableClients, (c) => new ScriptCommands(c), d) : null;
    this.figuresReader = new FiguresReader(this.scripts, this.group, this.now);
    this.watcher = new FigureWatcher(
      (destination) => this.figures(destination),
      (figures) => this.emit('figures', figures),
      (err) => this.emitError(err),
      options.figuresIntervalMs ?? 1000,
    );
    this.deadLetters = new DeadLetters({
      client,
      scripts: this.scripts,
      keys: (destination) => this.keys(destination),
      destinations: () => this.destinations(),
      now: this.now,
      auditRetentionMs: (options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS) * DAY,
    });
    // ioredis prints unhandled connection errors; route them to our 'error' event instead.
    client.on('error', (err: Error) => this.emitError(err));
    for (const c of durableClients) c.on('error', (err: Error) => this.emitError(err));
    this.on('newListener', (event) => {
      if (event === 'figures') this.watcher.start();
    });
    this.on('removeListener', (event) => {
      if (event === 'figures' && this.listenerCount('figures') === 0) this.watcher.stop();
    });
  }

  /**
   * Connects, refuses an unsafe server (eviction policy other than noeviction; durability mode not
   * backed by the server) and returns a ready Forwarder.
   */
  static async create(options: ForwarderOptions): Promise<Forwarder> {
    validatePrefix(options.prefix ?? 'cl');
    const d = options.durability;
    if (d !== 'none' && d !== 'fsync-always' && !(typeof d === 'object' && d !== null && d.mode === 'waitaof')) {
      throw new ConfigurationError('INVALID_OPTION', `unknown durability mode ${JSON.stringify(d)}`);
    }
    if (typeof d === 'object') checkWaitAof(d);
    if (options.dedupWindowMs !== undefined && !(options.dedupWindowMs > 0)) {
      throw new ConfigurationError('INVALID_OPTION', 'dedupWindowMs must be > 0');
    }
    const retention = options.auditRetentionDays;
    if (retention !== undefined && !(typeof retention === 'number' && retention > 0 && Number.isFinite(retention))) {
      throw new ConfigurationError(
        'INVALID_OPTION',
        `auditRetentionDays must be a number of days > 0, got ${JSON.stringify(retention)} (审计保留天数必须是大于 0 的天数)`,
      );
    }
    for (const settings of [options.defaults, ...Object.values(options.destinations ?? {})]) {
      try {
        new Backoff({ ...options.defaults?.backoff, ...settings?.backoff });
      } catch (err) {
        throw new ConfigurationError('INVALID_OPTION', (err as Error).message);
      }
      const attempts = settings?.maxAttempts;
      if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1)) {
        throw new ConfigurationError('INVALID_OPTION', 'maxAttempts must be an integer ≥ 1');
      }
    }
    const client = createRedisConnection(options.redis, 'command');
    // WAITAOF holds its connection up to timeoutMs: the writer's commands may take that much longer.
    // One destination's WAITAOF must not hold up another's writes: a small pool (WaitAofDurability.connections).
    const durableClients =
      typeof d === 'object'
        ? Array.from({ length: d.connections ?? DEFAULT_WAITAOF_CONNECTIONS }, () =>
            createRedisConnection({ ...options.redis, commandTimeoutMs: (options.redis.commandTimeoutMs ?? 5000) + d.timeoutMs }, 'command'),
          )
        : [];
    const quiet = () => undefined; // connect() rejects with the same error
    client.on('error', quiet);
    for (const c of durableClients) c.on('error', quiet);
    try {
      await connectClient(client);
      await verifyServer(client, {
        durability: d,
        checkEvictionPolicy: options.checkEvictionPolicy ?? true,
        checkDurability: options.checkDurability ?? true,
      });
      await Promise.all(durableClients.map((c) => connectClient(c)));
    } catch (err) {
      client.disconnect();
      for (const c of durableClients) c.disconnect();
      throw toBackpressure(err);
    }
    client.off('error', quiet);
    for (const c of durableClients) c.off('error', quiet);
    return new Forwarder(client, options, durableClients);
  }

  /** Key names of one destination. */
  keys(destination: string): DestinationKeys {
    let keys = this.keyCache.get(destination);
    if (!keys) {
      keys = destinationKeys(this.prefix, destination);
      this.keyCache.set(destination, keys);
    }
    return keys;
  }

  /** Effective settings of a destination (defaults merged with its overrides). */
  settings(destination: string): DestinationSettings {
    const own = this.options.destinations?.[destination] ?? {};
    const defaults = this.options.defaults ?? {};
    return {
      ...DEFAULT_DESTINATION_SETTINGS,
      ...defaults,
      ...own,
      backoff: { ...defaults.backoff, ...own.backoff },
    };
  }

  /**
   * Stores one message for a destination and resolves only once it is durable (per the durability
   * mode). Idempotent on `message.messageId` per destination within the dedup window.
   * @throws BackpressureError (BACKLOG_FULL, REDIS_UNAVAILABLE, REDIS_OOM, …) when not accepted.
   */
  async enqueue(destination: string, message: ForwardedMessage, options: { orderKey: string }): Promise<EnqueueResult> {
    const [result] = await this.enqueueMany(destination, [{ message, orderKey: options.orderKey }]);
    return result!;
  }

  /**
   * Stores several messages for one destination in one atomic script call per 500 (all or none of
   * a call against the backlog limit). Results are in input order.
   */
  async enqueueMany(destination: string, items: EnqueueItem[]): Promise<EnqueueResult[]> {
    this.assertOpen();
    const keys = this.keys(destination);
    const payloads = items.map((item) => {
      const id = item.message?.messageId;
      if (typeof id !== 'string' || id.length === 0) throw new ValidationError('message.messageId must be a non-empty string');
      if (typeof item.orderKey !== 'string' || item.orderKey.length === 0) {
        throw new ValidationError(`orderKey of message ${id} must be a non-empty string`);
      }
      try {
        return JSON.stringify(item.message);
      } catch (err) {
        throw new ValidationError(`message ${id} is not JSON-serialisable: ${(err as Error).message}`);
      }
    });
    const settings = this.settings(destination);
    await this.register(destination);
    const results: EnqueueResult[] = [];
    for (let start = 0; start < items.length; start += MAX_ENQUEUE_BATCH) {
      const entries: string[] = [];
      const end = Math.min(items.length, start + MAX_ENQUEUE_BATCH);
      for (let i = start; i < end; i++) entries.push(items[i]!.message.messageId, items[i]!.orderKey, payloads[i]!);
      const args: EnqueueArgs = { now: this.now(), window: this.windowMs, maxBacklog: settings.maxBacklog, group: this.group, entries };
      const reply = await this.runDurably(destination, keys, args);
      if (typeof reply === 'number') throw errorForCode(reply, `enqueue to ${destination}`);
      (reply as number[]).forEach((code, i) => results.push({ messageId: items[start + i]!.message.messageId, status: code === 1 ? 'enqueued' : 'duplicate' }));
    }
    return results;
  }

  /**
   * Keeps a message as a dead letter at once, with no delivery attempt (refused input, kept for an
   * operator to see, fix and resend): the same dead letter a delivery ending permanently would
   * leave, with `reason`. Idempotent like enqueue; resolves once durable (per the durability mode).
   * @throws BackpressureError when not kept; CoreError LANE_BUSY when the case has messages in flight.
   */
  async bury(destination: string, message: ForwardedMessage, options: { orderKey: string; reason: string }): Promise<EnqueueResult> {
    this.assertOpen();
    const id = message?.messageId;
    if (typeof id !== 'string' || id.length === 0) throw new ValidationError('message.messageId must be a non-empty string');
    if (typeof options.orderKey !== 'string' || options.orderKey.length === 0)
      throw new ValidationError(`orderKey of message ${id} must be a non-empty string`);
    let payload: string;
    try {
      payload = JSON.stringify(message);
    } catch (err) {
      throw new ValidationError(`message ${id} is not JSON-serialisable: ${(err as Error).message}`);
    }
    const keys = this.keys(destination);
    await this.register(destination);
    const args = { now: this.now(), window: this.windowMs, group: this.group, messageId: id, orderKey: options.orderKey, payload, reason: options.reason };
    let reply: unknown;
    try {
      reply = this.durableWriter
        ? await this.durableWriter.write(destination, keys, (pipeline, scripts) => scripts.queue(pipeline, 'bury', keys, args))
        : await this.scripts.run('bury', keys, args);
    } catch (err) {
      throw toBackpressure(err);
    }
    if (typeof reply === 'number') throw errorForCode(reply, `dead-letter to ${destination}`);
    return { messageId: id, status: (reply as number[])[0] === 1 ? 'enqueued' : 'duplicate' };
  }

  private async runDurably(destination: string, keys: DestinationKeys, args: EnqueueArgs): Promise<unknown> {
    if (this.durableWriter) return this.durableWriter.enqueue(destination, keys, args);
    try {
      return await this.scripts.run('enqueue', keys, args);
    } catch (err) {
      throw toBackpressure(err);
    }
  }

  /** Starts delivering a destination's messages to `handler`. Several consumers (and processes) may share a destination. */
  consume<T extends ForwardedMessage = ForwardedMessage>(destination: string, handler: DeliveryHandler<T>, options: ConsumeOptions = {}): Consumer<T> {
    this.assertOpen();
    const keys = this.keys(destination);
    const settings = this.settings(destination);
    const blocking = createRedisConnection(this.options.redis, 'blocking');
    let consumer!: Consumer<T>;
    // eslint-disable-next-line prefer-const -- its own onStopped callback refers to it
    consumer = new Consumer<T>(
      {
        destination,
        keys,
        client: this.client,
        blocking,
        scripts: this.scripts,
        group: this.group,
        maxAttempts: settings.maxAttempts,
        backoff: new Backoff(settings.backoff),
        now: this.now,
        ensureGroup: () => this.ensureGroup(destination, true),
        onStopped: () => this.consumers.delete(consumer as unknown as Consumer<ForwardedMessage>),
      },
      handler,
      options,
    );
    this.consumers.add(consumer as unknown as Consumer<ForwardedMessage>);
    this.watcher.watch(destination);
    void this.register(destination).catch((err) => this.emitError(err));
    void this.ensureGroup(destination)
      .catch(() => undefined) // the read loop recreates the group on NOGROUP
      .then(() => {
        if (!consumer.stopped) consumer.start();
      });
    return consumer;
  }

  /** Snapshot of a destination's counts, oldest age and latency histogram. */
  figures(destination: string): Promise<DestinationFigures> {
    return this.figuresReader.read(destination, this.keys(destination));
  }

  /** Adds a destination to the 'figures' event feed (enqueue/consume add theirs automatically). */
  watch(destination: string): void {
    this.keys(destination);
    this.watcher.watch(destination);
  }

  /** Every destination ever enqueued to or consumed (across processes). */
  async destinations(): Promise<string[]> {
    return (await this.client.smembers(destinationsKey(this.prefix))).sort();
  }

  /** Where one case stands at a destination: whether it flows, what holds it, and who waits behind it. */
  async caseLane(destination: string, orderKey: string): Promise<CaseLane> {
    const keys = this.keys(destination);
    const [count, blocked, lane] = await Promise.all([
      this.client.hget(keys.heads, orderKey),
      this.client.hget(keys.blocked, orderKey),
      this.client.lrange(keys.lanePrefix + orderKey, 0, -1),
    ]);
    // The lane holds messageId and enqueue time per waiting message.
    const waiting: string[] = [];
    for (let i = 0; i < lane.length; i += 2) waiting.push(lane[i]!);
    const colon = blocked?.indexOf(':') ?? -1;
    if (blocked && colon > 0) {
      return { orderKey, state: blocked.slice(0, colon) as 'retry' | 'dead', head: blocked.slice(colon + 1), waiting };
    }
    return { orderKey, state: Number(count ?? 0) > 0 ? 'flowing' : 'idle', head: null, waiting };
  }

  /** Cases whose head is retrying or dead (their later messages are parked). */
  async blockedCases(destination: string): Promise<CaseLane[]> {
    const keys = this.keys(destination);
    const blocked = await this.client.hkeys(keys.blocked);
    return Promise.all(blocked.sort().map((orderKey) => this.caseLane(destination, orderKey)));
  }

  /** Stops every consumer, the figures feed and the connection. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.watcher.stop();
      await Promise.allSettled([...this.consumers].map((c) => c.stop()));
      const clients = this.durableWriter ? [this.client, ...this.durableWriter.clients] : [this.client];
      await Promise.all(
        clients.map(async (c) => {
          try {
            await c.quit();
          } catch {
            c.disconnect();
          }
        }),
      );
      this.removeAllListeners();
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing) throw new ValidationError('the forwarder is closed');
  }

  private async register(destination: string): Promise<void> {
    if (this.registered.has(destination)) return;
    try {
      await this.client.sadd(destinationsKey(this.prefix), destination);
    } catch (err) {
      throw toBackpressure(err);
    }
    this.registered.add(destination);
    this.watcher.watch(destination);
  }

  private async ensureGroup(destination: string, force = false): Promise<void> {
    if (!force && this.groupsReady.has(destination)) return;
    try {
      await this.client.xgroup('CREATE', this.keys(destination).stream, this.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.includes('BUSYGROUP'))) throw err;
    }
    this.groupsReady.add(destination);
  }

  private emitError(err: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', err instanceof Error ? err : new Error(String(err)));
  }
}

/** Refuses WAITAOF settings that could report an enqueue durable without proof, or never answer. */
function checkWaitAof(d: WaitAofDurability): void {
  const problems: string[] = [];
  if (d.numlocal !== 0 && d.numlocal !== 1) problems.push(`numlocal must be 0 or 1, got ${JSON.stringify(d.numlocal)} (numlocal 只能为 0 或 1)`);
  if (!(Number.isInteger(d.numreplicas) && d.numreplicas >= 0)) {
    problems.push(`numreplicas must be an integer ≥ 0, got ${JSON.stringify(d.numreplicas)} (numreplicas 必须是非负整数)`);
  }
  if (d.numlocal === 0 && d.numreplicas === 0) {
    problems.push('numlocal and numreplicas are both 0: WAITAOF would confirm nothing (numlocal 与 numreplicas 不能同时为 0)');
  }
  // WAITAOF treats 0 as "wait forever".
  if (!(Number.isInteger(d.timeoutMs) && d.timeoutMs > 0)) {
    problems.push(`timeoutMs must be an integer > 0, got ${JSON.stringify(d.timeoutMs)} (timeoutMs 必须是大于 0 的整数)`);
  }
  if (d.connections !== undefined && !(Number.isInteger(d.connections) && d.connections >= 1 && d.connections <= 64)) {
    problems.push(`connections must be an integer from 1 to 64, got ${JSON.stringify(d.connections)} (connections 应为 1 至 64 的整数)`);
  }
  if (problems.length > 0) throw new ConfigurationError('INVALID_OPTION', `durability waitaof: ${problems.join('; ')}`);
}
