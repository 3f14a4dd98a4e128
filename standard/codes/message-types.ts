import type { Agency } from './agencies';
import type { Process } from './processes';

interface MessageTypeInfo {
  zh: string;
  en: string;
  /** Processes a message of this type may belong to; the first is its usual home. */
  processes: readonly [Process, ...Process[]];
  /** Agencies that may send it and agencies that may receive it (the route matrix, domain.md §2). */
  from: readonly Agency[];
  to: readonly Agency[];
}

const PSB_PROC = ['PSB'] as const;
const PROC = ['PROCURATORATE'] as const;
const COURT = ['COURT'] as const;
const CASE_AGENCIES = ['PSB', 'PROCURATORATE', 'COURT'] as const;
/** The legal aid centre and the case agencies: either side may end or close aid, or pass on an objection. */
const AID_PARTIES = ['LEGAL_AID_CENTER', ...CASE_AGENCIES] as const;

/** Every message type the platform carries (domain.md §2, legacy/README.md). */
export const MESSAGE_TYPES = {
  // P1 审查逮捕
  ARREST_REQUEST: { zh: '提请批准逮捕书', en: 'Request for arrest approval', processes: ['ARREST_REVIEW'], from: PSB_PROC, to: PROC },
  ACCEPTANCE_ACK: { zh: '受理回执', en: 'Acceptance acknowledgement', processes: ['ARREST_REVIEW', 'PROSECUTION_REVIEW'], from: PROC, to: PSB_PROC },
  ARREST_APPROVAL: { zh: '批准逮捕决定书', en: 'Arrest approval decision', processes: ['ARREST_REVIEW'], from: PROC, to: PSB_PROC },
  ARREST_DENIAL: { zh: '不批准逮捕决定书', en: 'Arrest denial decision', processes: ['ARREST_REVIEW'], from: PROC, to: PSB_PROC },
  ARREST_EXECUTION_RECEIPT: { zh: '逮捕执行回执', en: 'Arrest execution receipt', processes: ['ARREST_REVIEW'], from: PSB_PROC, to: PROC },
  DENIAL_EXECUTION_RECEIPT: { zh: '不批准逮捕执行回执', en: 'Denial execution receipt', processes: ['ARREST_REVIEW'], from: PSB_PROC, to: PROC },
  ARREST_REQUEST_WITHDRAWAL: { zh: '撤回提请批准逮捕', en: 'Withdrawal of arrest request', processes: ['ARREST_REVIEW'], from: PSB_PROC, to: PROC },
  RECONSIDERATION_REQUEST: { zh: '要求复议意见书', en: 'Request for reconsideration', processes: ['ARREST_REVIEW'], from: PSB_PROC, to: PROC },
  RECONSIDERATION_DECISION: { zh: '复议决定书', en: 'Reconsideration decision', processes: ['ARREST_REVIEW'], from: PROC, to: PSB_PROC },
  REVIEW_REQUEST: { zh: '提请复核意见书', en: 'Request for review by the higher procuratorate', processes: ['ARREST_REVIEW'], from: PSB_PROC, to: PROC },
  REVIEW_DECISION: { zh: '复核决定书', en: 'Review decision', processes: ['ARREST_REVIEW'], from: PROC, to: PSB_PROC },
  // P2 审查起诉
  PROSECUTION_OPINION: { zh: '起诉意见书', en: 'Prosecution opinion', processes: ['PROSECUTION_REVIEW'], from: PSB_PROC, to: PROC },
  CUSTODY_TRANSFER: {
    zh: '换押证',
    en: 'Custody transfer form',
    processes: ['PROSECUTION_REVIEW', 'PUBLIC_PROSECUTION'],
    from: ['PROCURATORATE', 'COURT'],
    to: ['DETENTION_CENTER', 'PSB'],
  },
  SUPP_INV_RETURN: { zh: '退回补充侦查决定书', en: 'Return for supplementary investigation', processes: ['PROSECUTION_REVIEW'], from: PROC, to: PSB_PROC },
  SUPP_INV_REPORT: { zh: '补充侦查报告书', en: 'Supplementary investigation report', processes: ['PROSECUTION_REVIEW'], from: PSB_PROC, to: PROC },
  REVIEW_EXTENSION: {
    zh: '延长审查起诉期限通知',
    en: 'Extension of the review period',
    processes: ['PROSECUTION_REVIEW'],
    from: PROC,
    to: ['PSB', 'DETENTION_CENTER'],
  },
  NON_PROSECUTION_DECISION: {
    zh: '不起诉决定书',
    en: 'Non-prosecution decision',
    processes: ['PROSECUTION_REVIEW'],
    from: PROC,
    to: ['PSB', 'DETENTION_CENTER'],
  },
  NON_PROS_RECONSIDERATION: {
    zh: '不起诉复议意见书',
    en: 'Request to reconsider non-prosecution',
    processes: ['PROSECUTION_REVIEW'],
    from: PSB_PROC,
    to: PROC,
  },
  DEADLINE_EXTENSION: {
    zh: '延长期限决定',
    en: 'Decision extending a statutory period',
    processes: ['ARREST_REVIEW', 'PROSECUTION_REVIEW', 'FIRST_INSTANCE_TRIAL'],
    from: CASE_AGENCIES,
    to: ['PSB', 'PROCURATORATE', 'COURT', 'DETENTION_CENTER'],
  },
  JURISDICTION_TRANSFER: { zh: '改变管辖通知', en: 'Jurisdiction transfer', processes: ['PROSECUTION_REVIEW'], from: PROC, to: ['PROCURATORATE', 'PSB'] },
  // P3 提起公诉
  INDICTMENT: { zh: '起诉书', en: 'Indictment', processes: ['PUBLIC_PROSECUTION'], from: PROC, to: ['COURT', 'PSB'] },
  CASE_ACCEPTED: { zh: '受理案件通知书', en: 'Case accepted by the court', processes: ['PUBLIC_PROSECUTION'], from: COURT, to: PROC },
  SUPPLEMENT_REQUEST: { zh: '补充材料通知', en: 'Request for supplementary material', processes: ['PUBLIC_PROSECUTION'], from: COURT, to: PROC },
  CASE_RETURNED: { zh: '退回起诉通知', en: 'Case returned by the court', processes: ['PUBLIC_PROSECUTION'], from: COURT, to: PROC },
  PROSECUTION_WITHDRAWAL: {
    zh: '撤回起诉决定书',
    en: 'Withdrawal of prosecution',
    processes: ['PUBLIC_PROSECUTION', 'FIRST_INSTANCE_TRIAL'],
    from: PROC,
    to: COURT,
  },
  // P4 一审审理
  HEARING_NOTICE: { zh: '出庭通知书', en: 'Hearing notice', processes: ['FIRST_INSTANCE_TRIAL', 'SECOND_INSTANCE'], from: COURT, to: PROC },
  SENTENCING_ADJUSTMENT: { zh: '调整量刑建议书', en: 'Adjusted sentencing recommendation', processes: ['FIRST_INSTANCE_TRIAL'], from: PROC, to: COURT },
  PROCEDURE_CONVERSION: { zh: '程序转换通知', en: 'Procedure conversion', processes: ['FIRST_INSTANCE_TRIAL'], from: COURT, to: PROC },
  JUDGMENT: {
    zh: '刑事判决书',
    en: 'Criminal judgment',
    processes: ['FIRST_INSTANCE_TRIAL'],
    from: COURT,
    to: ['PROCURATORATE', 'PSB', 'LEGAL_AID_CENTER', 'DETENTION_CENTER', 'COMMUNITY_CORRECTIONS'],
  },
  SERVICE_RECEIPT: { zh: '送达回执', en: 'Receipt of service', processes: ['FIRST_INSTANCE_TRIAL', 'PUBLIC_PROSECUTION'], from: PROC, to: COURT },
  PROTEST: { zh: '抗诉书', en: 'Protest', processes: ['FIRST_INSTANCE_TRIAL'], from: PROC, to: COURT },
  APPEAL: { zh: '上诉状', en: 'Appeal', processes: ['FIRST_INSTANCE_TRIAL'], from: COURT, to: PROC },
  // P4 during trial (1.x, CPL 204, 205, 208): postponement for supplementary investigation, the case's
  // return, and a change of jurisdiction; each restarts the trial period on its legal date.
  TRIAL_POSTPONEMENT: {
    zh: '延期审理决定书（补充侦查）',
    en: 'Trial postponed for supplementary investigation',
    processes: ['FIRST_INSTANCE_TRIAL'],
    from: COURT,
    to: PROC,
  },
  TRIAL_RESUMPTION_REQUEST: {
    zh: '补充侦查完毕移送（提请恢复法庭审理）',
    en: 'Supplementary investigation completed, case handed back to the court',
    processes: ['FIRST_INSTANCE_TRIAL'],
    from: PROC,
    to: COURT,
  },
  TRIAL_JURISDICTION_CHANGE: {
    zh: '改变管辖决定书',
    en: 'Change of trial jurisdiction',
    processes: ['FIRST_INSTANCE_TRIAL'],
    from: COURT,
    to: ['PROCURATORATE', 'COURT'],
  },
  JUDGMENT_EFFECTIVE: {
    zh: '判决生效通知',
    en: 'Judgment effective',
    processes: ['FIRST_INSTANCE_TRIAL', 'SECOND_INSTANCE'],
    from: COURT,
    to: ['PROCURATORATE', 'PSB', 'DETENTION_CENTER', 'LEGAL_AID_CENTER', 'COMMUNITY_CORRECTIONS'],
  },
  // P7 二审 (standard 1.1; APPEAL and PROTEST above end the first instance and open it)
  SECOND_INSTANCE_TRANSFER: {
    zh: '上诉、抗诉案件移送函',
    en: 'Appealed or protested case sent to the second-instance court',
    processes: ['SECOND_INSTANCE'],
    from: COURT,
    to: ['COURT', 'PROCURATORATE'],
  },
  SECOND_INSTANCE_ACCEPTED: {
    zh: '二审立案通知',
    en: 'Second-instance case accepted',
    processes: ['SECOND_INSTANCE'],
    from: COURT,
    to: ['PROCURATORATE', 'COURT'],
  },
  SECOND_INSTANCE_DECISION: {
    zh: '二审裁定书/判决书',
    en: 'Second-instance ruling or judgment',
    processes: ['SECOND_INSTANCE'],
    from: COURT,
    to: ['PROCURATORATE', 'COURT', 'PSB', 'DETENTION_CENTER', 'LEGAL_AID_CENTER', 'COMMUNITY_CORRECTIONS'],
  },
  // P5 法律援助
  LEGAL_AID_NOTICE: { zh: '提供法律援助通知书', en: 'Legal aid notice', processes: ['LEGAL_AID'], from: CASE_AGENCIES, to: ['LEGAL_AID_CENTER'] },
  LAWYER_ASSIGNMENT: { zh: '指派通知书', en: 'Lawyer assignment', processes: ['LEGAL_AID'], from: ['LEGAL_AID_CENTER'], to: CASE_AGENCIES },
  LEGAL_AID_APPLICATION_FORWARD: {
    zh: '转交法律援助申请',
    en: 'Forwarded legal aid application',
    processes: ['LEGAL_AID'],
    from: CASE_AGENCIES,
    to: ['LEGAL_AID_CENTER'],
  },
  LEGAL_AID_DECISION: { zh: '法律援助决定', en: 'Legal aid decision', processes: ['LEGAL_AID'], from: ['LEGAL_AID_CENTER'], to: CASE_AGENCIES },
  DUTY_LAWYER_REQUEST: { zh: '值班律师提供法律帮助通知', en: 'Duty lawyer request', processes: ['LEGAL_AID'], from: CASE_AGENCIES, to: ['LEGAL_AID_CENTER'] },
  DUTY_LAWYER_ASSIGNMENT: { zh: '值班律师安排通知', en: 'Duty lawyer assignment', processes: ['LEGAL_AID'], from: ['LEGAL_AID_CENTER'], to: CASE_AGENCIES },
  LEGAL_AID_TERMINATION: { zh: '终止法律援助', en: 'Legal aid terminated', processes: ['LEGAL_AID'], from: AID_PARTIES, to: AID_PARTIES },
  LEGAL_AID_CLOSURE: { zh: '法律援助结案', en: 'Legal aid closed', processes: ['LEGAL_AID'], from: AID_PARTIES, to: AID_PARTIES },
  // Legal Aid Law art. 49 (1.x): objection to a refusal or termination, and the justice bureau's decision.
  LEGAL_AID_OBJECTION: {
    zh: '法律援助异议',
    en: 'Objection to a refusal or termination of legal aid',
    processes: ['LEGAL_AID'],
    from: AID_PARTIES,
    to: AID_PARTIES,
  },
  LEGAL_AID_OBJECTION_DECISION: {
    zh: '法律援助异议审查决定',
    en: "Justice bureau's decision on a legal aid objection",
    processes: ['LEGAL_AID'],
    from: ['LEGAL_AID_CENTER'],
    to: CASE_AGENCIES,
  },
  // P6 交付刑罚执行
  EXECUTION_NOTICE: {
    zh: '执行通知书',
    en: 'Execution notice',
    processes: ['EXECUTION_HANDOVER'],
    from: COURT,
    to: ['DETENTION_CENTER', 'PSB', 'PRISON', 'PROCURATORATE'],
  },
  EXECUTION_RECEIPT: { zh: '执行回执', en: 'Execution receipt', processes: ['EXECUTION_HANDOVER'], from: ['DETENTION_CENTER', 'PSB', 'PRISON'], to: COURT },
  PRISONER_TRANSFER: {
    zh: '罪犯交付执行',
    en: 'Prisoner transfer to prison',
    processes: ['EXECUTION_HANDOVER'],
    from: ['PSB', 'DETENTION_CENTER'],
    to: ['PRISON'],
  },
  ADMISSION_NOTICE: { zh: '入监通知书', en: 'Prison admission notice', processes: ['EXECUTION_HANDOVER'], from: ['PRISON'], to: ['COURT', 'PROCURATORATE'] },
  CC_NOTICE: {
    zh: '社区矫正执行通知',
    en: 'Community corrections notice',
    processes: ['EXECUTION_HANDOVER'],
    from: COURT,
    to: ['COMMUNITY_CORRECTIONS', 'PROCURATORATE', 'PSB'],
  },
  CC_DOCUMENTS: {
    zh: '社区矫正法律文书',
    en: 'Community corrections documents',
    processes: ['EXECUTION_HANDOVER'],
    from: COURT,
    to: ['COMMUNITY_CORRECTIONS', 'PROCURATORATE', 'PSB'],
  },
  CC_RECEIPT: { zh: '社区矫正回执', en: 'Community corrections receipt', processes: ['EXECUTION_HANDOVER'], from: ['COMMUNITY_CORRECTIONS'], to: COURT },
  CC_REPORTED: {
    zh: '社区矫正对象报到',
    en: 'Offender reported',
    processes: ['EXECUTION_HANDOVER'],
    from: ['COMMUNITY_CORRECTIONS'],
    to: ['COURT', 'PROCURATORATE'],
  },
  CC_NOT_REPORTED: {
    zh: '社区矫正对象未报到',
    en: 'Offender did not report',
    processes: ['EXECUTION_HANDOVER'],
    from: ['COMMUNITY_CORRECTIONS'],
    to: ['COURT', 'PROCURATORATE'],
  },
} as const satisfies Record<string, MessageTypeInfo>;

export type MessageType = keyof typeof MESSAGE_TYPES;
export const MESSAGE_TYPE_IDS = Object.keys(MESSAGE_TYPES) as [MessageType, ...MessageType[]];

/** Documents that travel only as attachments of a message, never as a message of their own. */
export const ATTACHED_DOCUMENT_TYPES = {
  PLEA_AFFIDAVIT: { zh: '认罪认罚具结书', en: 'Guilty-plea affidavit' },
  SENTENCING_RECOMMENDATION: { zh: '量刑建议书', en: 'Sentencing recommendation' },
  FAST_TRACK_PROPOSAL: { zh: '适用速裁程序建议书', en: 'Fast-track proposal' },
  CASE_FILE: { zh: '案卷材料', en: 'Case file volume' },
  SEIZED_PROPERTY_LIST: { zh: '扣押物品清单', en: 'Seized property list' },
  SUPP_INV_OUTLINE: { zh: '补充侦查提纲', en: 'Supplementary investigation outline' },
  CASE_CLOSING_FORM: { zh: '结案登记表', en: 'Case-closing form' },
  ARREST_WARRANT: { zh: '逮捕证', en: 'Arrest warrant' },
  OTHER: { zh: '其他文书', en: 'Other document' },
} as const;

export type AttachedDocumentType = keyof typeof ATTACHED_DOCUMENT_TYPES;
export type DocumentType = MessageType | AttachedDocumentType;
export const DOCUMENT_TYPE_IDS = [...MESSAGE_TYPE_IDS, ...(Object.keys(ATTACHED_DOCUMENT_TYPES) as AttachedDocumentType[])] as [
  DocumentType,
  ...DocumentType[],
];

export function processesOf(type: MessageType): readonly Process[] {
  return MESSAGE_TYPES[type].processes;
}
