/** GB/T 2261.1 sex codes (data/gender.json). */
import { codeTable, codesOf, LabelSchema } from './code-table';
import data from './data/gender.json';

export const GENDERS = codeTable(data, LabelSchema);

export type Gender = keyof typeof GENDERS;
export const GENDER_CODES = codesOf(GENDERS);
