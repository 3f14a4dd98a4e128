import type { UnifiedMessage } from '../standard/schema/message';
import type { Credentials } from './types';

/**
 * A fault the simulator plays on the next requests to its receiving endpoint.
 * `answer` uses the system's own answer codes (e.g. PSB FHDM "1"/"2"/"9", procuratorate "1001"/"1002"/"5000",
 * court Result code "1"/"2" or soap:Client/soap:Server faults, justice 400/409).
 */
export type SimulatorFault =
  | { kind: 'answer'; code: string; message?: string }
  | { kind: 'http'; status: number; retryAfterSeconds?: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'hang' }
  | { kind: 'duplicate' }
  | { kind: 'down' };

export interface FaultRule {
  fault: SimulatorFault;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
}

/** One request the simulator's receiving endpoint got, with what it answered. */
export interface ReceivedRecord {
  at: number;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The unified message when the body decoded; absent for bad input. */
  message?: UnifiedMessage;
  legacyId?: string;
  /** Whether it counted as a new delivery (accepted, not a duplicate or a fault). */
  accepted: boolean;
  status: number;
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  credentials: Credentials;
  now?: () => number;
}

/**
 * A real HTTP server playing one legacy system's side of its specification. Besides the system's
 * own endpoints it serves a control API under /_sim: GET /_sim/received, POST /_sim/fault
 * (FaultRule JSON, or {"clear":true}), POST /_sim/outbox (a unified message to place in the outbox),
 * GET /_sim/outbox, POST /_sim/reset.
 */
export interface Simulator {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedRecord[];
  setFault(rule: FaultRule | null): void;
  /** Court and justice: place a message in the outbox the platform polls. */
  addToOutbox?(message: UnifiedMessage): void;
  /** Court and justice: ids not yet acknowledged. */
  pendingOutbox?(): string[];
  /** Serves `bytes` at the returned URL (under `/files/`, behind the system's authentication), for attachments sent by reference. */
  serveFile?(name: string, bytes: Buffer): string;
  reset(): void;
  close(): Promise<void>;
}
