/** Court 案号 (法〔2015〕137号) and platform caseUid formats (domain.md §4). */

/** 案号 with half-width or full-width brackets: (年) + 法院代字 + 类型代字 + 序号 + 号. */
export const COURT_CASE_NUMBER_PATTERN = /^[（(](\d{4})[）)](粤\d{2}(?:\d{2})?)(刑[初终更再]?)(\d+)号$/;
/** Platform case id GZ-{division}-{yyyy}-{seq6}. */
export const CASE_UID_PATTERN = /^GZ-(\d{6})-(\d{4})-(\d{6})$/;
const COURT_CASE_NO = COURT_CASE_NUMBER_PATTERN;
const CASE_UID = CASE_UID_PATTERN;

export interface CourtCaseNumber {
  /** Normalised form with half-width brackets, e.g. (2022)粤0105刑初123号 */
  normalized: string;
  year: number;
  /** e.g. 粤0105 */
  courtCode: string;
  /** e.g. 刑初 */
  typeCode: string;
  sequence: number;
}

/** Replaces full-width brackets （） with half-width (). */
export function normalizeBrackets(value: string): string {
  return value.replace(/（/g, '(').replace(/）/g, ')');
}

export function parseCourtCaseNumber(value: string): CourtCaseNumber | undefined {
  const match = COURT_CASE_NO.exec(value.trim());
  if (!match) return undefined;
  const [, year, courtCode, typeCode, sequence] = match as unknown as [string, string, string, string, string];
  return {
    normalized: `(${year})${courtCode}${typeCode}${sequence}号`,
    year: Number(year),
    courtCode,
    typeCode,
    sequence: Number(sequence),
  };
}

/** The normalised (half-width) 案号 for its parts: (2022)粤0105刑初123号. */
export function formatCourtCaseNumber(parts: Pick<CourtCaseNumber, 'year' | 'courtCode' | 'typeCode' | 'sequence'>): string {
  return `(${String(parts.year).padStart(4, '0')})${parts.courtCode}${parts.typeCode}${parts.sequence}号`;
}

export interface CaseUid {
  division: string;
  year: number;
  sequence: number;
}

export function parseCaseUid(value: string): CaseUid | undefined {
  const match = CASE_UID.exec(value);
  if (!match) return undefined;
  return { division: match[1]!, year: Number(match[2]), sequence: Number(match[3]) };
}

export function formatCaseUid(division: string, year: number, sequence: number): string {
  return `GZ-${division}-${String(year).padStart(4, '0')}-${String(sequence).padStart(6, '0')}`;
}
