/** Identity document types (data/id-types.json). */
import { codeTable, codesOf, LabelSchema } from './code-table';
import data from './data/id-types.json';

export const ID_TYPES = codeTable(data, LabelSchema);

export type IdType = keyof typeof ID_TYPES;
export const ID_TYPE_IDS = codesOf(ID_TYPES);
