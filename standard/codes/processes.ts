/** The six pilot processes (domain.md §2) and, since standard 1.1, the second instance (CPL 227–245) (data/processes.json). */
import { z } from 'zod';
import { codeTable, codesOf, LabelSchema } from './code-table';
import data from './data/processes.json';

export const PROCESSES = codeTable(data, z.strictObject({ code: z.string().regex(/^P\d+$/), ...LabelSchema.shape }));

export type Process = keyof typeof PROCESSES;
export const PROCESS_IDS = codesOf(PROCESSES);
