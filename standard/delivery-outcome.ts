/**
 * How a receiving legacy system answered one delivery, in the platform's words.
 * Adapters' clients produce it; the forwarding core acts on it.
 */
export type DeliveryOutcome =
  | { kind: 'accepted'; receipt?: string }
  | { kind: 'duplicate'; receipt?: string }
  | { kind: 'permanent'; reason: string; code?: string }
  | { kind: 'retryable'; reason: string; code?: string; retryAfterMs?: number };

export function isSuccess(outcome: DeliveryOutcome): boolean {
  return outcome.kind === 'accepted' || outcome.kind === 'duplicate';
}
