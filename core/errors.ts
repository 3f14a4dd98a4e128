/**
 * Typed errors of the forwarding core. Every error carries a stable `code` (for programs and
 * i18n message keys) so ingress can answer the legacy "busy" reply / HTTP 503 on backpressure.
 */
import { CodedError } from '../standard/coded-error';

export type BackpressureCode =
  /** The destination's backlog is at its configured limit. */
  | 'BACKLOG_FULL'
  /** Redis is unreachable, the connection is down, or a command timed out. */
  | 'REDIS_UNAVAILABLE'
  /** Redis refused the write: used memory is over `maxmemory` (noeviction). */
  | 'REDIS_OOM'
  /** Redis refused the write: persistence failed (`stop-writes-on-bgsave-error`). */
  | 'REDIS_MISCONF'
  /** The connected node is a read-only replica (failover in progress). */
  | 'REDIS_READONLY'
  /** Redis is loading its data set or busy running a script. */
  | 'REDIS_BUSY'
  /** The write happened but WAITAOF did not confirm it on enough local/replica AOFs in time. */
  | 'NOT_DURABLE';

export type ConfigurationCode = 'EVICTION_POLICY' | 'FSYNC_POLICY' | 'WAITAOF_UNSUPPORTED' | 'INVALID_OPTION';

/** Base class: every error thrown by the core is a CoreError with a code (i18n key `caselink.core.<code>`). */
export class CoreError extends CodedError {
  protected get layer(): string {
    return 'core';
  }
}

/** The message was NOT accepted; the sender should be told "busy" and resend later. */
export class BackpressureError extends CoreError {
  declare readonly code: BackpressureCode;
  constructor(code: BackpressureCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Start-up refused: the Redis server or the options are unsafe for the core. */
export class ConfigurationError extends CoreError {
  declare readonly code: ConfigurationCode;
  constructor(code: ConfigurationCode, message: string) {
    super(code, message);
  }
}

/** The caller passed something the core cannot store (e.g. a message without messageId). */
export class ValidationError extends CoreError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}

/** Codes returned by the Lua scripts (see core/scripts/*). */
export const ScriptCode = {
  BacklogFull: -1,
  NotOwner: -2,
  NotFound: -3,
  LaneBusy: -4,
} as const;

/** The one place that turns a negative script result into a typed error. */
export function errorForCode(code: number, context: string): CoreError {
  switch (code) {
    case ScriptCode.BacklogFull:
      return new BackpressureError('BACKLOG_FULL', `${context}: the destination backlog is full`);
    case ScriptCode.NotOwner:
      return new CoreError('NOT_OWNER', `${context}: the delivery was reclaimed by another consumer`);
    case ScriptCode.NotFound:
      return new CoreError('NOT_FOUND', `${context}: no such entry`);
    case ScriptCode.LaneBusy:
      return new CoreError('LANE_BUSY', `${context}: the case has messages not yet completed (该案件仍有未完成的消息)`);
    default:
      return new CoreError('SCRIPT_ERROR', `${context}: unexpected script result ${code}`);
  }
}

const UNAVAILABLE_PATTERNS = [
  /enableOfflineQueue/i,
  /Connection is closed/i,
  /Command timed out/i,
  /max retries per request/i,
  /MaxRetriesPerRequest/i,
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN/,
  /^CLUSTERDOWN/,
  /^TRYAGAIN/,
  /Cluster isn't ready/i,
  /Failed to refresh slots cache/i,
  /None of startup nodes is available/i,
  /All sentinels are unreachable/i,
  /^MASTERDOWN/,
];

/**
 * Maps a Redis/ioredis failure of a write to a BackpressureError when it means "cannot accept
 * now" (OOM, MISCONF, READONLY, LOADING, BUSY, connection down); anything else is returned as is.
 */
export function toBackpressure(err: unknown): unknown {
  if (err instanceof CoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const cause = { cause: err };
  if (/^OOM\b/.test(message) || /\bOOM command not allowed/.test(message)) {
    return new BackpressureError('REDIS_OOM', `Redis is out of memory (maxmemory reached): ${message}`, cause);
  }
  if (/^MISCONF\b/.test(message)) {
    return new BackpressureError('REDIS_MISCONF', `Redis refuses writes (persistence error): ${message}`, cause);
  }
  if (/^READONLY\b/.test(message)) {
    return new BackpressureError('REDIS_READONLY', `Redis node is read-only (failover?): ${message}`, cause);
  }
  if (/^(LOADING|BUSY)\b/.test(message)) {
    return new BackpressureError('REDIS_BUSY', `Redis is busy: ${message}`, cause);
  }
  if (UNAVAILABLE_PATTERNS.some((p) => p.test(message))) {
    return new BackpressureError('REDIS_UNAVAILABLE', `Redis is unavailable: ${message}`, cause);
  }
  return err;
}
