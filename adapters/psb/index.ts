/** PSB — 警务综合平台 案件协同接口 (JZPT): GBK XML pushed both ways (legacy/README.md §1). */
import type { ClientOptions, LegacyClient, LegacyCodec } from '../types';
import type { Simulator, SimulatorOptions } from '../simulator-types';
import { psbAnswers } from './answers';
import { verifyPsbToken } from './auth';
import { createPsbClient } from './client';
import { decodePsb } from './decode';
import { encodePsb } from './encode';
import { startPsbSimulator } from './simulator';

export const codec: LegacyCodec = {
  kind: 'psb',
  decode: decodePsb,
  encode: encodePsb,
  verifyInbound: (_body, headers, credentials) => verifyPsbToken(headers, credentials),
  answers: psbAnswers,
  requestIdentity: (headers) => ({ token: headers['x-jzpt-token'] }),
};

export function createClient(options: ClientOptions): LegacyClient {
  return createPsbClient(options);
}

export function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  return startPsbSimulator(options);
}

export { decodePsb, encodePsb, createPsbClient, startPsbSimulator, psbAnswers, verifyPsbToken };
export { renderPsbXml, toGbk, PSB_RECEIVE_PATH, PSB_CONTENT_TYPE, PSB_TOKEN_HEADER } from './encode';
export { parseFhxx, renderFhxx, FHDM } from './answers';
export { psbOutcome } from './client';
export { psbSimulatorBehaviour } from './simulator';
export * from './codes';
