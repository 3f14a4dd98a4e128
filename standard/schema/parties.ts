import { z } from 'zod';
import { CUSTODY_MEASURE_IDS } from '../codes/custody-measures';
import { ETHNICITY_CODES } from '../codes/ethnicities';
import { GENDER_CODES } from '../codes/gender';
import { ID_TYPE_IDS } from '../codes/id-types';
import { parseResidentId } from '../validators/resident-id';
import { ChargeSchema } from './case-info';
import { parseUnitCode, isUnitCode } from '../validators/unit-code';
import { agency, anyDivisionCode, bilingual, isoDate, nonEmptyText, orgOrUnitCode } from './primitives';

export const OrgSchema = z
  .strictObject({
    agency: agency.describe('机关类型'),
    division: anyDivisionCode.describe('行政区划代码'),
    orgCode: orgOrUnitCode.describe('平台机构代码或单位代码'),
    name: nonEmptyText.optional().describe('机构名称（1.1）'),
  })
  .describe('机构')
  .superRefine((org, ctx) => {
    if (isUnitCode(org.orgCode)) {
      const unit = parseUnitCode(org.orgCode);
      if (!unit.ok) ctx.addIssue({ code: 'custom', path: ['orgCode'], input: org.orgCode, message: bilingual(unit.reason, unit.reasonZh) });
      else if (unit.division !== org.division) {
        ctx.addIssue({
          code: 'custom',
          path: ['division'],
          input: org.division,
          message: bilingual(
            `must be ${unit.division}, the division encoded in unit code ${org.orgCode}`,
            `应为单位代码${org.orgCode}中的区划代码${unit.division}`,
          ),
        });
      }
      return;
    }
    if (!org.orgCode.startsWith(org.division)) {
      ctx.addIssue({
        code: 'custom',
        path: ['orgCode'],
        input: org.orgCode,
        message: bilingual(`does not belong to division ${org.division}`, `与区划代码${org.division}不一致`),
      });
    }
  });

export const CustodySchema = z
  .strictObject({
    measure: z.enum(CUSTODY_MEASURE_IDS).describe('强制措施'),
    since: isoDate.optional().describe('采取日期'),
    place: nonEmptyText.optional().describe('羁押场所'),
  })
  .describe('羁押/强制措施');

export const LawyerSchema = z
  .strictObject({
    name: nonEmptyText.describe('律师姓名'),
    licenceNo: nonEmptyText.optional().describe('执业证号'),
    firm: nonEmptyText.optional().describe('律师事务所'),
    phone: nonEmptyText.optional().describe('联系电话'),
    role: z.enum(['DEFENDER', 'DUTY_LAWYER']).optional().describe('律师身份'),
  })
  .describe('律师');

/** Legal aid a person has (1.1): who defends them and since when. */
export const PersonLegalAidSchema = z
  .strictObject({
    aidType: z.enum(['DUTY_LAWYER', 'DEFENDER']).describe('援助类型'),
    lawyer: LawyerSchema.optional(),
    since: isoDate.optional().describe('指派日期'),
  })
  .describe('法律援助');

/** 认罪认罚 of one person (1.1): not made, signed, or withdrawn after signing. */
export const PLEA_STATUSES = ['NONE', 'SIGNED', 'WITHDRAWN'] as const;

export const PersonSchema = z
  .strictObject({
    role: z.enum(['SUSPECT', 'DEFENDANT', 'VICTIM']).describe('诉讼角色'),
    name: nonEmptyText.describe('姓名'),
    gender: z
      .enum(GENDER_CODES, { error: bilingual('is not a GB/T 2261.1 code (0, 1, 2, 9)', '不是GB/T 2261.1性别代码') })
      .optional()
      .describe('性别'),
    birthDate: isoDate.optional().describe('出生日期'),
    ethnicity: z
      .enum(ETHNICITY_CODES, { error: bilingual('is not a GB/T 3304 code', '不是GB/T 3304民族代码') })
      .optional()
      .describe('民族'),
    idType: z.enum(ID_TYPE_IDS).optional().describe('证件类型'),
    idNumber: nonEmptyText.optional().describe('证件号码'),
    address: nonEmptyText.optional().describe('住址'),
    custody: CustodySchema.optional().describe('强制措施'),
    personId: nonEmptyText.optional().describe('当事人编号（案内唯一，1.1）'),
    charges: z.array(ChargeSchema).optional().describe('本人涉嫌/被控罪名（1.1）'),
    plea: z.enum(PLEA_STATUSES).optional().describe('认罪认罚情况（1.1）'),
    legalAid: PersonLegalAidSchema.optional().describe('法律援助（1.1）'),
  })
  .describe('当事人')
  .superRefine((person, ctx) => {
    if (person.idType !== 'RESIDENT_ID' || person.idNumber === undefined) return;
    const result = parseResidentId(person.idNumber);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', path: ['idNumber'], input: person.idNumber, message: bilingual(result.reason, result.reasonZh) });
      return;
    }
    if (person.birthDate !== undefined && person.birthDate !== result.facts.birthDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        input: person.idNumber,
        message: bilingual(
          `encodes birth date ${result.facts.birthDate}, not ${person.birthDate}`,
          `身份证号中的出生日期为${result.facts.birthDate}，与${person.birthDate}不符`,
        ),
      });
    }
    if ((person.gender === '1' || person.gender === '2') && person.gender !== result.facts.gender) {
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        input: person.idNumber,
        message: bilingual(`encodes gender ${result.facts.gender}, not ${person.gender}`, `身份证号中的性别为${result.facts.gender}，与${person.gender}不符`),
      });
    }
  });

export type Org = z.infer<typeof OrgSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type Custody = z.infer<typeof CustodySchema>;
export type Lawyer = z.infer<typeof LawyerSchema>;
export type PleaStatus = (typeof PLEA_STATUSES)[number];
