/**
 * The charge table (罪名表) of the Criminal Law, loaded from data/charges.json. The data file keeps
 * its own source and version, so an amendment or a new 补充规定 is a data update, not a code change.
 */
import table from './data/charges.json';

export interface ChargeEntry {
  /** Stable code: CL + article (+ AN for 之N) (+ _k when the article holds several charges); FX1 for the 1998 decision. */
  code: string;
  /** Article of the Criminal Law, e.g. `264`, `133之一`; null when the charge comes from another instrument. */
  article: string | null;
  zh: string;
  en: string;
  /** Chapter or chapter.section of the Specific Provisions, e.g. `5`, `3.4`. */
  group: string;
  instrument?: string;
}

interface Bilingual {
  zh: string;
  en: string;
}

interface ChargeTableData {
  table: string;
  version: string;
  lawVersion: Bilingual;
  count: number;
  sources: Bilingual[];
  notes: Bilingual[];
  instruments: Record<string, Bilingual>;
  groups: Array<{ id: string } & Bilingual>;
  charges: ChargeEntry[];
}

const data = table as ChargeTableData;

/** Where the table comes from and which version of the law it reflects. */
export const CHARGE_TABLE_INFO = {
  table: data.table,
  version: data.version,
  lawVersion: data.lawVersion,
  count: data.count,
  sources: data.sources,
  notes: data.notes,
} as const;

export const CHARGE_GROUPS: ReadonlyArray<{ id: string } & Bilingual> = data.groups;
export const CHARGE_ENTRIES: readonly ChargeEntry[] = data.charges;
export const CHARGE_CODES = data.charges.map((c) => c.code) as [string, ...string[]];

/** Standard 1.0 charge codes, still accepted, and the table code each one means. */
export const LEGACY_CHARGE_CODES: Readonly<Record<string, string>> = { THEFT: 'CL264' };

const BY_CODE = new Map(data.charges.map((c) => [c.code, c]));
const BY_NAME = new Map(data.charges.map((c) => [normaliseChargeName(c.zh), c]));

/** Full-width and half-width brackets and commas, spaces and the trailing 罪 do not distinguish names. */
export function normaliseChargeName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）').replace(/[,，]/g, '、');
  return trimmed.endsWith('罪') ? trimmed.slice(0, -1) : trimmed;
}

/** The table entry for a code (a 1.0 code such as THEFT reads as its table code). */
export function chargeByCode(code: string): ChargeEntry | undefined {
  return BY_CODE.get(LEGACY_CHARGE_CODES[code] ?? code);
}

/** The table entry for a Chinese charge name, with or without the trailing 罪. */
export function chargeByName(name: string): ChargeEntry | undefined {
  return BY_NAME.get(normaliseChargeName(name));
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 264 → 二百六十四 (1–999, the way the Criminal Law numbers its articles). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new RangeError(`article number out of range: ${n}`);
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = '';
  if (hundreds > 0) out += `${DIGITS[hundreds]}百`;
  if (tens > 0) out += `${hundreds === 0 && tens === 1 ? '' : DIGITS[tens]}十`;
  else if (hundreds > 0 && ones > 0) out += '零';
  if (ones > 0) out += DIGITS[ones];
  return out;
}

/** 刑法第二百六十四条, 刑法第一百三十三条之一; the instrument's name for charges outside the Criminal Law. */
export function statuteOf(code: string): string | undefined {
  const entry = chargeByCode(code);
  if (!entry) return undefined;
  if (entry.article === null) return entry.instrument ? data.instruments[entry.instrument]?.zh : undefined;
  const match = /^(\d+)(之.)?$/.exec(entry.article);
  if (!match) return undefined;
  return `刑法第${chineseNumber(Number(match[1]))}条${match[2] ?? ''}`;
}
