/**
 * The typed loader of the standard's code tables. A table is data (data/*.json): it is checked
 * against its entry schema when the module loads, so a bad data update fails at start rather than
 * on the first message, and its codes keep the data file's keys as their type.
 */
import { z } from 'zod';

/** The Chinese and English names of a code. */
export const LabelSchema = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type Label = z.infer<typeof LabelSchema>;

/** A code table read from a data file, each entry checked against `entry`. */
export function codeTable<T extends Record<string, unknown>, V>(data: T, entry: z.ZodType<V>): Readonly<Record<keyof T & string, V>> {
  return z.record(z.string(), entry).parse(data) as Record<keyof T & string, V>;
}

/** The codes of a table, in the data file's order. */
export function codesOf<K extends string>(table: Readonly<Record<K, unknown>>): [K, ...K[]] {
  return Object.keys(table) as [K, ...K[]];
}
