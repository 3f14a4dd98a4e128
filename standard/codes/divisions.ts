/** The pilot districts (GB/T 2260 division codes, domain.md §5); the tables are data (data/divisions.json). */
import { z } from 'zod';
import { codeTable, codesOf, LabelSchema, type Label } from './code-table';
import data from './data/divisions.json';

export const DIVISIONS = codeTable(data.pilot, LabelSchema.extend({ courtCode: z.string().min(1), abbr: z.string().length(1) }));

/** The pilot districts' codes (the demo, the benchmarks and the reference tables use them). */
export type PilotDivision = keyof typeof DIVISIONS;
/** A GB/T 2260 division code; which ones are served is in the org directory. */
export type Division = string;
export const DIVISION_CODES = codesOf(DIVISIONS);

/** Legacy division codes still sent by some systems, mapped to the current code. */
export const DIVISION_ALIASES: Readonly<Record<string, PilotDivision>> = z.record(z.string(), z.enum(DIVISION_CODES)).parse(data.aliases);

/** What each legacy alias was, for the reference documentation. */
export const DIVISION_ALIAS_NOTES: Readonly<Record<string, Label>> = codeTable(data.aliasNotes, LabelSchema);

/** A well-formed GB/T 2260 code (province digits 11-82, then four digits). */
export const DIVISION_CODE_PATTERN = /^[1-8]\d{5}$/;

/**
 * GB/T 2260 codes the legacy formats' org codes are read against: Guangdong, Guangzhou and its
 * eleven districts. Which of them the platform serves is data, not code: the org directory
 * (directory/) lists divisions, units and system instances, and routing, the nodes and the console
 * ask it. A division outside this table is added to data/divisions.json and to the directory.
 */
export const GB2260_DIVISIONS: Readonly<Record<string, Label>> = codeTable(data.gb2260, LabelSchema);

/** The current code of a division of GB2260_DIVISIONS, following former codes (440116 → 440112); undefined otherwise. */
export function canonicalDivision(code: string): Division | undefined {
  const current = DIVISION_ALIASES[code] ?? code;
  return current in GB2260_DIVISIONS ? current : undefined;
}
