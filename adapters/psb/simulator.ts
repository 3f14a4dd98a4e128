/**
 * A PSB (JZPT) system on a real HTTP port: receives the platform's pushes on
 * POST /jzpt/api/xtba/receive (X-JZPT-Token), answers FHXX in GBK, plays faults (shared base).
 */
import type { SimulatorOptions } from '../simulator-types';
import {
  simDecodedFrom,
  startBaseSimulator,
  type BaseSimulator,
  type BaseSimulatorOptions,
  type SimReply,
  type SimulatorBehaviour,
} from '../shared/simulator-base';
import type { LegacyAnswer } from '../types';
import { fhmsOf, fhxxAnswer, psbAnswers } from './answers';
import { verifyPsbToken } from './auth';
import { decodePsb } from './decode';
import { PSB_RECEIVE_PATH } from './encode';

const reply = (answer: LegacyAnswer): SimReply => answer;

export const psbSimulatorBehaviour: SimulatorBehaviour = {
  kind: 'psb',
  authenticate: (request, credentials) => verifyPsbToken(request.headers, credentials),
  unauthorized: (reason) => reply(psbAnswers.unauthorized(reason)),
  receive: {
    matches: (request) => request.path === PSB_RECEIVE_PATH,
    decode: (request) => simDecodedFrom(decodePsb(request.body, request.headers)),
    answers: {
      accepted: (id) => reply(psbAnswers.accepted(id)),
      duplicate: (id) => reply(psbAnswers.duplicate(id)),
      rejected: (id, issues) => reply(psbAnswers.rejected(id, issues)),
      code: (code, message, id) => reply(fhxxAnswer(code, message ?? fhmsOf(code) ?? `FHDM ${code}`, id)),
    },
  },
};

export function startPsbSimulator(options: SimulatorOptions & Partial<BaseSimulatorOptions>): Promise<BaseSimulator> {
  return startBaseSimulator(psbSimulatorBehaviour, options);
}
