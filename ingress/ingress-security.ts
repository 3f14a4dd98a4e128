import { EventEmitter } from 'node:events';
import type { Cluster, Redis } from 'ioredis';
import { AuditLog, auditOrRefuse, type AuditEntry, type AuditGate, type ChainHashAlgorithm } from '../security/audit-log';
import { ReplayGuard } from '../security/replay-guard';
import type { StoredMessageCodec } from '../security/stored-message';
import type { AtRestCipher } from '../security/at-rest';
import { RawArchive } from './raw-archive';

/**
 * The security controls of one Redis (one forwarding core): the hash-chained audit log, the replay
 * guard and the raw archive share the core's fail-fast command connection and key prefix; the
 * stored-message codec is the runtime's one. The ingress and delivery paths get it as `IngressAudit`
 * and friends, so they never depend on where it lives.
 */

/** What the message paths need of the audit log. */
export interface AuditSink {
  /** Fail closed: `{ ok: false, reason }` when the record cannot be written (the caller refuses). */
  gate(entry: AuditEntry): Promise<AuditGate>;
  /** Best effort: a record about something already refused or finished. */
  note(entry: AuditEntry): void;
}

export type AuditHealth = { ok: true } | { ok: false; reason: string };

export class PlatformSecurity extends EventEmitter<{ audit: [AuditHealth] }> implements AuditSink {
  readonly audit: AuditLog;
  readonly replay: ReplayGuard;
  readonly archive: RawArchive;
  private healthy = true;
  private lastReason = '';
  private written = 0;
  private failed = 0;

  constructor(
    redis: Redis | Cluster,
    prefix: string,
    readonly codec: StoredMessageCodec,
    atRest: AtRestCipher | undefined,
    options: { replayWindowMs?: number; auditTimeoutMs?: number; auditHash?: ChainHashAlgorithm } = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.audit = new AuditLog(redis, {
      prefix,
      ...(options.auditTimeoutMs ? { timeoutMs: options.auditTimeoutMs } : {}),
      ...(options.auditHash ? { hashAlgorithm: options.auditHash } : {}),
    });
    this.replay = new ReplayGuard(redis, { prefix, ...(options.replayWindowMs ? { windowMs: options.replayWindowMs } : {}) });
    this.archive = new RawArchive(redis, { prefix, atRest });
  }

  /** What an ingress (ingress/push-ingress.ts, outbox-ingress.ts) applies: this audit sink, the replay guard, the raw archive. */
  forIngress(): { audit: AuditSink; replay: ReplayGuard; archive: RawArchive } {
    return { audit: this, replay: this.replay, archive: this.archive };
  }

  /** Whether the last audit write succeeded, and why not. */
  get health(): AuditHealth {
    return this.healthy ? { ok: true } : { ok: false, reason: this.lastReason };
  }

  /** Audit appends through this bundle since it was made: written, and failed (each refusal or error). */
  get figures(): { appended: number; appendFailures: number; healthy: boolean } {
    return { appended: this.written, appendFailures: this.failed, healthy: this.healthy };
  }

  async gate(entry: AuditEntry): Promise<AuditGate> {
    const gate = await auditOrRefuse(this.audit, entry);
    this.report(gate.ok ? undefined : gate.reason);
    return gate;
  }

  note(entry: AuditEntry): void {
    this.audit.append(entry).then(
      () => this.report(undefined),
      (error: unknown) => this.report(error instanceof Error ? error.message : String(error)),
    );
  }

  private report(failure: string | undefined): void {
    if (failure === undefined) this.written += 1;
    else this.failed += 1;
    if (failure === undefined) {
      if (this.healthy) return;
      this.healthy = true;
      this.lastReason = '';
      this.emit('audit', { ok: true });
      return;
    }
    const changed = this.healthy || failure !== this.lastReason;
    this.healthy = false;
    this.lastReason = failure;
    if (changed) this.emit('audit', { ok: false, reason: failure });
  }
}
