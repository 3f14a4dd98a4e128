/**
 * The value transforms a mapping document may name, in both directions: code tables, date and time
 * layouts (including `YYYY年MM月DD日`), units (fen ↔ yuan), 15-digit resident id numbers to 18,
 * case numbers and divisions. Decoding never invents: a value a transform cannot read is an error
 * naming the legacy field, the value and the reason.
 */
import { CUSTODY_MEASURES, custodyMeasureByLabel, type CustodyMeasure } from '../../standard/codes/custody-measures';
import { canonicalDivision } from '../../standard/codes/divisions';
import { ETHNICITIES, ethnicityCodeByName, type Ethnicity } from '../../standard/codes/ethnicities';
import { ID_TYPES, ID_TYPE_IDS, type IdType } from '../../standard/codes/id-types';
import { normalizeBrackets, parseCourtCaseNumber } from '../../standard/validators/case-numbers';
import { toBeijingIsoExact } from '../../standard/beijing-time';
import { compactDateTimeToIso, isoToCompactDateTime, isoToEpoch, isoToSpacedDateTime, spacedDateTimeToIso } from '../shared/beijing-time';
import { chargeCodeOfName, chargeNameOf } from '../shared/charge-codes';
import { documentCodeOf, documentTypeOf } from '../shared/document-codes';
import type { IssueCollector } from '../shared/issues';
import { bi, compactDateValue, epochValue, isoDateTimeValue, isoDateValue } from '../shared/legacy-values';
import type { Transform } from './schema';

/** A code table both ways. */
export interface ResolvedTable {
  name: string;
  decode(code: string): string | undefined;
  encode(code: string): string | undefined;
  /** For error messages: some of the legacy codes. */
  examples(): string[];
}

const own = (table: Readonly<Record<string, string>>, key: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

export function tableOf(name: string, decode: Readonly<Record<string, string>>, encode?: Readonly<Record<string, string>>): ResolvedTable {
  const reverse: Record<string, string> = { ...(encode ?? {}) };
  if (!encode) for (const [legacy, unified] of Object.entries(decode)) if (own(reverse, unified) === undefined) reverse[unified] = legacy;
  return { name, decode: (code) => own(decode, code), encode: (code) => own(reverse, code), examples: () => Object.keys(decode).slice(0, 8) };
}

/** Code tables of the standard, by the names documents use. */
export const STANDARD_TABLE_IMPLEMENTATIONS: Readonly<Record<string, ResolvedTable>> = {
  'standard:ethnicity-zh': {
    name: 'standard:ethnicity-zh',
    decode: (code) => ethnicityCodeByName(code),
    encode: (code) => ETHNICITIES[code as Ethnicity],
    examples: () => ['汉族', '回族', '壮族'],
  },
  'standard:id-type-zh': {
    name: 'standard:id-type-zh',
    decode: (code) => ID_TYPE_IDS.find((id) => ID_TYPES[id].zh === code),
    encode: (code) => ID_TYPES[code as IdType]?.zh,
    examples: () => ID_TYPE_IDS.map((id) => ID_TYPES[id].zh),
  },
  'standard:custody-measure-zh': {
    name: 'standard:custody-measure-zh',
    decode: (code) => custodyMeasureByLabel(code),
    encode: (code) => CUSTODY_MEASURES[code as CustodyMeasure]?.zh,
    examples: () => Object.values(CUSTODY_MEASURES).map((m) => m.zh),
  },
  'standard:document-code': {
    name: 'standard:document-code',
    decode: (code) => documentTypeOf(code),
    encode: (code) => documentCodeOf(code as never),
    examples: () => ['TQPZDBS', 'PZDBJDS', 'QSS'],
  },
  'standard:gender-zh': tableOf('standard:gender-zh', { 男: '1', 女: '2', 未知: '0', 未说明: '9' }),
  'standard:charge-name-zh': {
    name: 'standard:charge-name-zh',
    decode: (name) => chargeCodeOfName(name),
    encode: (code) => chargeNameOf(code),
    examples: () => ['盗窃罪', '诈骗罪', '故意伤害罪'],
  },
};

export interface TransformContext {
  tables(names: string | string[]): ResolvedTable[];
  /** A compiled JSONata expression (compiled once per document; throws on a syntax error). */
  expression(text: string): { evaluate(input: unknown, bindings?: Record<string, unknown>): unknown };
}

/** What a JSONata expression may see besides its input. */
export interface ExpressionScope {
  item?: unknown;
  root?: unknown;
  message?: unknown;
}

function evaluateExpression(text: string, input: unknown, scope: ExpressionScope, field: string, issues: IssueCollector, context: TransformContext): unknown {
  try {
    const value = context.expression(text).evaluate(input, { item: scope.item, root: scope.root, message: scope.message });
    // JSONata returns its own array type for sequences; plain values are what the standard holds.
    return Array.isArray(value) ? [...value] : value;
  } catch (error) {
    return issues.error(field, input, bi(`JSONata ${text} failed: ${(error as Error).message}`, 'JSONata表达式求值失败'));
  }
}

const dateLayouts = {
  'YYYY-MM-DD': { read: (v: string, f: string, i: IssueCollector) => isoDateValue(v, f, i), write: (iso: string) => iso },
  YYYYMMDD: { read: (v: string, f: string, i: IssueCollector) => compactDateValue(v, f, i), write: (iso: string) => iso.replace(/-/g, '') },
  YYYY年MM月DD日: {
    read: (v: string, f: string, i: IssueCollector) => {
      const m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(v.trim());
      if (!m) return i.error(f, v, bi('must be a date YYYY年MM月DD日', '应为日期 YYYY年MM月DD日'));
      return isoDateValue(`${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`, f, i);
    },
    write: (iso: string) => `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日`,
  },
} as const;

const dateTimeLayouts = {
  'YYYY-MM-DD HH:mm:ss': {
    read: (v: unknown, f: string, i: IssueCollector) =>
      (typeof v === 'string' ? spacedDateTimeToIso(v.trim()) : undefined) ??
      i.error(f, v, bi('must be a time yyyy-MM-dd HH:mm:ss', '应为时间 yyyy-MM-dd HH:mm:ss')),
    write: (iso: string): unknown => isoToSpacedDateTime(iso),
    date: 'YYYY-MM-DD' as const,
  },
  YYYYMMDDHHmmss: {
    read: (v: unknown, f: string, i: IssueCollector) =>
      (typeof v === 'string' ? compactDateTimeToIso(v.trim()) : undefined) ?? i.error(f, v, bi('must be a time yyyyMMddHHmmss', '应为时间 yyyyMMddHHmmss')),
    write: (iso: string): unknown => isoToCompactDateTime(iso),
    date: 'YYYYMMDD' as const,
  },
  epochMillis: {
    read: (v: unknown, f: string, i: IssueCollector) => epochValue(v, f, i),
    write: (iso: string): unknown => isoToEpoch(iso),
    date: 'YYYY-MM-DD' as const,
  },
  ISO8601: {
    read: (v: unknown, f: string, i: IssueCollector) => isoDateTimeValue(typeof v === 'string' ? v : String(v), f, i),
    // The same instant in Beijing time, as the legacy systems write it.
    write: (iso: string): unknown => toBeijingIsoExact(Date.parse(iso)),
    date: 'YYYY-MM-DD' as const,
  },
} as const;

export type DateTimeFormat = keyof typeof dateTimeLayouts;

export function readDateTime(value: unknown, format: DateTimeFormat, field: string, issues: IssueCollector): string | undefined {
  return dateTimeLayouts[format].read(value, field, issues);
}

export function writeDateTime(iso: string, format: DateTimeFormat): unknown {
  return dateTimeLayouts[format].write(iso);
}

/** GB 11643 check character of the first 17 digits. */
function residentIdCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return '10X98765432'[sum % 11]!;
}

/** A resident id number as 18 characters: a 15-digit legacy number gets `19` and its check character. */
export function residentId18(value: string): string | undefined {
  const v = value.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(v)) return v;
  if (/^\d{15}$/.test(v)) {
    const first17 = `${v.slice(0, 6)}19${v.slice(6)}`;
    return first17 + residentIdCheck(first17);
  }
  return undefined;
}

const caseNumberText = (value: string): string => (/[（）]/.test(value) && parseCourtCaseNumber(value) ? normalizeBrackets(value) : value);

/** The answer of the first table that has one, in the order the transform names them. */
function firstAnswer<T>(tables: readonly ResolvedTable[], look: (table: ResolvedTable) => T | undefined): T | undefined {
  for (const table of tables) {
    const answer = look(table);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

/** Legacy → unified. Returns undefined after reporting an error on `field`. */
export function decodeValue(
  value: unknown,
  transform: Transform,
  field: string,
  issues: IssueCollector,
  context: TransformContext,
  scope: ExpressionScope = {},
): unknown {
  if (typeof transform === 'string') {
    const text = String(value);
    switch (transform) {
      case 'upper':
        return text.toUpperCase();
      case 'id18':
        return residentId18(text) ?? issues.error(field, value, bi('is not a resident id number of 15 or 18 characters', '不是15位或18位居民身份证号码'));
      case 'caseNumber':
        return caseNumberText(text);
      case 'courtCaseNumber':
        return (
          parseCourtCaseNumber(text)?.normalized ??
          issues.error(field, value, bi('is not a court case number like (2022)粤0105刑初123号', '不是有效的法院案号'))
        );
      case 'division':
        return canonicalDivision(text) ?? text;
    }
  }
  if ('jsonata' in transform) return evaluateExpression(transform.jsonata.decode, value, scope, field, issues, context);
  if ('table' in transform) {
    const tables = context.tables(transform.table);
    const code = String(value);
    const decoded = firstAnswer(tables, (table) => table.decode(code));
    if (decoded !== undefined) return decoded;
    const examples = tables
      .flatMap((t) => t.examples())
      .slice(0, 8)
      .join(', ');
    return issues.error(field, value, bi(`is not a code of ${tables.map((t) => t.name).join(' / ')} (e.g. ${examples})`, '不是代码表中的值'));
  }
  if ('date' in transform) return dateLayouts[transform.date].read(String(value), field, issues);
  if ('dateTime' in transform) return dateTimeLayouts[transform.dateTime].read(value, field, issues);
  if ('decimals' in transform) {
    const places = String(value).split('.')[1]?.length ?? 0;
    if (typeof value !== 'number' || places > transform.decimals)
      return issues.error(field, value, bi(`must be a number with at most ${transform.decimals} decimals`, `应为至多${transform.decimals}位小数的数字`));
    return value;
  }
  if ('dateOrDateTime' in transform) {
    const layout = dateTimeLayouts[transform.dateOrDateTime];
    const text = String(value);
    const dateLength = layout.date === 'YYYYMMDD' ? 8 : 10;
    if (typeof value === 'number' || text.length > dateLength) {
      return layout.read(value, field, issues) ?? undefined;
    }
    return dateLayouts[layout.date].read(text, field, issues);
  }
  // unit
  if (transform.unit === 'fen-yuan') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      return issues.error(field, value, bi('must be a whole number of fen', '应为以分为单位的整数'));
    return value / 100;
  }
  return value;
}

/** Unified → legacy. Returns undefined after reporting a problem on the unified `field`. */
export function encodeValue(
  value: unknown,
  transform: Transform,
  field: string,
  issues: IssueCollector,
  context: TransformContext,
  scope: ExpressionScope = {},
): unknown {
  if (typeof transform === 'string') return value;
  if ('jsonata' in transform)
    return transform.jsonata.encode === undefined ? undefined : evaluateExpression(transform.jsonata.encode, value, scope, field, issues, context);
  if ('table' in transform) {
    const tables = context.tables(transform.table);
    const code = String(value);
    const encoded = firstAnswer(tables, (table) => table.encode(code));
    if (encoded !== undefined) return encoded;
    return issues.error(
      field,
      value,
      bi(`has no code in ${tables.map((t) => t.name).join(' / ')}: the system cannot hold it`, '代码表中无对应代码，对方系统无法接收'),
    );
  }
  if ('date' in transform) return dateLayouts[transform.date].write(String(value).slice(0, 10));
  if ('dateTime' in transform) return dateTimeLayouts[transform.dateTime].write(String(value));
  if ('decimals' in transform)
    return typeof value === 'number' ? value.toFixed(transform.decimals) : issues.error(field, value, bi('must be a number', '应为数字'));
  if ('dateOrDateTime' in transform) {
    const text = String(value);
    const layout = dateTimeLayouts[transform.dateOrDateTime];
    return text.includes('T') ? layout.write(text) : dateLayouts[layout.date].write(text);
  }
  if (transform.unit === 'fen-yuan')
    return typeof value === 'number' ? Math.round(value * 100) : issues.error(field, value, bi('must be a number of yuan', '应为以元为单位的数字'));
  return value;
}
