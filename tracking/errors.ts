/**
 * Typed errors of case tracking. Each carries a stable `code` (for programs and i18n keys) and a
 * bilingual message naming the field and the reason.
 */
import { CodedError } from '../standard/coded-error';

/** i18n key `caselink.tracking.<code>`, e.g. `caselink.tracking.INVALID_INPUT`. */
export class TrackingError extends CodedError {
  protected get layer(): string {
    return 'tracking';
  }
}

/** The caller passed something tracking cannot use (field named, reason in English and Chinese). */
export class TrackingInputError extends TrackingError {
  readonly field: string;
  readonly value: unknown;
  constructor(field: string, reason: string, reasonZh: string, value?: unknown) {
    super('INVALID_INPUT', `${field}: ${reason} (${reasonZh})`);
    this.field = field;
    this.value = value;
  }
}

/** A supervision order does not exist or is not in a state allowing the operation. */
export class SupervisionError extends TrackingError {
  constructor(code: 'ORDER_NOT_FOUND' | 'ORDER_STATE', message: string) {
    super(code, message);
  }
}

/** The case record changed under us too many times in a row (heavy concurrent updates of one case). */
export class ContentionError extends TrackingError {
  constructor(caseUid: string, attempts: number) {
    super('CONTENTION', `case ${caseUid} was updated concurrently ${attempts} times in a row; try again (案件被并发修改，请重试)`);
  }
}

/** Codes returned by the Lua scripts (see tracking/scripts/*). */
export const ScriptCode = {
  VersionConflict: -1,
  NotFound: -3,
  WrongState: -4,
} as const;

/** The message handed to `observe`/`resolve` is not a valid unified message; every failing field is listed. */
export class InvalidMessageError extends TrackingError {
  readonly issues: ReadonlyArray<{ path: string; value: unknown; reason: string }>;
  constructor(issues: ReadonlyArray<{ path: string; value: unknown; reason: string }>) {
    const first = issues.slice(0, 3).map((i) => `${i.path}: ${i.reason}`);
    super(
      'INVALID_MESSAGE',
      `not a valid unified message (不是有效的统一报文): ${first.join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`,
    );
    this.issues = issues;
  }
}
