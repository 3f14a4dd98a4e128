import type { Agency } from '../codes/agencies';
import type { MessageType } from '../codes/message-types';
import type { UnifiedMessage } from '../schema/message';

/**
 * Receivers whose copy of a message drives the process. The same message sent to anyone else
 * (INDICTMENT to the PSB, JUDGMENT to the legal aid centre …) is a copy: recorded, no state change.
 * Message types not listed drive the process at every receiver the route matrix allows.
 */
export const PRIMARY_RECEIVERS: Partial<Record<MessageType, readonly Agency[]>> = {
  INDICTMENT: ['COURT'],
  JUDGMENT: ['PROCURATORATE'],
  JUDGMENT_EFFECTIVE: ['PROCURATORATE'],
  SECOND_INSTANCE_TRANSFER: ['COURT'],
  SECOND_INSTANCE_ACCEPTED: ['PROCURATORATE'],
  SECOND_INSTANCE_DECISION: ['PROCURATORATE'],
  EXECUTION_NOTICE: ['DETENTION_CENTER', 'PSB', 'PRISON'],
  CC_NOTICE: ['COMMUNITY_CORRECTIONS'],
  CC_DOCUMENTS: ['COMMUNITY_CORRECTIONS'],
  REVIEW_EXTENSION: ['PSB'],
  NON_PROSECUTION_DECISION: ['PSB'],
  JURISDICTION_TRANSFER: ['PROCURATORATE'],
  TRIAL_JURISDICTION_CHANGE: ['PROCURATORATE'],
  ADMISSION_NOTICE: ['COURT'],
  CC_REPORTED: ['COURT'],
  CC_NOT_REPORTED: ['COURT'],
};

export function isCopy(message: UnifiedMessage): boolean {
  const primary = PRIMARY_RECEIVERS[message.messageType];
  return primary !== undefined && !primary.includes(message.receiver.agency);
}
