/** A failed outbox fetch or acknowledgement; `retryable` says whether asking again may help. */
export class OutboxError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'OutboxError';
  }
}

/**
 * A whole outbox page refused as it came (unreadable, ambiguous, not what was asked for): nothing
 * on it is taken or acknowledged, and `rejected` carries the issues and the raw page so the ingress
 * keeps it in quarantine and audits the refusal.
 */
export class RefusedOutboxPage extends OutboxError {
  constructor(
    readonly rejected: { issues: Array<{ field: string; value?: unknown; reason: string }>; raw: string },
    retryable: boolean,
    what = 'outbox',
  ) {
    super(
      `${what}: page refused: ${rejected.issues.map((i) => `${i.field}: ${i.reason}`).join('; ')}; nothing on it is taken or acknowledged (发件箱应答整页拒收，不予确认)`,
      retryable,
    );
  }
}
