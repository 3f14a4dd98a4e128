/**
 * Options the legacy-system commands (map, render, simulate) share: a tiny flag parser and
 * credentials from flags, then environment, then documented demo defaults.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createAdapterRegistry } from '../adapters/builtins';
import type { AdapterDefinition } from '../adapters/contract';
import type { AdapterRegistry } from '../adapters/registry';
import type { Credentials, SystemKind } from '../adapters/types';

export interface ParsedArgs {
  flags: Record<string, string | true>;
  positional: string[];
}

/** `--name value`, `--name=value` and bare `--switch` (for names in `switches`). */
export function parseArgs(args: readonly string[], switches: readonly string[] = []): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (eq !== -1) flags[name] = arg.slice(eq + 1);
    else if (switches.includes(name)) flags[name] = true;
    else if (i + 1 < args.length) flags[name] = args[++i]!;
    else throw new Error(`option --${name} needs a value (选项缺少取值)`);
  }
  return { flags, positional };
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
  const names = [flag(parsed, 'adapter'), env.CASELINK_ADAPTERS].flatMap((list) => (list ?? '').split(',')).map((n) => n.trim()).filter(Boolean);
  const load = createRequire(join(process.cwd(), 'noop.js'));
  for (const name of names) {
    let exported: { adapter?: unknown };
    try {
      exported = load(name) as { adapter?: unknown };
    } catch (error) {
      throw new Error(`cannot load adapter package "${name}": ${(error as Error).message} (无法加载适配器软件包)`);
    }
    registry.register(exported.adapter);
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
