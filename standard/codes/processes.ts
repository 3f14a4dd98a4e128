/** The six pilot processes (domain.md §2) and, since standard 1.1, the second instance (CPL 227–245). */
export const PROCESSES = {
  ARREST_REVIEW: { code: 'P1', zh: '审查逮捕', en: 'Arrest review' },
  PROSECUTION_REVIEW: { code: 'P2', zh: '审查起诉', en: 'Prosecution review' },
  PUBLIC_PROSECUTION: { code: 'P3', zh: '提起公诉', en: 'Public prosecution' },
  FIRST_INSTANCE_TRIAL: { code: 'P4', zh: '一审审理', en: 'First-instance trial' },
  LEGAL_AID: { code: 'P5', zh: '法律援助', en: 'Legal aid' },
  EXECUTION_HANDOVER: { code: 'P6', zh: '交付刑罚执行', en: 'Hand-over for sentence execution' },
  SECOND_INSTANCE: { code: 'P7', zh: '二审（上诉、抗诉）', en: 'Second instance (appeal and protest)' },
} as const;

export type Process = keyof typeof PROCESSES;
export const PROCESS_IDS = Object.keys(PROCESSES) as [Process, ...Process[]];
