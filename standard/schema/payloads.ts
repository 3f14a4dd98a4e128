import { z } from 'zod';
import { AGENCY_IDS } from '../codes/agencies';
import type { MessageType } from '../codes/message-types';
import { TrackSchema } from './case-info';
import { LawyerSchema, OrgSchema } from './parties';
import { ChargeSchema } from './case-info';
import { DefendantJudgmentSchema, PleaAffidavitSchema, SentenceSchema, SentencingRecommendationSchema } from './sentencing';
import { EXTENDABLE_CLOCKS, EXTENSION_BASES } from '../clocks/extension-bases';
import { anyDivisionCode, bilingual, isoDate, isoDateOrDateTime, nonEmptyText, orgCode } from './primitives';

const date = isoDate;
const dateOrTime = isoDateOrDateTime;
const text = nonEmptyText;
const reason = text.optional().describe('理由');
const grounds = text.optional().describe('理由/依据');
const decisionDate = date.optional().describe('决定日期');
const empty = z.strictObject({});

const personIds = z.array(text).optional().describe('涉及的当事人编号（1.1）');
const against = z.enum(['JUDGMENT', 'RULING']).optional().describe('不服的是判决还是裁定（1.1）');

/** One defendant in an indictment (1.1): own charges, recommendation and plea. */
const IndictedDefendantSchema = z
  .strictObject({
    personId: text.describe('当事人编号'),
    charges: z.array(ChargeSchema).optional().describe('指控罪名'),
    sentencingRecommendation: SentencingRecommendationSchema.optional(),
    pleaAffidavit: PleaAffidavitSchema.optional(),
  })
  .describe('被告人起诉事项');

const SECOND_INSTANCE_OUTCOMES = z.enum(['UPHELD', 'REVISED', 'REMANDED']).describe('二审结果：维持原判/改判/发回重审');

const AID_STAGES = z.enum(['INVESTIGATION', 'REVIEW', 'TRIAL']).describe('诉讼阶段');
const AID_TYPES = z.enum(['DUTY_LAWYER', 'DEFENDER']).describe('援助类型');

/** Decision and notice data carried by each message type (standard-core.md `payload`). */
export const PAYLOAD_SCHEMAS = {
  ARREST_REQUEST: z.strictObject({
    detentionDate: date.optional().describe('刑事拘留日期'),
    requestPeriodExtended: z.boolean().optional().describe('提请批准逮捕时间经批准延长一至四日（刑诉法第九十一条，1.x）'),
  }),
  ACCEPTANCE_ACK: z.strictObject({
    receivedAt: dateOrTime.optional().describe('受理时间'),
    rightsNotifiedOn: date.optional().describe('告知有权委托辩护人的日期（刑诉法第三十四条，1.x）'),
  }),
  ARREST_APPROVAL: z.strictObject({ decision: z.literal('APPROVED').describe('决定'), decisionDate, reason }),
  ARREST_DENIAL: z.strictObject({
    decision: z.literal('NOT_APPROVED').describe('决定'),
    decisionDate,
    reasonCode: z.enum(['NO_CRIME', 'INSUFFICIENT_EVIDENCE', 'NO_NECESSITY']).optional().describe('不批捕理由类别'),
    reason,
  }),
  ARREST_EXECUTION_RECEIPT: z.strictObject({
    executedOn: date.optional().describe('执行日期'),
    warrantNo: text.optional().describe('逮捕证号'),
  }),
  DENIAL_EXECUTION_RECEIPT: z.strictObject({
    executedOn: date.optional().describe('执行日期'),
    measure: z.enum(['BAIL', 'RESIDENTIAL_SURVEILLANCE', 'RELEASED']).optional().describe('变更后的强制措施'),
  }),
  ARREST_REQUEST_WITHDRAWAL: z.strictObject({ reason }),
  RECONSIDERATION_REQUEST: z.strictObject({ grounds }),
  RECONSIDERATION_DECISION: z.strictObject({ outcome: z.enum(['UPHELD', 'REVERSED']).describe('复议结果'), decisionDate, reason }),
  REVIEW_REQUEST: z.strictObject({ grounds }),
  REVIEW_DECISION: z.strictObject({ outcome: z.enum(['UPHELD', 'REVERSED']).describe('复核结果'), decisionDate, reason }),
  PROSECUTION_OPINION: z.strictObject({ fastTrackProposed: z.boolean().optional().describe('建议适用速裁') }),
  CUSTODY_TRANSFER: z.strictObject({
    detaineeCode: z
      .string()
      .regex(/^\d{21}$/)
      .optional()
      .describe('在押人员编码'),
    responsibleAgency: z.enum(AGENCY_IDS).optional().describe('新的办案机关'),
    custodyDeadline: date.optional().describe('羁押期限'),
  }),
  SUPP_INV_RETURN: z.strictObject({
    decision: z.literal('RETURN_FOR_SUPP_INV').describe('决定'),
    decisionDate,
    round: z
      .union([z.literal(1), z.literal(2)])
      .optional()
      .describe('退补次数'),
    reason,
  }),
  SUPP_INV_REPORT: z.strictObject({
    round: z
      .union([z.literal(1), z.literal(2)])
      .optional()
      .describe('退补次数'),
  }),
  REVIEW_EXTENSION: z.strictObject({ newDeadline: date.describe('延长后的期限'), decisionDate }),
  DEADLINE_EXTENSION: z.strictObject({
    clock: z.enum(EXTENDABLE_CLOCKS).describe('延长的期限'),
    basis: z.enum(EXTENSION_BASES).describe('延长的法律依据'),
    decisionDate,
    newDeadline: date.optional().describe('延长后的期限'),
    approvedBy: text.optional().describe('批准机关'),
    reason,
  }),
  NON_PROSECUTION_DECISION: z.strictObject({
    decision: z.literal('NON_PROSECUTE').describe('决定'),
    decisionDate,
    type: z.enum(['STATUTORY', 'DISCRETIONARY', 'INSUFFICIENT_EVIDENCE', 'SPECIAL']).optional().describe('不起诉类型'),
    reason,
  }),
  NON_PROS_RECONSIDERATION: z.strictObject({ grounds }),
  JURISDICTION_TRANSFER: z.strictObject({ toOrgCode: orgCode.optional().describe('移送至机构'), reason }),
  INDICTMENT: z.strictObject({
    decision: z.literal('PROSECUTE').optional().describe('决定'),
    decisionDate,
    procedure: TrackSchema.optional().describe('建议程序'),
    sentencingRecommendation: SentencingRecommendationSchema.optional(),
    pleaAffidavit: PleaAffidavitSchema.optional(),
    defendants: z.array(IndictedDefendantSchema).optional().describe('各被告人起诉事项（1.1）'),
  }),
  CASE_ACCEPTED: z.strictObject({
    courtCaseNo: text.optional().describe('法院案号'),
    acceptedOn: date.optional().describe('立案日期'),
    procedure: TrackSchema.optional().describe('适用程序'),
    receivedOn: date.optional().describe('改变管辖后本院收到案件的日期（审理期限自此起算，刑事诉讼法第二百零八条第二款，1.x）'),
  }),
  SUPPLEMENT_REQUEST: z.strictObject({ items: z.array(text).optional().describe('需补充材料'), reason }),
  CASE_RETURNED: z.strictObject({ reason }),
  PROSECUTION_WITHDRAWAL: z.strictObject({ reason }),
  HEARING_NOTICE: z.strictObject({
    hearingAt: dateOrTime.optional().describe('开庭时间'),
    courtroom: text.optional().describe('法庭'),
  }),
  SENTENCING_ADJUSTMENT: z.strictObject({ recommendation: SentencingRecommendationSchema.optional(), reason }),
  PROCEDURE_CONVERSION: z.strictObject({ newProcedure: TrackSchema.describe('转换后的程序'), reason }),
  JUDGMENT: z.strictObject({
    verdict: z.enum(['CONVICTED', 'ACQUITTED']).optional().describe('判决结果'),
    sentence: SentenceSchema.optional(),
    recommendationAdopted: z.boolean().optional().describe('采纳量刑建议'),
    pronouncedInCourt: z.boolean().optional().describe('当庭宣判'),
    pronouncedOn: date.optional().describe('宣判日期'),
    documentKind: z.enum(['JUDGMENT', 'RULING']).optional().describe('判决或裁定（上诉期限十日或五日，1.x）'),
    defendants: z.array(DefendantJudgmentSchema).optional().describe('各被告人判决（1.1）'),
  }),
  SERVICE_RECEIPT: z.strictObject({
    servedAt: dateOrTime.optional().describe('送达时间'),
    servedDocNo: text.optional().describe('送达文书号'),
  }),
  PROTEST: z.strictObject({ grounds, protestedOn: date.optional().describe('抗诉日期（1.1）'), against, personIds }),
  APPEAL: z.strictObject({
    grounds,
    appealedOn: date.optional().describe('上诉日期（1.1）'),
    against,
    personIds,
    lodgedWith: z.enum(['FIRST_INSTANCE_COURT', 'SECOND_INSTANCE_COURT']).optional().describe('上诉提出途径（1.1，刑事诉讼法第二百三十一条）'),
  }),
  TRIAL_POSTPONEMENT: z.strictObject({
    ground: z.enum(['SUPP_INV']).describe('延期审理事由：检察人员建议补充侦查（刑事诉讼法第二百零四条第二项）'),
    decisionDate,
    round: z
      .union([z.literal(1), z.literal(2)])
      .optional()
      .describe('第几次建议延期审理（以二次为限，刑诉法解释第二百七十四条）'),
    reason,
  }),
  TRIAL_RESUMPTION_REQUEST: z.strictObject({
    transferredOn: date.optional().describe('补充侦查完毕移送人民法院的日期（审理期限自此重新计算，刑事诉讼法第二百零八条第三款）'),
    round: z
      .union([z.literal(1), z.literal(2)])
      .optional()
      .describe('第几次补充侦查'),
  }),
  TRIAL_JURISDICTION_CHANGE: z.strictObject({
    toOrgCode: orgCode.optional().describe('改变管辖后的人民法院'),
    decisionDate,
    reason,
  }),
  JUDGMENT_EFFECTIVE: z.strictObject({ effectiveDate: date.optional().describe('生效日期'), personIds }),
  SECOND_INSTANCE_TRANSFER: z.strictObject({
    transferredOn: date.optional().describe('移送日期'),
    firstInstanceCaseNo: text.optional().describe('一审案号'),
    grounds: z.enum(['APPEAL', 'PROTEST', 'APPEAL_AND_PROTEST']).optional().describe('二审由来：上诉/抗诉/上诉及抗诉'),
    personIds,
  }),
  SECOND_INSTANCE_ACCEPTED: z.strictObject({
    courtCaseNo: text.optional().describe('二审案号'),
    acceptedOn: date.optional().describe('立案日期'),
    hearing: z.enum(['OPEN_HEARING', 'NO_HEARING']).optional().describe('开庭/不开庭审理（刑事诉讼法第二百三十四条）'),
  }),
  SECOND_INSTANCE_DECISION: z
    .strictObject({
      form: z.enum(['RULING', 'JUDGMENT']).describe('裁定/判决'),
      outcome: SECOND_INSTANCE_OUTCOMES,
      decidedOn: date.optional().describe('裁判日期'),
      reason,
      defendants: z.array(DefendantJudgmentSchema).optional().describe('各被告人裁判结果'),
    })
    .superRefine((decision, ctx) => {
      const expected = decision.outcome === 'REVISED' ? 'JUDGMENT' : 'RULING';
      if (decision.form !== expected) {
        ctx.addIssue({
          code: 'custom',
          path: ['form'],
          input: decision.form,
          message: bilingual(
            `an outcome ${decision.outcome} is given by ${expected} (CPL 236)`,
            decision.outcome === 'REVISED' ? '改判应当以判决作出（刑事诉讼法第二百三十六条）' : '维持原判、发回重审应当以裁定作出（刑事诉讼法第二百三十六条）',
          ),
        });
      }
    }),
  LEGAL_AID_NOTICE: z.strictObject({
    stage: AID_STAGES.optional(),
    aidType: AID_TYPES.optional(),
    reasonCode: z.enum(['MINOR', 'DISABILITY', 'MENTAL_CAPACITY', 'SEVERE_PENALTY', 'HARDSHIP', 'PLEA_SIGNING']).optional().describe('援助事由'),
  }),
  LAWYER_ASSIGNMENT: z.strictObject({ lawyer: LawyerSchema.optional(), aidType: AID_TYPES.optional(), stage: AID_STAGES.optional() }),
  LEGAL_AID_APPLICATION_FORWARD: z.strictObject({
    applicant: text.optional().describe('申请人'),
    hardshipProof: text.optional().describe('经济困难证明'),
  }),
  LEGAL_AID_DECISION: z.strictObject({
    granted: z.boolean().optional().describe('是否给予援助'),
    reason,
    lawyer: LawyerSchema.optional(),
    aidType: AID_TYPES.optional(),
    stage: AID_STAGES.optional(),
  }),
  DUTY_LAWYER_REQUEST: z.strictObject({ signingAt: dateOrTime.optional().describe('具结时间'), place: text.optional().describe('地点') }),
  DUTY_LAWYER_ASSIGNMENT: z.strictObject({ lawyer: LawyerSchema.optional() }),
  LEGAL_AID_TERMINATION: z.strictObject({ reason }),
  LEGAL_AID_CLOSURE: z.strictObject({ reason }),
  LEGAL_AID_OBJECTION: z.strictObject({
    receivedOn: date.optional().describe('司法行政部门收到异议的日期（法律援助法第四十九条）'),
    against: z.enum(['DENIAL', 'TERMINATION']).optional().describe('异议针对不予法律援助还是终止法律援助的决定'),
    stage: AID_STAGES.optional(),
    grounds,
  }),
  LEGAL_AID_OBJECTION_DECISION: z.strictObject({
    outcome: z.enum(['UPHELD', 'AID_ORDERED']).describe('审查结果：维持法律援助机构决定/责令法律援助机构改正（提供法律援助）'),
    decisionDate,
    decidedBy: text.optional().describe('作出决定的司法行政部门'),
    stage: AID_STAGES.optional(),
    reason,
  }),
  EXECUTION_NOTICE: z.strictObject({
    executor: z.enum(AGENCY_IDS).optional().describe('执行机关'),
    sentence: SentenceSchema.optional(),
    personId: text.optional().describe('罪犯的当事人编号（1.1）'),
    executingOrg: OrgSchema.optional().describe('执行机关（1.1，监狱等以单位代码标识）'),
  }),
  EXECUTION_RECEIPT: z.strictObject({ receivedAt: dateOrTime.optional().describe('收到时间') }),
  PRISONER_TRANSFER: z.strictObject({ transferredOn: date.optional().describe('交付日期') }),
  ADMISSION_NOTICE: z.strictObject({ admittedOn: date.optional().describe('入监日期') }),
  CC_NOTICE: z.strictObject({
    residenceDivision: anyDivisionCode.optional().describe('居住地区划'),
    probationMonths: z.number().int().nonnegative().optional().describe('考验期（月）'),
  }),
  CC_DOCUMENTS: empty,
  CC_RECEIPT: z.strictObject({ receivedAt: dateOrTime.optional().describe('收到时间') }),
  CC_REPORTED: z.strictObject({
    reportedAt: dateOrTime.optional().describe('报到时间'),
    residenceDivision: anyDivisionCode.optional().describe('居住地区划'),
    probationMonths: z.number().int().nonnegative().optional().describe('考验期（月）'),
  }),
  CC_NOT_REPORTED: z.strictObject({
    residenceDivision: anyDivisionCode.optional().describe('居住地区划'),
    probationMonths: z.number().int().nonnegative().optional().describe('考验期（月）'),
  }),
} as const satisfies Record<MessageType, z.ZodType>;

export type PayloadOf<T extends MessageType> = z.infer<(typeof PAYLOAD_SCHEMAS)[T]>;
