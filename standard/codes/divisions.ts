/** The pilot districts (GB/T 2260 division codes, domain.md §5). */
export const DIVISIONS = {
  '440105': { zh: '海珠区', en: 'Haizhu', courtCode: '粤0105', abbr: '海' },
  '440111': { zh: '白云区', en: 'Baiyun', courtCode: '粤0111', abbr: '云' },
  '440112': { zh: '黄埔区', en: 'Huangpu', courtCode: '粤0112', abbr: '埔' },
  '440115': { zh: '南沙区', en: 'Nansha', courtCode: '粤0115', abbr: '南' },
} as const;

/** The pilot districts' codes (the demo, the benchmarks and the reference tables use them). */
export type PilotDivision = keyof typeof DIVISIONS;
/** A GB/T 2260 division code; which ones are served is in the org directory. */
export type Division = string;
export const DIVISION_CODES = Object.keys(DIVISIONS) as [PilotDivision, ...PilotDivision[]];

/** Legacy division codes still sent by some systems, mapped to the current code. */
export const DIVISION_ALIASES: Readonly<Record<string, PilotDivision>> = {
  '440116': '440112', // 萝岗区, merged into 黄埔区 in 2014
};

/** What each legacy alias was, for the reference documentation. */
export const DIVISION_ALIAS_NOTES: Readonly<Record<string, { zh: string; en: string }>> = {
  '440116': { zh: '萝岗区（2014年并入黄埔区）', en: 'Luogang, merged into Huangpu in 2014' },
};

/** A well-formed GB/T 2260 code (province digits 11-82, then four digits). */
export const DIVISION_CODE_PATTERN = /^[1-8]\d{5}$/;

/**
 * GB/T 2260 codes the legacy formats' org codes are read against: Guangdong, Guangzhou and its
 * eleven districts. Which of them the platform serves is data, not code: the org directory
 * (directory/) lists divisions, units and system instances, and routing, the nodes and the console
 * ask it. A division outside this table is added here and in the directory.
 */
export const GB2260_DIVISIONS: Readonly<Record<string, { zh: string; en: string }>> = {
  '440000': { zh: '广东省', en: 'Guangdong' },
  '440100': { zh: '广州市', en: 'Guangzhou' },
  '440103': { zh: '荔湾区', en: 'Liwan' },
  '440104': { zh: '越秀区', en: 'Yuexiu' },
  '440105': { zh: '海珠区', en: 'Haizhu' },
  '440106': { zh: '天河区', en: 'Tianhe' },
  '440111': { zh: '白云区', en: 'Baiyun' },
  '440112': { zh: '黄埔区', en: 'Huangpu' },
  '440113': { zh: '番禺区', en: 'Panyu' },
  '440114': { zh: '花都区', en: 'Huadu' },
  '440115': { zh: '南沙区', en: 'Nansha' },
  '440117': { zh: '从化区', en: 'Conghua' },
  '440118': { zh: '增城区', en: 'Zengcheng' },
};

/** The current code of a division of GB2260_DIVISIONS, following former codes (440116 → 440112); undefined otherwise. */
export function canonicalDivision(code: string): Division | undefined {
  const current = DIVISION_ALIASES[code] ?? code;
  return current in GB2260_DIVISIONS ? current : undefined;
}
