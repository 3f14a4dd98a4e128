import { ingressTagOf, settleIngress, type IngressLedger } from '../../ingress/ingress-ledger';
import { maskedText } from '../../security/log-mask';
import type { UnifiedMessage } from '../../standard/schema/message';
import { validateMessage } from '../../standard/validate';

/**
 * The unified message a flow message carries: as its ingress validated it, or validated here. One
 * that fails is settled with its ingress as rejected (its sender hears why) and comes back as the
 * error the node ends its handling with, led by the node's own text (`invalid()`).
 */
export function flowMessage(msg: Record<string, unknown>, ledger: IngressLedger, invalid: () => string): { message: UnifiedMessage } | { error: Error } {
  if (ingressTagOf(msg)?.validated) return { message: msg.payload as UnifiedMessage };
  const checked = validateMessage(msg.payload);
  if (checked.ok) return { message: checked.message };
  const reason = checked.issues.map((i) => `${i.path}: ${i.reason}`).join('; ');
  settleIngress(ledger, msg, { kind: 'rejected', reason });
  return { error: new Error(maskedText(`${invalid()}: ${reason}`, msg.payload)) };
}
