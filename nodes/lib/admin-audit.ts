import type { AuditEntry } from '../../security/audit-chain';
import { runtimeState, type RuntimeHandle } from './runtime-state';

/**
 * Node-RED admin audit events (deploys, logins, failed logins) on their way into the hash-chained
 * audit log. The settings file creates one queue per runtime, hands it the events through
 * `onAdminAudit` before any Redis is connected, and passes it to the nodes as
 * `settings.caselink.adminAudit`; the CaseLink Redis config node attaches a writer once its
 * connection is up. Entries wait in the bounded queue meanwhile (a deploy restarts the very node
 * that writes them). A runtime started without the shipped settings file gets a queue of its own
 * (keyed by its RED), which then only receives what its nodes record.
 */

type Writer = (entry: AuditEntry) => Promise<unknown>;

const MAX_QUEUED = 10_000;
const RETRY_MS = 2_000;

/** The queue as the nodes use it (the settings file may have loaded another copy of this module). */
export interface AdminAuditSink {
  record(entry: AuditEntry): void;
  attach(writer: Writer): () => void;
  onProblem(report: ((text: string) => void) | undefined): void;
  pending(): number;
}

export class AdminAuditQueue implements AdminAuditSink {
  private readonly queue: AuditEntry[] = [];
  private readonly writers: Writer[] = [];
  private dropped = 0;
  private flushing = false;
  private retry: NodeJS.Timeout | undefined;
  private report: ((text: string) => void) | undefined;

  /** Called by the settings file's `onAdminAudit` for every Node-RED admin audit event. */
  record(entry: AuditEntry): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.queue.shift();
      this.dropped += 1;
    }
    this.queue.push(entry);
    void this.flush();
  }

  /** Where problems writing admin audit records are reported (the runtime log). */
  onProblem(report: ((text: string) => void) | undefined): void {
    this.report = report;
  }

  /** Attaches a writer (the audit log of a connected Redis); returns its detachment. */
  attach(writer: Writer): () => void {
    this.writers.push(writer);
    void this.flush();
    return () => {
      const index = this.writers.indexOf(writer);
      if (index !== -1) this.writers.splice(index, 1);
    };
  }

  /** Entries waiting for a writer (tests, status). */
  pending(): number {
    return this.queue.length;
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const writer = this.writers[0];
        if (!writer) return;
        if (this.dropped > 0) {
          const dropped = this.dropped;
          this.dropped = 0;
          this.queue.unshift({
            actor: 'caselink',
            action: 'config-change',
            subject: 'node-red:audit-queue',
            outcome: 'dropped',
            detail: { dropped, reason: 'admin audit events waited too long for the audit log (管理审计事件积压过多，已丢弃最早的记录)' },
          });
        }
        try {
          await writer(this.queue[0]!);
          this.queue.shift();
        } catch (error) {
          if ((error as { code?: unknown }).code === 'AUDIT_INVALID_ENTRY') {
            this.report?.(`admin audit event dropped: ${(error as Error).message} (管理审计事件格式错误，已丢弃)`);
            this.queue.shift();
            continue;
          }
          this.report?.(`admin audit record not written yet, retrying: ${(error as Error).message} (管理审计记录暂未写入，稍后重试)`);
          if (!this.retry) {
            this.retry = setTimeout(() => {
              this.retry = undefined;
              void this.flush();
            }, RETRY_MS);
            this.retry.unref();
          }
          return;
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

function isSink(value: unknown): value is AdminAuditSink {
  const sink = value as Partial<AdminAuditSink> | null | undefined;
  return typeof sink?.record === 'function' && typeof sink.attach === 'function' && typeof sink.onProblem === 'function' && typeof sink.pending === 'function';
}

/** The runtime's admin audit queue: the settings file's `caselink.adminAudit`, or one of its own. */
export function adminAuditOf(RED: RuntimeHandle & { settings: Record<string, unknown> }): AdminAuditSink {
  const given = (RED.settings.caselink as { adminAudit?: unknown } | undefined)?.adminAudit;
  return isSink(given) ? given : runtimeState(RED, 'admin-audit', () => new AdminAuditQueue());
}
