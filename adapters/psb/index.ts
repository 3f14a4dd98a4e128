// Placeholder until the psb adapter lands: exports the SystemModule shape of adapters/index.ts.
import type { ClientOptions, LegacyClient, LegacyCodec } from '../types';
import type { Simulator, SimulatorOptions } from '../simulator-types';

const notYet = (): never => {
  throw new Error('the psb adapter is not implemented yet');
};

export const codec: LegacyCodec = { kind: 'psb', decode: notYet, encode: notYet };
export function createClient(_options: ClientOptions): LegacyClient {
  return notYet();
}
export async function startSimulator(_options: SimulatorOptions): Promise<Simulator> {
  return notYet();
}
