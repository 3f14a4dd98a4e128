/** 身份证号 validation per GB 11643-1999. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

export interface ResidentIdFacts {
  divisionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** GB/T 2261.1: "1" male (odd sequence), "2" female (even). */
  gender: '1' | '2';
}

export type ResidentIdResult = { ok: true; facts: ResidentIdFacts } | { ok: false; reason: string; reasonZh: string };

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Checks shape, birth date and check character; returns the facts the number encodes. */
export function parseResidentId(idNumber: string): ResidentIdResult {
  if (!SHAPE.test(idNumber)) {
    return { ok: false, reason: 'must be 17 digits followed by a digit or X', reasonZh: '应为17位数字加1位数字或X' };
  }
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  if (year < 1800 || !isValidCalendarDate(year, month, day)) {
    return { ok: false, reason: 'digits 7-14 are not a valid birth date', reasonZh: '第7-14位不是有效的出生日期' };
  }
  const expected = residentIdCheckCharacter(idNumber.slice(0, 17));
  if (idNumber[17] !== expected) {
    return { ok: false, reason: `check character should be ${expected}`, reasonZh: `校验码应为${expected}` };
  }
  const sequence = Number(idNumber.slice(14, 17));
  return {
    ok: true,
    facts: {
      divisionCode: idNumber.slice(0, 6),
      birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
      gender: sequence % 2 === 1 ? '1' : '2',
    },
  };
}
