import { createHash } from 'node:crypto';
import type { Forwarder } from '../core/index';
import type { Consumer } from '../core/index';
import type { DeliveryOutcome } from '../standard/delivery-outcome';

/** One refused legacy input, kept whole so an operator can see, fix and resend it. */
export interface QuarantineRecord {
  /** `q-<sha256 of the raw input>`: the same bad input sent twice is kept once. */
  messageId: string;
  system: { kind: string; division: string };
  receivedAt: string;
  legacyId?: string;
  /** Every problem: legacy field, value, reason (English and Chinese). */
  issues: Array<{ field: string; value?: unknown; reason: string }>;
  /** The input as text (decoded per its charset), or base64 when it could not be read as text. */
  raw: string;
  rawEncoding: 'text' | 'base64';
  contentType?: string;
}

/** Quarantined inputs of one system instance end as dead letters of this destination. */
export function quarantineDestination(kind: string, division: string): string {
  return `quarantine-${kind}-${division}`;
}

export function quarantineRecord(input: {
  system: { kind: string; division: string };
  legacyId?: string | undefined;
  issues: QuarantineRecord['issues'];
  raw: string | Buffer;
  contentType?: string | undefined;
  now?: Date;
}): QuarantineRecord {
  const rawText = typeof input.raw === 'string';
  const raw = rawText ? (input.raw as string) : (input.raw as Buffer).toString('base64');
  const digest = createHash('sha256').update(input.raw).digest('hex').slice(0, 40);
  return {
    messageId: `q-${digest}`,
    system: input.system,
    receivedAt: (input.now ?? new Date()).toISOString(),
    ...(input.legacyId ? { legacyId: input.legacyId } : {}),
    issues: input.issues,
    raw,
    rawEncoding: rawText ? 'text' : 'base64',
    ...(input.contentType ? { contentType: input.contentType } : {}),
  };
}

/** Stores a refused input durably; resolves only once it is kept (throws on backpressure). */
export async function quarantine(forwarder: Forwarder, record: QuarantineRecord): Promise<void> {
  const destination = quarantineDestination(record.system.kind, record.system.division);
  await forwarder.enqueue(destination, record as unknown as { messageId: string }, { orderKey: record.messageId });
}

/**
 * Moves quarantined inputs to the dead letters at once (reason: the issues), where the operator
 * tools list, inspect, replay or discard them.
 */
export function startQuarantineConsumer(forwarder: Forwarder, kind: string, division: string, consumer: string): Consumer {
  return forwarder.consume(
    quarantineDestination(kind, division),
    (delivery): DeliveryOutcome => {
      const record = delivery.message as unknown as QuarantineRecord;
      const reason = (record.issues ?? []).map((i) => `${i.field}: ${i.reason}`).join('; ') || 'refused input (输入被拒收)';
      return { kind: 'permanent', reason: `quarantined: ${reason}`, code: 'QUARANTINE' };
    },
    { consumer, concurrency: 2 },
  );
}
