/**
 * Unit codes for agencies outside the 12-digit platform org-code scheme (prisons, city or
 * provincial detention centres, units of other cities): the unit's 统一社会信用代码 (unified social
 * credit code, GB 32100-2015), 18 characters, which the org directory maps to name, agency and
 * division. Characters 3–8 are the division of the registering authority; the last is a check character.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const UNIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character for the first 17 characters of a unit code. */
export function unitCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

export type UnitCodeResult = { ok: true; division: string } | { ok: false; reason: string; reasonZh: string };

export function parseUnitCode(code: string): UnitCodeResult {
  if (!UNIT_CODE_PATTERN.test(code)) {
    return { ok: false, reason: 'is not an 18-character unified social credit code', reasonZh: '不是18位统一社会信用代码' };
  }
  const expected = unitCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return { ok: false, reason: `check character should be ${expected}`, reasonZh: `校验码应为${expected}` };
  return { ok: true, division: code.slice(2, 8) };
}

/** A 12-digit platform org code or an 18-character unit code. */
export function isUnitCode(code: string): boolean {
  return code.length === 18;
}
