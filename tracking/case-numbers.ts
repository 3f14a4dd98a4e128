import { parseCourtCaseNumber } from '../standard';

/**
 * The one spelling a case number is stored and looked up under: Unicode NFKC (full-width
 * brackets and digits become half-width), no whitespace, and a court 案号 in its canonical form
 * `(2022)粤0105刑初123号`. Other agencies' numbers are otherwise opaque.
 */
export function normalizeCaseNumber(number: string): string {
  const compact = number.normalize('NFKC').replace(/\s+/g, '');
  return parseCourtCaseNumber(compact)?.normalized ?? compact;
}
