/** The one bilingual message form of the project: `English (中文)` — every error names field, value and reason in both. */
export function bilingual(en: string, zh: string): string {
  return `${en} (${zh})`;
}
