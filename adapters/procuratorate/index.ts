// Placeholder until the procuratorate adapter lands: exports the SystemModule shape of adapters/index.ts.
import type { ClientOptions, LegacyClient, LegacyCodec } from '../types';
import type { Simulator, SimulatorOptions } from '../simulator-types';

const notYet = (): never => {
  throw new Error('the procuratorate adapter is not implemented yet');
};

export const codec: LegacyCodec = { kind: 'procuratorate', decode: notYet, encode: notYet };
export function createClient(_options: ClientOptions): LegacyClient {
  return notYet();
}
export async function startSimulator(_options: SimulatorOptions): Promise<Simulator> {
  return notYet();
}
