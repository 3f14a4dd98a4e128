/** `body.jd` (decision: `{jdlx, jdrq, ly}`) ↔ the unified payload, per message type. */
import type { MessageType } from '../../standard/codes/message-types';
import { JDLX } from './codes';

export interface JdRule {
  /** The `jdlx` this message type carries. */
  jdlx: string;
  /** payload.decision when jd.jdlx is given (or always, see alwaysDecided). */
  decision: string;
  /** The decision is implied by the message type itself (the standard requires it). */
  alwaysDecided: boolean;
  /** `ly` maps to payload.reason. */
  hasReason: boolean;
}

export const JD_RULES: Readonly<Partial<Record<MessageType, JdRule>>> = {
  ARREST_APPROVAL: { jdlx: JDLX.PB, decision: 'APPROVED', alwaysDecided: true, hasReason: true },
  ARREST_DENIAL: { jdlx: JDLX.BPB, decision: 'NOT_APPROVED', alwaysDecided: true, hasReason: true },
  SUPP_INV_RETURN: { jdlx: JDLX.TB, decision: 'RETURN_FOR_SUPP_INV', alwaysDecided: true, hasReason: true },
  NON_PROSECUTION_DECISION: { jdlx: JDLX.BQS, decision: 'NON_PROSECUTE', alwaysDecided: true, hasReason: true },
  INDICTMENT: { jdlx: JDLX.QS, decision: 'PROSECUTE', alwaysDecided: false, hasReason: false },
};
