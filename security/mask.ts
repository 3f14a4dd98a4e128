/**
 * Personal-data masking (个人信息脱敏) for logs, node status, errors, audit details and the console.
 * On by default; `CASELINK_MASK_PERSONAL_DATA=0` turns it off for local debugging only.
 *
 *   440105199001011239 → 440105********1239     张三 → 张*     欧阳娜娜 → 欧***
 *   13800138000 → 138****8000     广州市海珠区新港中路100号 → 广州市海珠区****     1990-01-01 → 1990-**-**
 */

export const MASKING_ENV = 'CASELINK_MASK_PERSONAL_DATA';

export function isMaskingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[MASKING_ENV]?.trim().toLowerCase();
  return !(value === '0' || value === 'false' || value === 'off' || value === 'no');
}

/** Resident id: first 6 (address code) and last 4 kept; other ids: first 2 and last 2. */
export function maskIdNumber(id: string): string {
  const value = id.trim();
  if (/^\d{17}[\dXx]$/.test(value) || /^\d{15}$/.test(value)) return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
  const chars = Array.from(value);
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}

/** Keeps the first character (the surname, usually); separators such as · and spaces stay. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return chars.map((char, index) => (index === 0 || /[\s·•.-]/.test(char) ? char : '*')).join('');
}

/** 11+ digits: first 3 and last 4 kept (138****8000); 7–10 digits: last 4; shorter: all masked. A +86/0086 prefix stays. */
export function maskPhone(phone: string): string {
  const prefix = /^\s*(\+86|0086)[\s-]?/.exec(phone)?.[0] ?? '';
  const rest = phone.slice(prefix.length);
  const total = rest.replace(/\D/g, '').length;
  const keepHead = total >= 11 ? 3 : 0;
  const keepTail = total >= 7 ? 4 : 0;
  let index = 0;
  const masked = rest.replace(/\d/g, (digit) => {
    const position = index++;
    return position < keepHead || position >= total - keepTail ? digit : '*';
  });
  return prefix + masked;
}

/** Keeps the administrative part (up to the last 省/市/区/县 among the first 12 characters). */
export function maskAddress(address: string): string {
  const chars = Array.from(address.trim());
  let keep = 0;
  chars.slice(0, 12).forEach((char, index) => {
    if ('省市区县'.includes(char)) keep = index + 1;
  });
  if (keep === 0) keep = Math.min(2, Math.max(chars.length - 1, 0));
  return chars.length <= keep ? chars.join('') : `${chars.slice(0, keep).join('')}****`;
}

/** Keeps the year: 1990-01-01 → 1990-**-**, 19900101 → 1990****. */
export function maskBirthDate(date: string): string {
  return date.length <= 4 ? '*'.repeat(date.length) : date.slice(0, 4) + date.slice(4).replace(/\d/g, '*');
}

const NOT_ALNUM_BEFORE = '(?<![0-9A-Za-z])';
const NOT_ALNUM_AFTER = '(?![0-9A-Za-z])';
const TEXT_PATTERNS: readonly [RegExp, (match: string) => string][] = [
  [new RegExp(`${NOT_ALNUM_BEFORE}\\d{17}[\\dXx]${NOT_ALNUM_AFTER}`, 'g'), maskIdNumber],
  [new RegExp(`${NOT_ALNUM_BEFORE}\\d{15}${NOT_ALNUM_AFTER}`, 'g'), maskIdNumber],
  [new RegExp(`${NOT_ALNUM_BEFORE}(?:(?:\\+86|0086)[\\s-]?)?1[3-9]\\d[\\s-]?\\d{4}[\\s-]?\\d{4}${NOT_ALNUM_AFTER}`, 'g'), maskPhone],
  [new RegExp(`${NOT_ALNUM_BEFORE}0\\d{2,3}-\\d{7,8}${NOT_ALNUM_AFTER}`, 'g'), maskPhone],
];

/** Masks resident id numbers and phone numbers found anywhere in free text. */
export function maskText(text: string): string {
  let out = text;
  for (const [pattern, mask] of TEXT_PATTERNS) out = out.replace(pattern, mask);
  return out;
}

export interface MaskOptions {
  /** Names to mask wherever they appear in free text (the persons of a message). */
  knownNames?: readonly string[];
}

const ID_KEYS = new Set(['idnumber', 'idno', 'id_card', 'idcard', 'zjhm']);
const PHONE_KEYS = new Set(['phone', 'mobile', 'tel', 'telephone', 'lxdh', 'sjhm']);
const ADDRESS_KEYS = new Set(['address', 'hjdz', 'zz', 'xzz', 'residence_address']);
const BIRTH_KEYS = new Set(['birthdate', 'birthday', 'birth', 'csrq']);
const PERSON_NAME_KEYS = new Set(['xm', 'applicant']);
/** Parents whose `name` is a person's name (unified persons, justice `person`, court Defendant, PSB XYR…). */
const PERSON_PARENTS = new Set(['persons', 'person', 'suspect', 'suspects', 'defendant', 'defendants', 'victim', 'victims', 'xyr']);
const SECRET_KEY = /password|passwd|secret|token|authorization|credential|api[-_]?key|private[-_]?key|^sign(ature)?$/i;
const CONTENT_KEYS = new Set(['content', 'wjnr', 'nr']);

/**
 * A masked copy of any JSON-like value (unified message, raw legacy object, log detail): known
 * personal fields by key, secrets redacted, inline file content left out, free text through maskText.
 */
export function maskDeep<T>(value: T, options: MaskOptions = {}): T {
  const names = [...new Set(options.knownNames ?? [])].filter((name) => Array.from(name).length >= 2).sort((a, b) => b.length - a.length);
  return walk(value, undefined, undefined, names, 0) as T;
}

function maskFreeText(text: string, names: readonly string[]): string {
  let out = text;
  for (const name of names) if (out.includes(name)) out = out.split(name).join(maskName(name));
  return maskText(out);
}

function walk(value: unknown, key: string | undefined, parent: string | undefined, names: readonly string[], depth: number): unknown {
  if (depth > 64) return '[too deep]';
  if (typeof value === 'string') return maskString(value, key?.toLowerCase(), parent?.toLowerCase(), names);
  if (Array.isArray(value)) return value.map((item) => walk(item, key, parent, names, depth + 1));
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [childKey, child] of Object.entries(value)) out[childKey] = walk(child, childKey, key, names, depth + 1);
  return out;
}

function maskString(text: string, key: string | undefined, parent: string | undefined, names: readonly string[]): string {
  if (key === undefined) return maskFreeText(text, names);
  if (SECRET_KEY.test(key)) return '[REDACTED]';
  if (ID_KEYS.has(key)) return maskIdNumber(text);
  if (PHONE_KEYS.has(key)) return maskPhone(text);
  if (ADDRESS_KEYS.has(key)) return maskAddress(text);
  if (BIRTH_KEYS.has(key)) return maskBirthDate(text);
  if (PERSON_NAME_KEYS.has(key) || (key === 'name' && parent !== undefined && PERSON_PARENTS.has(parent))) return maskName(text);
  if (CONTENT_KEYS.has(key) && text.length > 64) return `[${text.length} characters omitted]`;
  return maskFreeText(text, names);
}

/** A masked copy of a unified message: persons' identities, lawyers' phones, and their names wherever they recur. */
export function maskMessage<T>(message: T): T {
  const persons = (message as { persons?: unknown }).persons;
  const knownNames = Array.isArray(persons)
    ? persons.flatMap((person) => (person && typeof (person as { name?: unknown }).name === 'string' ? [(person as { name: string }).name] : []))
    : [];
  return maskDeep(message, { knownNames });
}

/** An error safe to log or show: same name and code, message masked. */
export function maskError(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const masked = new Error(maskText(source.message));
  masked.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (code !== undefined) (masked as Error & { code?: unknown }).code = code;
  return masked;
}
