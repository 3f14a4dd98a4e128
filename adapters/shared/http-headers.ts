import type { Headers } from '../types';

/** A header by case-insensitive name. */
export function headerOf(headers: Headers | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const key in headers) if (key.toLowerCase() === wanted) return headers[key];
  return undefined;
}
