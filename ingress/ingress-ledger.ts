import { randomBytes } from 'node:crypto';

/** How a received legacy message ended, as far as its sender must be told. */
export type IngressOutcome =
  /** Durably stored for the destination: answer "accepted", acknowledge the outbox item. */
  | { kind: 'enqueued'; destination: string }
  /** Already stored before (same messageId): answer "duplicate" (a success). */
  | { kind: 'duplicate'; destination: string }
  /** Not stored now (backpressure, Redis down, no answer in time): answer "busy", do not acknowledge. */
  | { kind: 'busy'; reason: string }
  /** Refused on content after decoding (e.g. the router): answer the system's content error. */
  | { kind: 'rejected'; reason: string };

/** What rides on a Node-RED message from the inbound node to the node that settles it. */
export interface IngressTag {
  /** Key of the pending answer in the ledger (a string, so cloning the message keeps it). */
  ingressId: string;
  system: { kind: string; division: string; orgCode: string };
  legacyId?: string;
  receivedAt: string;
  /** Set when the standard's validation already ran at ingress (adapter decode). */
  validated: boolean;
  /** Things kept but not mapped (unknown legacy fields …), never silently dropped. */
  warnings: Array<{ field: string; value?: unknown; reason: string }>;
}

interface Pending {
  resolve: (outcome: IngressOutcome) => void;
  timer: NodeJS.Timeout;
}

/**
 * Answers owed to legacy senders while their messages travel through the flow. The inbound node
 * opens one per message; the enqueue node (or any node refusing the message) settles it; an
 * answer not settled in time is "busy", so the sender tries again and nothing is lost.
 */
export class IngressLedger {
  private readonly pending = new Map<string, Pending>();
  private readonly prefix = randomBytes(4).toString('hex');
  private counter = 0;

  open(timeoutMs: number): { id: string; outcome: Promise<IngressOutcome> } {
    const id = `${this.prefix}-${(++this.counter).toString(36)}`;
    const outcome = new Promise<IngressOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ kind: 'busy', reason: `not stored within ${timeoutMs} ms (未在时限内入队)` });
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
    });
    return { id, outcome };
  }

  /** Settles one answer; false when it was already settled or timed out. */
  settle(id: string, outcome: IngressOutcome): boolean {
    const pending = this.pending.get(id);
    if (!pending) return false;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(outcome);
    return true;
  }

  /** Settles every open answer whose id starts with one of `ids` as busy (the node is closing). */
  abandon(ids: Iterable<string>, reason: string): void {
    for (const id of ids) this.settle(id, { kind: 'busy', reason });
  }

  get size(): number {
    return this.pending.size;
  }
}

/** Reads the ingress tag a message carries, if it came through an inbound node. */
export function ingressTagOf(msg: Record<string, unknown>): IngressTag | undefined {
  const tag = msg.caselink as IngressTag | undefined;
  return tag && typeof tag === 'object' && typeof tag.ingressId === 'string' ? tag : undefined;
}

/** Settles the answer of a message that came through an inbound node; no-op for other messages. */
export function settleIngress(ledger: IngressLedger, msg: Record<string, unknown>, outcome: IngressOutcome): void {
  const tag = ingressTagOf(msg);
  if (tag) ledger.settle(tag.ingressId, outcome);
}
