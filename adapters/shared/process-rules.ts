/**
 * Facts the legacy formats do not carry explicitly, derived the same way by every adapter
 * (documented in docs/adapters-psb-procuratorate.md).
 */
import { MESSAGE_TYPES, type MessageType } from '../../standard/codes/message-types';
import type { Process } from '../../standard/codes/processes';

/** A message type's usual process (the first the standard lists). */
export function usualProcessOf(type: MessageType): Process {
  return MESSAGE_TYPES[type].processes[0];
}

/**
 * ACCEPTANCE_ACK answers either an arrest request or a prosecution opinion. The procuratorate's
 * numbers say which: 部门受案号 and 文书号 of arrest review carry 捕 (穗海检刑捕受…), those of
 * prosecution review 诉 (穗海检刑诉受…). ARREST_REVIEW when any given text holds 捕, else PROSECUTION_REVIEW.
 */
export function acceptanceProcess(texts: ReadonlyArray<string | undefined>): Process {
  return texts.some((t) => t !== undefined && t.includes('捕')) ? 'ARREST_REVIEW' : 'PROSECUTION_REVIEW';
}

const DEFENDANT_PROCESSES: ReadonlySet<Process> = new Set(['PUBLIC_PROSECUTION', 'FIRST_INSTANCE_TRIAL', 'EXECUTION_HANDOVER']);

/** 犯罪嫌疑人 before indictment, 被告人 from indictment on. */
export function personRoleFor(process: Process): 'SUSPECT' | 'DEFENDANT' {
  return DEFENDANT_PROCESSES.has(process) ? 'DEFENDANT' : 'SUSPECT';
}
