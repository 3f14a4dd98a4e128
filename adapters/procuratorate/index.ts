/** PROCURATORATE — 检察业务应用系统 数据交换接口 (TYYW): JSON pushed both ways (legacy/README.md §2). */
import type { ClientOptions, LegacyClient, LegacyCodec } from '../types';
import type { Simulator, SimulatorOptions } from '../simulator-types';
import { procuratorateAnswers } from './answers';
import { verifyBearer } from './auth';
import { createProcuratorateClient } from './client';
import { decodeProcuratorate } from './decode';
import { encodeProcuratorate } from './encode';
import { startProcuratorateSimulator } from './simulator';

export const codec: LegacyCodec = {
  kind: 'procuratorate',
  decode: decodeProcuratorate,
  encode: encodeProcuratorate,
  verifyInbound: (_body, headers, credentials) => verifyBearer(headers, credentials),
  answers: procuratorateAnswers,
  requestIdentity: (headers) => ({ token: headers['authorization'] }),
};

export function createClient(options: ClientOptions): LegacyClient {
  return createProcuratorateClient(options);
}

export function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  return startProcuratorateSimulator(options);
}

export { decodeProcuratorate, encodeProcuratorate, createProcuratorateClient, startProcuratorateSimulator, procuratorateAnswers, verifyBearer };
export { toProcuratorateJson, PROCURATORATE_RECEIVE_PATH, PROCURATORATE_CONTENT_TYPE } from './encode';
export { parseTyywAnswer, tyywAnswer, TYYW_CODE } from './answers';
export { procuratorateOutcome } from './client';
export { procuratorateSimulatorBehaviour } from './simulator';
export * from './codes';
