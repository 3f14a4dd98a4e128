/**
 * The court's outbox pages carry the same `<ce:Auth>` header as the platform's calls (the
 * specification's sample answer is signed with the platform's AppId and the shared secret). A page
 * whose Auth is missing or does not verify is refused as a whole: nothing on it is taken,
 * acknowledged or followed (not even its NextCursor), and the page is kept as received on the
 * error, as rejected input is kept everywhere else.
 */
import { formatIssue } from '../shared/issues';
import { OutboxError } from '../shared/outbox-error';
import type { Credentials, RejectedMessage } from '../types';
import { MappingError } from '../shared/issues';
import { checkCourtAuth, type CourtAuthOptions } from './auth';

/** A fetchOutbox answer refused for its Auth; `rejected` holds the issue and the raw page. */
export class OutboxPageRefused extends OutboxError {
  constructor(readonly rejected: RejectedMessage) {
    super(
      `fetchOutbox: page refused: ${rejected.issues.map(formatIssue).join('; ')}; nothing on it is taken or acknowledged (发件箱应答认证失败或结构不符，整页拒收，不予确认)`,
      false,
    );
  }
}

/** The refusal of an outbox page whose Auth header is missing or does not verify; undefined when it verifies. */
export function refusedOutboxPage(text: string, credentials: Credentials, now: number, options: CourtAuthOptions = {}): OutboxPageRefused | undefined {
  const check = checkCourtAuth(text, credentials, now, options);
  return check.ok ? undefined : new OutboxPageRefused({ issues: [{ field: check.field, reason: check.reason }], raw: text });
}

/** A page refused for its shape or content before or after its Auth (DOCTYPE, a second Body, the wrong operation, …). */
export function refusedPage(text: string, error: unknown): OutboxPageRefused {
  const issues = error instanceof MappingError ? error.issues : [{ field: 'Envelope', reason: error instanceof Error ? error.message : String(error) }];
  return new OutboxPageRefused({ issues, raw: text });
}
