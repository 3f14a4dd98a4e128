/**
 * Typed errors of the security modules. Each carries a stable `code` (for programs and i18n keys)
 * and a bilingual message (English, then Chinese in brackets).
 */
import { CodedError } from '../standard/coded-error';

export type SecurityErrorCode =
  | 'AUDIT_UNAVAILABLE'
  | 'AUDIT_CORRUPT'
  | 'AUDIT_INVALID_ENTRY'
  | 'REPLAY_GUARD_UNAVAILABLE'
  | 'MESSAGE_TAMPERED'
  | 'AT_REST_TAMPERED'
  | 'AT_REST_UNKNOWN_KEY'
  | 'AT_REST_MALFORMED'
  | 'AT_REST_REQUIRED'
  | 'KEY_CONFIGURATION'
  | 'HARDENING_REQUIRED';

/** i18n key `caselink.security.<code>`, e.g. `caselink.security.AUDIT_UNAVAILABLE`. */
export class SecurityError extends CodedError<SecurityErrorCode> {
  protected get layer(): string {
    return 'security';
  }
}

/**
 * The audit record could not be written (Redis down, timed out, or the chain's tail unreadable).
 * Fail closed: whoever was about to accept something must refuse it (ingress answers "busy").
 */
export class AuditUnavailableError extends SecurityError {
  constructor(message: string, options?: { cause?: unknown; code?: 'AUDIT_UNAVAILABLE' | 'AUDIT_CORRUPT' }) {
    super(options?.code ?? 'AUDIT_UNAVAILABLE', message, options);
  }
}

/** The replay guard could not reach its store; the request must not be accepted (answer "busy"). */
export class ReplayGuardUnavailableError extends SecurityError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('REPLAY_GUARD_UNAVAILABLE', message, options);
  }
}

/** A stored message failed its integrity seal: it was altered after ingress. */
export class TamperedMessageError extends SecurityError {
  constructor(message: string) {
    super('MESSAGE_TAMPERED', message);
  }
}

/** Opening an encrypted-at-rest payload failed. */
export class AtRestError extends SecurityError {
  declare readonly code: 'AT_REST_TAMPERED' | 'AT_REST_UNKNOWN_KEY' | 'AT_REST_MALFORMED' | 'AT_REST_REQUIRED';
}

/** A key from the environment is missing, malformed or too short. */
export class KeyConfigurationError extends SecurityError {
  constructor(message: string) {
    super('KEY_CONFIGURATION', message);
  }
}

/** Node-RED hardening: a value required outside demo mode is missing or unsafe. */
export class HardeningError extends SecurityError {
  constructor(message: string) {
    super('HARDENING_REQUIRED', message);
  }
}
