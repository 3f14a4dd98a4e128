import { createHash } from 'node:crypto';
import type { Forwarder } from '../core/index';

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

/** Why a quarantined input was refused, as its dead letter's reason. */
export function quarantineReason(record: QuarantineRecord): string {
  const reason = record.issues.map((i) => `${i.field}: ${i.reason}`).join('; ') || 'refused input (输入被拒收)';
  return `quarantined: ${reason}`;
}

/**
 * Keeps a refused input durably as a dead letter of its system's quarantine destination (reason:
 * the issues), where the operator tools list, inspect or discard it; resolves only once it is
 * kept (throws on backpressure). The same input kept twice is kept once.
 */
export async function quarantine(forwarder: Forwarder, record: QuarantineRecord): Promise<void> {
  const destination = quarantineDestination(record.system.kind, record.system.division);
  await forwarder.bury(destination, { ...record }, { orderKey: record.messageId, reason: quarantineReason(record) });
}
