/**
 * Chinese first, English complete: every catalogue under nodes/locales/ (the nodes' and plugin's
 * editor catalogues and the console page's strings) names the same keys in zh-CN and en-US, and no
 * text is left empty. A key in one language and not the other fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROCESS_DEFINITIONS } from '../../standard/processes/registry';
import { TRACKS } from '../../standard/schema/case-info';

const LOCALES = join(__dirname, '..', '..', 'nodes', 'locales');
const LANGS = ['zh-CN', 'en-US'] as const;

function keyPaths(value: unknown, prefix = ''): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

function leaves(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, value]];
}

const read = (lang: string, file: string) => JSON.parse(readFileSync(join(LOCALES, lang, file), 'utf8')) as unknown;

describe('locale catalogues', () => {
  it('hold the same files in both languages', () => {
    const [zh, en] = LANGS.map((lang) => readdirSync(join(LOCALES, lang)).sort());
    expect(en).toEqual(zh);
    expect(zh).toContain('console-page.json');
  });

  const files = readdirSync(join(LOCALES, 'zh-CN')).filter((f) => f.endsWith('.json'));
  for (const file of files) {
    it(`${file}: the same keys in zh-CN and en-US, none empty`, () => {
      const [zh, en] = LANGS.map((lang) => read(lang, file));
      const zhKeys = new Set(keyPaths(zh));
      const enKeys = new Set(keyPaths(en));
      expect(
        [...zhKeys].filter((k) => !enKeys.has(k)),
        `in zh-CN only (${file})`,
      ).toEqual([]);
      expect(
        [...enKeys].filter((k) => !zhKeys.has(k)),
        `in en-US only (${file})`,
      ).toEqual([]);
      for (const lang of LANGS) {
        for (const [key, text] of leaves(read(lang, file))) expect(typeof text === 'string' && text.trim() !== '', `${lang} ${file} ${key}`).toBe(true);
      }
    });
  }

  it('name every process state and track the console shows', () => {
    const states = new Set(Object.values(PROCESS_DEFINITIONS).flatMap((d) => [...d.states]));
    for (const lang of LANGS) {
      const page = read(lang, 'console-page.json') as Record<string, string>;
      for (const state of states) expect(page[`state.${state}`], `${lang} state.${state}`).toBeTruthy();
      for (const track of TRACKS) expect(page[`track.${track}`], `${lang} track.${track}`).toBeTruthy();
    }
  });

  it('give the palette a Chinese category and Chinese labels', () => {
    const zh = read('zh-CN', 'caselink-in.json') as Record<string, Record<string, unknown>>;
    expect(JSON.stringify(zh)).toMatch(/[\u4e00-\u9fff]/);
  });
});
