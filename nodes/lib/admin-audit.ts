import type { AuditEntry } from '../../security/audit-chain';

/**
 * Node-RED admin audit events (deploys, logins, failed logins) on their way into the hash-chained
 * audit log. The settings file hands them over through `recordAdminAudit` before any Redis is
 * connected; the CaseLink Redis config node attaches a writer once its connection is up. Entries
 * wait in a bounded queue meanwhile (a deploy restarts the very node that writes them). The queue
 * lives on globalThis so the settings file and the nodes share it even if the module is loaded twice.
 */

type Writer = (entry: AuditEntry) => Promise<unknown>;

interface Sink {
  queue: AuditEntry[];
  writers: Writer[];
  dropped: number;
  flushing: boolean;
  retry: NodeJS.Timeout | undefined;
  onProblem: ((text: string) => void) | undefined;
}

const MAX_QUEUED = 10_000;
const RETRY_MS = 2_000;
const KEY = Symbol.for('caselink.admin-audit');

function sink(): Sink {
  const holder = globalThis as unknown as Record<symbol, Sink | undefined>;
  holder[KEY] ??= { queue: [], writers: [], dropped: 0, flushing: false, retry: undefined, onProblem: undefined };
  return holder[KEY]!;
}

/** Called by the settings file's `onAdminAudit` for every Node-RED admin audit event. */
export function recordAdminAudit(entry: AuditEntry): void {
  const s = sink();
  if (s.queue.length >= MAX_QUEUED) {
    s.queue.shift();
    s.dropped += 1;
  }
  s.queue.push(entry);
  void flush();
}

/** Where problems writing admin audit records are reported (the runtime log). */
export function onAdminAuditProblem(report: ((text: string) => void) | undefined): void {
  sink().onProblem = report;
}

/** Attaches a writer (the audit log of a connected Redis); returns its detachment. */
export function attachAdminAuditWriter(writer: Writer): () => void {
  const s = sink();
  s.writers.push(writer);
  void flush();
  return () => {
    const index = s.writers.indexOf(writer);
    if (index !== -1) s.writers.splice(index, 1);
  };
}

/** Entries waiting for a writer (tests, status). */
export function pendingAdminAudit(): number {
  return sink().queue.length;
}

async function flush(): Promise<void> {
  const s = sink();
  if (s.flushing) return;
  s.flushing = true;
  try {
    while (s.queue.length > 0) {
      const writer = s.writers[0];
      if (!writer) return;
      if (s.dropped > 0) {
        const dropped = s.dropped;
        s.dropped = 0;
        s.queue.unshift({
          actor: 'caselink',
          action: 'config-change',
          subject: 'node-red:audit-queue',
          outcome: 'dropped',
          detail: { dropped, reason: 'admin audit events waited too long for the audit log (管理审计事件积压过多，已丢弃最早的记录)' },
        });
      }
      try {
        await writer(s.queue[0]!);
        s.queue.shift();
      } catch (error) {
        if ((error as { code?: unknown }).code === 'AUDIT_INVALID_ENTRY') {
          s.onProblem?.(`admin audit event dropped: ${(error as Error).message} (管理审计事件格式错误，已丢弃)`);
          s.queue.shift();
          continue;
        }
        s.onProblem?.(`admin audit record not written yet, retrying: ${(error as Error).message} (管理审计记录暂未写入，稍后重试)`);
        if (!s.retry) {
          s.retry = setTimeout(() => {
            s.retry = undefined;
            void flush();
          }, RETRY_MS);
          s.retry.unref();
        }
        return;
      }
    }
  } finally {
    s.flushing = false;
  }
}
