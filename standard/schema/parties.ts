import { z } from 'zod';
import { CUSTODY_MEASURE_IDS } from '../codes/custody-measures';
import { ETHNICITY_CODES } from '../codes/ethnicities';
import { GENDER_CODES } from '../codes/gender';
import { ID_TYPE_IDS } from '../codes/id-types';
import { parseResidentId } from '../validators/resident-id';
import { parseUscc } from '../validators/uscc';
import { agency, anyDivisionCode, bilingual, isoDate, nonEmptyText, orgCode } from './primitives';

export const OrgSchema = z
  .strictObject({
    agency: agency.describe('机关类型'),
    division: anyDivisionCode.describe('行政区划代码'),
    orgCode: orgCode.describe('平台机构代码'),
  })
  .describe('机构')
  .superRefine((org, ctx) => {
    const uscc = parseUscc(org.orgCode);
    // A credit code carries its registration division; it must lie in the org's province.
    if (uscc ? uscc.division.slice(0, 2) !== org.division.slice(0, 2) : !org.orgCode.startsWith(org.division)) {
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

export const PersonSchema = z
  .strictObject({
    role: z.enum(['SUSPECT', 'DEFENDANT', 'VICTIM']).describe('诉讼角色'),
    name: nonEmptyText.describe('姓名'),
    gender: z.enum(GENDER_CODES, { error: bilingual('is not a GB/T 2261.1 code (0, 1, 2, 9)', '不是GB/T 2261.1性别代码') }).optional().describe('性别'),
    birthDate: isoDate.optional().describe('出生日期'),
    ethnicity: z.enum(ETHNICITY_CODES, { error: bilingual('is not a GB/T 3304 code', '不是GB/T 3304民族代码') }).optional().describe('民族'),
    idType: z.enum(ID_TYPE_IDS).optional().describe('证件类型'),
    idNumber: nonEmptyText.optional().describe('证件号码'),
    address: nonEmptyText.optional().describe('住址'),
    custody: CustodySchema.optional().describe('强制措施'),
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
        message: bilingual(`encodes birth date ${result.facts.birthDate}, not ${person.birthDate}`, `身份证号中的出生日期为${result.facts.birthDate}，与${person.birthDate}不符`),
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

export const LawyerSchema = z
  .strictObject({
    name: nonEmptyText.describe('律师姓名'),
    licenceNo: nonEmptyText.optional().describe('执业证号'),
    firm: nonEmptyText.optional().describe('律师事务所'),
    phone: nonEmptyText.optional().describe('联系电话'),
    role: z.enum(['DEFENDER', 'DUTY_LAWYER']).optional().describe('律师身份'),
  })
  .describe('律师');

export type Org = z.infer<typeof OrgSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type Custody = z.infer<typeof CustodySchema>;
export type Lawyer = z.infer<typeof LawyerSchema>;
