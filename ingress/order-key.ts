import type { UnifiedMessage } from '../standard/schema/message';

/** Local case numbers are preferred in the order a case travels: PSB first, then … */
const AGENCY_PRIORITY = ['PSB', 'PROCURATORATE', 'COURT', 'LEGAL_AID_CENTER', 'DETENTION_CENTER', 'COMMUNITY_CORRECTIONS', 'PRISON'];

/**
 * The key that keeps one case's messages in order at a destination: the platform case id when
 * the message has one; else the local case number of the earliest agency it carries (the PSB
 * number travels with the case from the start); else the message itself.
 */
export function orderKeyOf(message: Pick<UnifiedMessage, 'caseUid' | 'localCaseNumbers' | 'messageId'>): string {
  if (message.caseUid) return message.caseUid;
  const numbers = [...(message.localCaseNumbers ?? [])].sort((a, b) => AGENCY_PRIORITY.indexOf(a.system) - AGENCY_PRIORITY.indexOf(b.system));
  const first = numbers[0];
  return first ? `${first.system}:${first.number}` : `message:${message.messageId}`;
}
