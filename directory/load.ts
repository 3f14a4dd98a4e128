/**
 * Where the org directory comes from: the shipped file (the four pilot districts' units and
 * system instances, all eleven Guangzhou districts), or a file named by the runtime's settings
 * (`caselink.directoryFile`) or CASELINK_DIRECTORY, which replaces it or, with
 * `"extends": "builtin"`, adds to it.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OrgDirectory } from './org-directory';
import type { DirectoryData } from './schema';
import { checkDirectory, mergeDirectory, parseDirectoryFile } from './validate';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;

export const BUILTIN_DIRECTORY_FILE = join(__dirname, 'default-directory.json');

export type LoadResult = { ok: true; directory: OrgDirectory } | { ok: false; errors: string[] };

function readJson(file: string): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, errors: [bilingual(`cannot read the org directory ${file}: ${(err as Error).message}`, `无法读取机构目录文件 ${file}`)] };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, errors: [bilingual(`the org directory ${file} is not JSON: ${(err as Error).message}`, `机构目录文件 ${file} 不是有效的JSON`)] };
  }
}

/** Reads and checks a directory given as data (a file's parsed JSON); `extends: builtin` merges over the shipped one. */
export function directoryFrom(input: unknown): LoadResult {
  const parsed = parseDirectoryFile(input);
  if (!parsed.ok) return parsed;
  let data: DirectoryData = { divisions: parsed.file.divisions, units: parsed.file.units, instances: parsed.file.instances };
  if (parsed.file.extends === 'builtin') {
    const base = builtinDirectoryData();
    if (!base.ok) return base;
    data = mergeDirectory(base.data, data);
  }
  const checked = checkDirectory(data);
  return checked.ok ? { ok: true, directory: new OrgDirectory(checked.data) } : checked;
}

function builtinDirectoryData(): { ok: true; data: DirectoryData } | { ok: false; errors: string[] } {
  const json = readJson(BUILTIN_DIRECTORY_FILE);
  if (!json.ok) return json;
  const parsed = parseDirectoryFile(json.value);
  if (!parsed.ok) return parsed;
  return { ok: true, data: { divisions: parsed.file.divisions, units: parsed.file.units, instances: parsed.file.instances } };
}

/** The shipped directory. Throws if the shipped file itself is broken (a packaging fault). */
export function builtinDirectory(): OrgDirectory {
  const loaded = loadDirectoryFile(BUILTIN_DIRECTORY_FILE);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.directory;
}

/** Reads and checks one directory file, naming every bad entry. */
export function loadDirectoryFile(file: string): LoadResult {
  const json = readJson(file);
  if (!json.ok) return json;
  const result = directoryFrom(json.value);
  return result.ok ? result : { ok: false, errors: result.errors.map((e) => `${file}: ${e}`) };
}

/**
 * Keeps one runtime's directory: re-reads the file when it changed (so an edit takes effect on the
 * next deploy) and keeps the last good directory when a new version is refused.
 */
export class DirectorySource {
  private current: OrgDirectory | undefined;
  private stamp = '';
  private lastErrors: string[] = [];

  constructor(readonly file: string | undefined) {}

  /** The directory to use now; `refused` lists the problems of a file version that was not taken. */
  get(): { directory: OrgDirectory; refused: string[]; changed: boolean } {
    const file = this.file ?? BUILTIN_DIRECTORY_FILE;
    let stamp: string;
    try {
      const stat = statSync(file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      stamp = 'missing';
    }
    if (stamp === this.stamp && this.current) return { directory: this.current, refused: this.lastErrors, changed: false };
    this.stamp = stamp;
    const loaded = loadDirectoryFile(file);
    if (loaded.ok) {
      this.current = loaded.directory;
      this.lastErrors = [];
      return { directory: loaded.directory, refused: [], changed: true };
    }
    this.lastErrors = loaded.errors;
    this.current ??= builtinDirectory();
    return { directory: this.current, refused: loaded.errors, changed: true };
  }
}
