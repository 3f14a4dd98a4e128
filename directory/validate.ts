/**
 * Reads an org directory: shape (schema.ts), then the rules across entries. Every problem is
 * reported in English and Chinese, naming the entry (its position and code) and the reason; a
 * directory with any problem is refused as a whole.
 */
import type { z } from 'zod';
import { AGENCIES } from '../standard/codes/agencies';
import { parseUnitCode } from '../standard/validators/unit-code';
import { DirectoryFileSchema, type DirectoryData, type DirectoryFile } from './schema';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;

export type DirectoryResult = { ok: true; data: DirectoryData } | { ok: false; errors: string[] };

/** The entry an issue path points at, named by its code: `units[3] 440105020000`. */
function entryName(input: unknown, path: ReadonlyArray<PropertyKey>): string {
  if (path.length < 2 || typeof path[1] !== 'number') return path.map(String).join('.') || '(directory)';
  const list = (input as Record<string, unknown> | null)?.[String(path[0])];
  const entry = Array.isArray(list) ? (list[path[1]] as Record<string, unknown> | undefined) : undefined;
  const id = entry?.code ?? entry?.orgCode ?? entry?.id;
  const field = path.slice(2).map(String).join('.');
  return `${String(path[0])}[${path[1]}]${typeof id === 'string' ? ` ${id}` : ''}${field ? ` ${field}` : ''}`;
}

function shapeErrors(input: unknown, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${entryName(input, issue.path)}: ${issue.message}`);
}

/** Parses one directory file (not yet merged with anything). */
export function parseDirectoryFile(input: unknown): { ok: true; file: DirectoryFile } | { ok: false; errors: string[] } {
  const parsed = DirectoryFileSchema.safeParse(input);
  return parsed.success ? { ok: true, file: parsed.data } : { ok: false, errors: shapeErrors(input, parsed.error) };
}

/** Which scheme an org code follows, and the division it carries. */
export function orgCodeScheme(orgCode: string): { scheme: 'platform'; division: string; type: string } | { scheme: 'uscc'; division: string } | undefined {
  const platform = /^(\d{6})(0[1-6])0000$/.exec(orgCode);
  if (platform) return { scheme: 'platform', division: platform[1]!, type: platform[2]! };
  const unit = orgCode.length === 18 ? parseUnitCode(orgCode) : undefined;
  return unit?.ok ? { scheme: 'uscc', division: unit.division } : undefined;
}

/** The rules across entries of a complete directory (after merging). */
export function checkDirectory(data: DirectoryData): DirectoryResult {
  const errors: string[] = [];
  const divisions = new Map<string, string>();
  data.divisions.forEach((d) => {
    const name = `division ${d.code}`;
    if (divisions.has(d.code)) errors.push(bilingual(`${name}: code ${d.code} is listed twice`, `区划代码${d.code}重复`));
    divisions.set(d.code, d.code);
    for (const alias of d.aliases ?? []) {
      if (divisions.has(alias.code)) errors.push(bilingual(`${name}: alias ${alias.code} is already a division or alias`, `旧区划代码${alias.code}重复`));
      divisions.set(alias.code, d.code);
    }
  });
  data.divisions.forEach((d) => {
    if (d.parent !== undefined && !divisions.has(d.parent)) {
      errors.push(bilingual(`division ${d.code}: parent ${d.parent} is not a listed division`, `上级区划${d.parent}未登记`));
    }
  });

  const units = new Map<string, (typeof data.units)[number]>();
  data.units.forEach((u) => {
    const name = `unit ${u.orgCode}`;
    if (units.has(u.orgCode)) errors.push(bilingual(`${name}: org code ${u.orgCode} is listed twice`, `机构代码${u.orgCode}重复`));
    units.set(u.orgCode, u);
    if (!divisions.has(u.division)) errors.push(bilingual(`${name}: division ${u.division} is not a listed division`, `区划${u.division}未登记`));
    const scheme = orgCodeScheme(u.orgCode);
    if (!scheme) {
      errors.push(
        bilingual(
          `${name}: org code ${u.orgCode} is neither a 12-digit platform code (division + type 01-06 + 0000) nor a unified social credit code with a correct check character`,
          '既不是12位平台机构代码，也不是校验位正确的统一社会信用代码',
        ),
      );
    } else if (scheme.scheme === 'platform') {
      const type = AGENCIES[u.agency].orgType;
      if (scheme.division !== u.division)
        errors.push(bilingual(`${name}: org code does not begin with its division ${u.division}`, `机构代码与区划${u.division}不一致`));
      if (type === null)
        errors.push(
          bilingual(
            `${name}: ${u.agency} has no platform org type; identify it by its unified social credit code`,
            `${AGENCIES[u.agency].zh}无平台机构类型，应以统一社会信用代码标识`,
          ),
        );
      else if (scheme.type !== type)
        errors.push(
          bilingual(
            `${name}: type digits ${scheme.type} are not those of ${u.agency} (${type})`,
            `机构类型码${scheme.type}与${AGENCIES[u.agency].zh}（${type}）不符`,
          ),
        );
    } else if (scheme.division !== u.division) {
      // As the standard requires of an org named by its unit code (standard/schema/parties.ts).
      errors.push(
        bilingual(`${name}: division must be ${scheme.division}, the division encoded in the unit code`, `区划应为单位代码中的区划代码${scheme.division}`),
      );
    }
  });

  const ids = new Set<string>();
  const servedBy = new Map<string, string>();
  data.instances.forEach((s) => {
    const name = `instance ${s.id}`;
    if (ids.has(s.id)) errors.push(bilingual(`${name}: id ${s.id} is listed twice`, `系统实例${s.id}重复`));
    ids.add(s.id);
    if (s.id !== `${s.kind}-${s.division}`) errors.push(bilingual(`${name}: id must be ${s.kind}-${s.division}`, `系统实例标识应为${s.kind}-${s.division}`));
    if (!divisions.has(s.division)) errors.push(bilingual(`${name}: division ${s.division} is not a listed division`, `区划${s.division}未登记`));
    for (const orgCode of s.serves) {
      const unit = units.get(orgCode);
      if (!unit) errors.push(bilingual(`${name}: serves ${orgCode}, which is not a listed unit`, `所服务的机构${orgCode}未登记`));
      const other = servedBy.get(orgCode);
      if (other && other !== s.id) errors.push(bilingual(`${name}: ${orgCode} is already served by ${other}`, `机构${orgCode}已由${other}服务`));
      servedBy.set(orgCode, s.id);
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, data };
}

/** Merges a file that `extends: builtin` over the shipped content: entries with the same code replace, new ones are added. */
export function mergeDirectory(base: DirectoryData, extra: DirectoryData): DirectoryData {
  const merge = <T>(a: T[], b: T[], key: (t: T) => string): T[] => {
    const out = new Map(a.map((t) => [key(t), t] as const));
    for (const t of b) out.set(key(t), t);
    return [...out.values()];
  };
  return {
    divisions: merge(base.divisions, extra.divisions, (d) => d.code),
    units: merge(base.units, extra.units, (u) => u.orgCode),
    instances: merge(base.instances, extra.instances, (s) => s.id),
  };
}
