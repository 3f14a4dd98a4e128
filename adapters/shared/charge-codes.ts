/**
 * Charge names as the legacy systems write them (案由 / 罪名, e.g. 盗窃罪) ↔ the standard's charge
 * codes, for the whole charge table (standard/codes/data/charges.json). 盗窃罪 keeps its standard 1.0
 * code THEFT (the same charge as CL264), so the pilot's messages stay 1.0 messages.
 */
import { CHARGE_TABLE_INFO, chargeByCode, chargeByName } from '../../standard/codes/charges';
import type { IssueCollector } from './issues';
import { bi } from './legacy-values';

/** Table code → the code adapters write (the 1.0 code where 1.0 has one). */
const WRITTEN_CODE: Readonly<Record<string, string>> = { CL264: 'THEFT' };

/** The standard's code for a charge name (with or without 罪, full- or half-width brackets); an error naming the value otherwise. */
export function chargeCodeFromName(value: string | undefined, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  const code = chargeCodeOfName(value);
  if (code !== undefined) return code;
  return issues.error(
    field,
    value,
    bi(
      `is not a charge name of the charge table ${CHARGE_TABLE_INFO.table} (${CHARGE_TABLE_INFO.version}, ${CHARGE_TABLE_INFO.count} charges)`,
      `不是罪名表（${CHARGE_TABLE_INFO.version}版，共${CHARGE_TABLE_INFO.count}个罪名）中的罪名`,
    ),
  );
}

/** The standard's code for a charge name, undefined when the table has no such charge. */
export function chargeCodeOfName(value: string): string | undefined {
  const entry = chargeByName(value);
  return entry ? (WRITTEN_CODE[entry.code] ?? entry.code) : undefined;
}

/** The Chinese charge name for a standard charge code (THEFT and CL264 both give 盗窃罪). */
export function chargeNameOf(code: string): string | undefined {
  return chargeByCode(code)?.zh;
}
