import { createHash } from 'node:crypto';
import { OutboxError } from '../adapters/shared/outbox-error';
import { OutboxPoller } from '../adapters/shared/outbox-poller';
import type { CursorStore, LegacyClient, OutboxPage, RejectedMessage } from '../adapters/types';
import type { UnifiedMessage } from '../standard/schema/message';
import { type IngressLedger, type IngressTag } from './ingress-ledger';
import { maskedIssues, maskedText } from '../security/log-mask';
import type { IngressEvent, IngressSecurity } from './push-ingress';
import { quarantineRecord, type QuarantineRecord } from './quarantine';

export interface OutboxIngressOptions {
  client: Pick<LegacyClient, 'fetchOutbox' | 'ack'>;
  system: { kind: string; division: string; orgCode: string };
  /** Items asked for per fetch (the court allows at most 100). */
  pageSize: number;
  /** Wait between polls when the outbox is empty. */
  intervalMs: number;
  answerTimeoutMs: number;
  /** The runtime's ledger of answers owed to senders (one per runtime, shared by its CaseLink nodes). */
  ledger: IngressLedger;
  /** Where the cursor survives restarts (default: memory — unacknowledged items come again from the start anyway). */
  cursorStore?: CursorStore;
  now?: () => number;
  quarantine(record: QuarantineRecord): Promise<void>;
  emit(message: UnifiedMessage, tag: IngressTag): void;
  onEvent?(event: IngressEvent | 'polled', detail?: string): void;
  /** A fetch, acknowledgement or cursor save failed (the poller waits and tries again). */
  onError?(err: Error): void;
  track?(ingressId: string, open: boolean): void;
  /** Audit (fail closed: an item that cannot be audited is not taken, the page comes again) and raw archive. */
  security?: Pick<IngressSecurity, 'audit' | 'archive'>;
  /** Input not taken because a security control (audit log, replay guard) could not work: fail closed, answered busy. */
  onControlUnavailable?(reason: string, message?: UnifiedMessage): void;
}

/** A cursor kept in memory (when no file is configured): after a restart the outbox is read from its start, and acknowledged items do not come again. */
export class MemoryCursorStore implements CursorStore {
  private cursor: string | undefined;
  async load(): Promise<string | undefined> {
    return this.cursor;
  }
  async save(cursor: string): Promise<void> {
    this.cursor = cursor;
  }
}

class NotStored extends Error {}

/** The refused page an outbox error carries (OutboxError subclasses such as the court's OutboxPageRefused). */
function refusedPage(error: unknown): RejectedMessage | undefined {
  if (!(error instanceof OutboxError)) return undefined;
  const rejected = (error as OutboxError & { rejected?: RejectedMessage }).rejected;
  return rejected && typeof rejected.raw === 'string' && Array.isArray(rejected.issues) ? rejected : undefined;
}

/**
 * Polls one court/justice outbox with the adapters' OutboxPoller (fetch → store → acknowledge →
 * move the cursor). Each page is taken in order, one message at a time, so a case's messages are
 * stored in the order the system wrote them: good messages go to the flow and count once the
 * enqueue node stored them; refused ones are kept in quarantine. When one cannot be stored now
 * (busy), the page fails: nothing is acknowledged, the cursor stays, and the page comes again
 * (what was already stored then counts as a duplicate).
 */
export class OutboxIngress {
  private readonly poller: OutboxPoller;
  private stopping = false;
  /** Digest of the last refused page kept in quarantine: the poller asks again and again, the page is kept once. */
  private lastRefusedPage = '';

  constructor(private readonly options: OutboxIngressOptions) {
    this.poller = new OutboxPoller({
      client: options.client,
      cursorStore: options.cursorStore ?? new MemoryCursorStore(),
      onPage: (page) => this.takePage(page),
      batchSize: options.pageSize,
      idleDelayMs: options.intervalMs,
      errorDelayMs: Math.min(options.intervalMs, 1000),
      maxErrorDelayMs: 30_000,
      onError: (error) => {
        if (error instanceof NotStored) return;
        const refused = refusedPage(error);
        if (refused) void this.keepRefusedPage(refused);
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      },
    });
  }

  start(): void {
    this.stopping = false;
    this.poller.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.poller.stop();
  }

  /** A whole page the client refused (e.g. its signature does not verify) is kept once, with its reasons, and audited. */
  private async keepRefusedPage(refused: RejectedMessage): Promise<void> {
    const digest = createHash('sha256').update(refused.raw).digest('hex');
    if (digest === this.lastRefusedPage) return;
    this.lastRefusedPage = digest;
    try {
      await this.keep(`outbox-page:${digest.slice(0, 16)}`, refused.issues, refused.raw);
    } catch {
      this.lastRefusedPage = ''; // not kept: try again with the next refusal
    }
  }

  /** Keeps refused input in quarantine, audits and reports it; throws NotStored when it cannot be kept now. */
  private async keep(legacyId: string | undefined, issues: QuarantineRecord['issues'], raw: string, message?: UnifiedMessage): Promise<void> {
    const o = this.options;
    try {
      await o.quarantine(quarantineRecord({ system: o.system, legacyId, issues, raw }));
    } catch (err) {
      o.onEvent?.('busy', `quarantine failed: ${maskedText((err as Error).message)}`);
      throw new NotStored((err as Error).message);
    }
    const text = message ? maskedText(issues.map((i) => `${i.field}: ${i.reason}`).join('; '), message) : maskedIssues(issues);
    o.security?.audit.note({
      actor: `${o.system.kind}-${o.system.division}`,
      action: 'refusal',
      subject: (legacyId || '(outbox item)').slice(0, 256),
      outcome: 'rejected',
      detail: { reason: text },
    });
    o.onEvent?.('rejected', text);
  }

  /** Stores one page in order; throws NotStored when an item cannot be stored now. */
  private async takePage(page: OutboxPage): Promise<void> {
    const o = this.options;
    const now = o.now ?? Date.now;
    const actor = `${o.system.kind}-${o.system.division}`;
    o.onEvent?.('polled');
    for (const rejected of page.decoded.rejected) await this.keep(rejected.legacyId, rejected.issues, rejected.raw);
    for (const item of page.decoded.messages) {
      if (this.stopping) throw new NotStored('stopping');
      o.onEvent?.('received');
      const receivedAt = new Date(now()).toISOString();
      if (o.security) {
        // Fail closed: not audited → not taken, not acknowledged; the page comes again.
        const gate = await o.security.audit.gate({
          actor,
          action: 'ingress',
          subject: item.message.messageId.slice(0, 256),
          outcome: 'received',
          detail: {
            messageType: item.message.messageType,
            ...(item.message.caseUid ? { caseUid: item.message.caseUid } : {}),
            ...(item.warnings.length > 0 ? { warnings: item.warnings.map((w) => w.field).slice(0, 50) } : {}),
          },
        });
        if (!gate.ok) {
          o.onControlUnavailable?.(gate.reason, item.message);
          o.onEvent?.('busy', gate.reason);
          throw new NotStored(gate.reason);
        }
        if (item.warnings.length > 0 && o.security.archive) {
          try {
            await o.security.archive.put({ messageId: item.message.messageId, system: o.system, receivedAt, warnings: item.warnings, raw: item.raw });
          } catch (err) {
            o.onEvent?.('busy', maskedText((err as Error).message));
            throw new NotStored((err as Error).message);
          }
        }
      }
      const { id, outcome } = o.ledger.open(o.answerTimeoutMs);
      o.track?.(id, true);
      o.emit(item.message, {
        ingressId: id,
        system: o.system,
        legacyId: item.message.messageId,
        receivedAt,
        validated: true,
        warnings: item.warnings,
      });
      const result = await outcome;
      o.track?.(id, false);
      if (result.kind === 'enqueued' || result.kind === 'duplicate') o.onEvent?.(result.kind);
      else if (result.kind === 'rejected') await this.keep(item.message.messageId, [{ field: '(routing)', reason: result.reason }], item.raw, item.message);
      else {
        o.onEvent?.('busy', maskedText(result.reason, item.message));
        throw new NotStored(result.reason);
      }
    }
  }
}
