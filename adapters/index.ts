import type { ClientOptions, LegacyClient, LegacyCodec, SystemKind } from './types';
import type { Simulator, SimulatorOptions } from './simulator-types';
import * as psb from './psb';
import * as procuratorate from './procuratorate';
import * as court from './court';
import * as justice from './justice';

export * from './types';
export * from './simulator-types';
export * from './shared/issues';

/** What each system folder exports. */
export interface SystemModule {
  codec: LegacyCodec;
  createClient(options: ClientOptions): LegacyClient;
  startSimulator(options: SimulatorOptions): Promise<Simulator>;
}

export const SYSTEMS: Readonly<Record<SystemKind, SystemModule>> = { psb, procuratorate, court, justice };

export function systemModule(kind: string): SystemModule {
  const module = (SYSTEMS as Record<string, SystemModule | undefined>)[kind];
  if (!module) throw new Error(`unknown system "${kind}" (expected psb, procuratorate, court or justice)`);
  return module;
}
