// SFXZ 司法行政综合平台 (legal aid, community corrections): snake_case JSON; the platform pushes to the inbox and polls the outbox.
export { codec } from './codec';
export { createClient, JusticeClient, outcomeOfInboxAnswer } from './client';
export { startSimulator, type JusticeSimulator } from './simulator';
export * as justiceCodes from './codes';
export { justiceSignature, verifyJusticeRequest, signedHeaders } from './auth';
export { INBOX_PATH, OUTBOX_PATH, ACK_PATH, inboxRequest, outboxRequest, ackRequest } from './requests';
export { justiceItem } from './map-out';
export { caseNumberSystem } from './map-in';
