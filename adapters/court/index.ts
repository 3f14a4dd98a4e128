// SPLC 审判流程管理系统 (court): SOAP 1.1; the platform pushes receiveDocument and polls the court's outbox.
export { codec } from './codec';
export { createClient, CourtClient, type CourtClientOptions } from './client';
export { OutboxPageRefused } from './page-auth';
export { startSimulator, type CourtSimulator } from './simulator';
export * as courtCodes from './codes';
export { checkCourtAuth, courtSign, verifyCourtText, AUTH_WINDOW_MS, type CourtAuthCheck } from './auth';
export { COURT_PATH, soapAction, fetchOutboxRequest, ackOutboxRequest, receiveDocumentRequest, fetchOutboxAnswer } from './envelope';
export { renderCourtMessage } from './map-out';
