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
