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
import { FHDM, fhxxAnswer, psbAnswers } from './answers';
import { verifyPsbToken } from './auth';
import { decodePsb } from './decode';
import { PSB_RECEIVE_PATH } from './encode';

const reply = (answer: LegacyAnswer): SimReply => answer;

const DEFAULT_TEXT: Readonly<Record<string, string>> = {
  [FHDM.ACCEPTED]: '接收成功',
  [FHDM.ERROR]: '报文格式或内容错误',
  [FHDM.DUPLICATE]: '重复报文，已接收',
  [FHDM.BUSY]: '系统繁忙，请稍后重试',
};

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
      code: (code, message, id) => reply(fhxxAnswer(code, message ?? DEFAULT_TEXT[code] ?? `FHDM ${code}`, id)),
    },
  },
};

export function startPsbSimulator(options: SimulatorOptions & Partial<BaseSimulatorOptions>): Promise<BaseSimulator> {
  return startBaseSimulator(psbSimulatorBehaviour, options);
}
