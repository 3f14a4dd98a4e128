/**
 * A procuratorate (TYYW) system on a real HTTP port: receives the platform's pushes on
 * POST /tyyw/api/v2/exchange/documents (Bearer token), answers {code,msg,data}, plays faults.
 */
import type { SimulatorOptions } from '../simulator-types';
import { simDecodedFrom, startBaseSimulator, type BaseSimulator, type BaseSimulatorOptions, type SimulatorBehaviour } from '../shared/simulator-base';
import { procuratorateAnswers, tyywAnswer, TYYW_CODE, TYYW_MSG, tyywMsgOf } from './answers';
import { verifyBearer } from './auth';
import { decodeProcuratorate } from './decode';
import { PROCURATORATE_RECEIVE_PATH } from './encode';

export const procuratorateSimulatorBehaviour: SimulatorBehaviour = {
  kind: 'procuratorate',
  authenticate: (request, credentials) => verifyBearer(request.headers, credentials),
  unauthorized: (reason) => procuratorateAnswers.unauthorized(reason),
  receive: {
    matches: (request) => request.path === PROCURATORATE_RECEIVE_PATH,
    decode: (request) => simDecodedFrom(decodeProcuratorate(request.body, request.headers)),
    answers: {
      accepted: (_id, receipt) => tyywAnswer(200, TYYW_CODE.ACCEPTED, TYYW_MSG[TYYW_CODE.ACCEPTED], receipt),
      duplicate: (_id, receipt) => tyywAnswer(200, TYYW_CODE.DUPLICATE, TYYW_MSG[TYYW_CODE.DUPLICATE], receipt),
      rejected: (id, issues) => procuratorateAnswers.rejected(id, issues),
      code: (code, message) => tyywAnswer(200, code, message ?? tyywMsgOf(code) ?? `code ${code}`),
    },
  },
};

export function startProcuratorateSimulator(options: SimulatorOptions & Partial<BaseSimulatorOptions>): Promise<BaseSimulator> {
  return startBaseSimulator(procuratorateSimulatorBehaviour, options);
}
