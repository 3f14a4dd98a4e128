/**
 * 统一社会信用代码 (GB 32100-2015), the 18-character code every Chinese organisation holds: it is
 * how units outside the 12-digit platform org-code scheme (prisons, and detention centres not run
 * as a district unit) are identified. Characters 3–8 are the GB/T 2260 division of registration;
 * the last is a check character (mod 31).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const USCC_PATTERN = /^[1-9A-HJ-NPQRTUWXY][1-9]\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY]$/;

/** The check character the first 17 characters call for. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** The division of registration when `code` is a well-formed USCC with a correct check character. */
export function parseUscc(code: string): { division: string } | undefined {
  if (!USCC_PATTERN.test(code)) return undefined;
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) return undefined;
  return { division: code.slice(2, 8) };
}
