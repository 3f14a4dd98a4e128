/** The pilot districts (GB/T 2260 division codes, domain.md §5). */
export const DIVISIONS = {
  '440105': { zh: '海珠区', en: 'Haizhu', courtCode: '粤0105', abbr: '海' },
  '440111': { zh: '白云区', en: 'Baiyun', courtCode: '粤0111', abbr: '云' },
  '440112': { zh: '黄埔区', en: 'Huangpu', courtCode: '粤0112', abbr: '埔' },
  '440115': { zh: '南沙区', en: 'Nansha', courtCode: '粤0115', abbr: '南' },
} as const;

export type Division = keyof typeof DIVISIONS;
export const DIVISION_CODES = Object.keys(DIVISIONS) as [Division, ...Division[]];

/** Legacy division codes still sent by some systems, mapped to the current code. */
export const DIVISION_ALIASES: Readonly<Record<string, Division>> = {
  '440116': '440112', // 萝岗区, merged into 黄埔区 in 2014
};

/** What each legacy alias was, for the reference documentation. */
export const DIVISION_ALIAS_NOTES: Readonly<Record<string, { zh: string; en: string }>> = {
  '440116': { zh: '萝岗区（2014年并入黄埔区）', en: 'Luogang, merged into Huangpu in 2014' },
};

/** The current pilot division for a code, following aliases; undefined when outside the pilot. */
export function canonicalDivision(code: string): Division | undefined {
  if (code in DIVISIONS) return code as Division;
  return DIVISION_ALIASES[code];
}
