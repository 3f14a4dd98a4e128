/**
 * Options the legacy-system commands (map, render, simulate, conformance) share: their option
 * parsing and credentials from flags, then environment, then documented demo defaults.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs as parseOptions } from 'node:util';
import { createAdapterRegistry } from '../adapters/builtins';
import type { AdapterDefinition } from '../adapters/contract';
import type { AdapterRegistry } from '../adapters/registry';
import type { Credentials, SystemKind } from '../adapters/types';

export interface ParsedArgs {
  flags: Record<string, string | true>;
  positional: string[];
}

/** Options the legacy-system commands take, each `--name value` or `--name=value`. */
const VALUE_OPTIONS = [
  'system',
  'adapter',
  'token',
  'app-id',
  'secret',
  'content-type',
  'out',
  'port',
  'host',
  'directory',
  'prefix',
  'url',
  'fixtures',
  'rejected-code',
  'redis',
] as const;

/**
 * Reads the options (node:util parseArgs): the legacy options above, and bare `--switch`es for
 * the names in `switches`; everything else is positional. Throws a bilingual error for an unknown
 * option or a missing value.
 */
export function parseArgs(args: readonly string[], switches: readonly string[] = []): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const name of VALUE_OPTIONS) options[name] = { type: 'string' };
  for (const name of switches) options[name] = { type: 'boolean' };
  let parsed;
  try {
    parsed = parseOptions({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new Error(`${(error as Error).message} (选项有误)`, { cause: error });
  }
  const flags: Record<string, string | true> = {};
  for (const [name, value] of Object.entries(parsed.values)) if (typeof value === 'string' || value === true) flags[name] = value;
  return { flags, positional: parsed.positionals };
}

/** The command's one file argument (`name` as its usage writes it); a bilingual error when it is missing. */
export function fileArgument(parsed: ParsedArgs, name: string): string {
  const file = parsed.positional[0];
  if (!file) throw new Error(`${name} is required (缺少文件参数)`);
  return file;
}

export function flag(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The built-in adapters plus the adapter packages named by `--adapter a,b` or CASELINK_ADAPTERS
 * (package names or paths, resolved from the working directory); each must export `adapter`.
 */
export function cliRegistry(parsed: ParsedArgs, env: NodeJS.ProcessEnv = process.env): AdapterRegistry {
  const registry = createAdapterRegistry();
  const names = [flag(parsed, 'adapter'), env.CASELINK_ADAPTERS]
    .flatMap((list) => (list ?? '').split(','))
    .map((n) => n.trim())
    .filter(Boolean);
  const load = createRequire(join(process.cwd(), 'noop.js'));
  for (const name of names) {
    let exported: { adapter?: unknown };
    try {
      exported = load(name) as { adapter?: unknown };
    } catch (error) {
      throw new Error(`cannot load adapter package "${name}": ${(error as Error).message} (无法加载适配器软件包)`);
    }
    registry.register(exported.adapter, { external: true });
  }
  return registry;
}

/** The adapter `--system` names. */
export function systemOf(parsed: ParsedArgs, env: NodeJS.ProcessEnv = process.env): AdapterDefinition {
  const registry = cliRegistry(parsed, env);
  const system = flag(parsed, 'system');
  if (!system) throw new Error(`--system is required: ${registry.kinds().join('|')} (必须指定系统)`);
  const adapter = registry.get(system);
  if (!adapter) throw new Error(`unknown system "${system}" (expected ${registry.kinds().join(', ')}) (未知系统)`);
  return adapter;
}

export function systemKindOf(parsed: ParsedArgs, env: NodeJS.ProcessEnv = process.env): SystemKind {
  return systemOf(parsed, env).kind;
}

/** Demo credentials, for local trials only (also in docs/adapters-psb-procuratorate.md). */
export const DEMO_CREDENTIALS: Readonly<Record<string, Credentials>> = {
  psb: { token: 'demo-psb-token' },
  procuratorate: { token: 'demo-procuratorate-token' },
  court: { appId: 'GZ-PLATFORM', secret: 'sample-secret' },
  justice: { appId: 'GZ-PLATFORM', secret: 'sample-secret' },
};

export interface ResolvedCredentials {
  credentials: Credentials;
  /** Fields that fell back to the demo defaults. */
  demoFields: string[];
}

/**
 * `--token`, `--app-id`, `--secret`, else CASELINK_<SYSTEM>_TOKEN / _APP_ID / _SECRET, else the
 * demo default.
 */
export function resolveCredentials(kind: SystemKind, parsed: ParsedArgs, env: NodeJS.ProcessEnv = process.env): ResolvedCredentials {
  const prefix = `CASELINK_${kind.toUpperCase()}_`;
  const demo = DEMO_CREDENTIALS[kind] ?? { token: `demo-${kind}-token`, appId: 'GZ-PLATFORM', secret: 'sample-secret' };
  const credentials: Credentials = {};
  const demoFields: string[] = [];
  const pick = (field: keyof Credentials, flagName: string, envName: string): void => {
    const value = flag(parsed, flagName) ?? env[prefix + envName];
    if (value !== undefined && value !== '') credentials[field] = value;
    else if (demo[field] !== undefined) {
      credentials[field] = demo[field];
      demoFields.push(`${prefix}${envName}`);
    }
  };
  pick('token', 'token', 'TOKEN');
  pick('appId', 'app-id', 'APP_ID');
  pick('secret', 'secret', 'SECRET');
  return { credentials, demoFields };
}
