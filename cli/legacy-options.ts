/**
 * Options the legacy-system commands (map, render, simulate) share: a tiny flag parser and
 * credentials from flags, then environment, then documented demo defaults.
 */
import { SYSTEM_KINDS, type Credentials, type SystemKind } from '../adapters/types';

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

export function systemKindOf(parsed: ParsedArgs): SystemKind {
  const system = flag(parsed, 'system');
  if (!system) throw new Error(`--system is required: ${SYSTEM_KINDS.join('|')} (必须指定系统)`);
  if (!(SYSTEM_KINDS as readonly string[]).includes(system)) throw new Error(`unknown system "${system}" (expected ${SYSTEM_KINDS.join(', ')}) (未知系统)`);
  return system as SystemKind;
}

/** Demo credentials, for local trials only (also in docs/adapters-psb-procuratorate.md). */
export const DEMO_CREDENTIALS: Readonly<Record<SystemKind, Credentials>> = {
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
  const demo = DEMO_CREDENTIALS[kind];
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
