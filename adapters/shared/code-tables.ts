/** A code table read backwards, built once: the standard's value → its legacy code (each value has one code). */
export function invertCodes<V extends string>(table: Readonly<Record<string, V>>): ReadonlyMap<V, string> {
  return new Map(Object.entries(table).map(([code, value]) => [value, code]));
}
