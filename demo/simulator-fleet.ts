/**
 * The sixteen built-in legacy system simulators (four systems × four pilot districts) with demo
 * credentials, and the CASELINK_<SYSTEM>_<DIVISION>_* environment that points a platform at them.
 */
import { BUILTIN_KINDS, builtinAdapter } from '../adapters/builtins';
import type { Simulator } from '../adapters/simulator-types';
import type { Credentials, SystemKind } from '../adapters/types';
import { DIVISION_CODES, type Division } from '../standard/codes/divisions';
import { envNames } from '../nodes/lib/system-instance';

export interface FleetOptions {
  host?: string;
  /** First port; instance i listens on basePort + i (0: any free ports). */
  basePort?: number;
  /** Which instances to start (default all sixteen). */
  only?: Array<[SystemKind, Division]>;
  credentials?: (kind: SystemKind, division: Division) => Credentials;
}

export interface SimulatorFleet {
  get(kind: SystemKind, division: Division): Simulator;
  list(): Array<{ kind: SystemKind; division: Division; simulator: Simulator }>;
  credentials(kind: SystemKind, division: Division): Credentials;
  /** CASELINK_<SYSTEM>_<DIVISION>_URL / _TOKEN / _APPID / _SECRET for every simulator. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/** Demo secrets: fine for simulators, never for real systems. */
export function demoCredentials(kind: SystemKind, division: Division): Credentials {
  return { token: `demo-token-${kind}-${division}`, appId: 'GZ-PLATFORM', secret: `demo-secret-${kind}-${division}` };
}

export async function startSimulatorFleet(options: FleetOptions = {}): Promise<SimulatorFleet> {
  const host = options.host ?? '127.0.0.1';
  const credentialsOf = options.credentials ?? demoCredentials;
  const wanted = options.only ?? DIVISION_CODES.flatMap((division) => BUILTIN_KINDS.map((kind) => [kind, division] as [SystemKind, Division]));
  const all = DIVISION_CODES.flatMap((division) => BUILTIN_KINDS.map((kind) => `${kind}-${division}`));
  const started = new Map<string, { kind: SystemKind; division: Division; simulator: Simulator }>();
  try {
    for (const [kind, division] of wanted) {
      const port = options.basePort ? options.basePort + all.indexOf(`${kind}-${division}`) : 0;
      const simulator = await builtinAdapter(kind).startSimulator({ host, port, credentials: credentialsOf(kind, division) });
      started.set(`${kind}-${division}`, { kind, division, simulator });
    }
  } catch (err) {
    await Promise.allSettled([...started.values()].map((s) => s.simulator.close()));
    throw err;
  }
  return {
    get(kind, division) {
      const entry = started.get(`${kind}-${division}`);
      if (!entry) throw new Error(`no ${kind} simulator for ${division}`);
      return entry.simulator;
    },
    list: () => [...started.values()],
    credentials: credentialsOf,
    env() {
      const env: Record<string, string> = {};
      for (const { kind, division, simulator } of started.values()) {
        const names = envNames(kind, division);
        const credentials = credentialsOf(kind, division);
        env[names.url] = simulator.url;
        for (const field of builtinAdapter(kind).credentials) {
          const value = credentials[field];
          if (value !== undefined) env[names[field]] = value;
        }
      }
      return env;
    },
    async close() {
      await Promise.allSettled([...started.values()].map((s) => s.simulator.close()));
    },
  };
}
