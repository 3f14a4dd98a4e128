import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Credentials, DecodeResult, LegacyAnswer, LegacyCodec } from '../adapters/types';
import type { MappingIssue } from '../adapters/shared/issues';
import { BodyTimeout, BodyTooLarge, bodyTimeoutMessage, flattenHeaders, readRequestBody } from '../adapters/shared/http-request';
import type { UnifiedMessage } from '../standard/schema/message';
import type { ReplayVerdict } from '../security/replay-guard';
import { type IngressLedger, type IngressOutcome, type IngressTag } from './ingress-ledger';
import { maskedIssues, maskedText } from '../security/log-mask';
import { quarantineRecord, type QuarantineRecord } from './quarantine';
import type { RawRecord } from './raw-archive';
import type { AuditSink } from './ingress-security';

export type IngressEvent = 'received' | 'enqueued' | 'duplicate' | 'rejected' | 'busy' | 'unauthorized' | 'replayed';

/** The security controls an ingress applies (ingress/ingress-security.ts PlatformSecurity provides all three). */
export interface IngressSecurity {
  /** Every ingress is recorded before the message goes on (fail closed); refusals are noted. */
  audit: AuditSink;
  /** Push only: refuses a signed request seen before; notes a token-only resend. */
  replay?: { admitHttp(system: string, headers: Record<string, string>, body: Buffer, identify?: LegacyCodec['requestIdentity']): Promise<ReplayVerdict> };
  /** Keeps the raw input of messages accepted with warnings. */
  archive?: { put(record: RawRecord): Promise<void> };
}

/** How much of an oversize body is kept in quarantine. */
export const OVERSIZE_HEAD_BYTES = 64 * 1024;

/** Everything one inbound node needs to take pushed messages from its legacy system. */
export interface PushIngressOptions {
  codec: LegacyCodec;
  credentials: Credentials;
  system: { kind: string; division: string; orgCode: string };
  /** The endpoint's path as configured (below httpNodeRoot), which request signatures may cover; default: the request's. */
  path?: string;
  maxBodyBytes: number;
  /** How long a message may travel through the flow before its sender hears "busy". */
  answerTimeoutMs: number;
  /** The runtime's ledger of answers owed to senders (one per runtime, shared by its CaseLink nodes). */
  ledger: IngressLedger;
  now?: () => number;
  /** Keeps a refused input durably; throws when it cannot (the sender then hears "busy"). */
  quarantine(record: QuarantineRecord): Promise<void>;
  /** Hands one decoded message to the flow. */
  emit(message: UnifiedMessage, tag: IngressTag): void;
  /** Counting and logging. */
  onEvent?(event: IngressEvent, detail?: string): void;
  /** Remembers open answers so a closing node can settle them (busy). */
  track?(ingressId: string, open: boolean): void;
  /** Audit, replay guard, raw archive (absent: none of them, e.g. in unit tests of the flow). */
  security?: IngressSecurity;
  /** Input not taken because a security control (audit log, replay guard) could not work: fail closed, answered busy. */
  onControlUnavailable?(reason: string, message?: UnifiedMessage): void;
  /** Longest time to receive a body when this function reads it (a slow-drip body is refused). Default 30 s. */
  bodyTimeoutMs?: number;
}

export { BodyTimeout };

export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

const issue = (field: string, reason: string, value?: unknown): MappingIssue => ({ field, reason, ...(value === undefined ? {} : { value }) }) as MappingIssue;

/**
 * Reads a request body up to `limit` bytes within `timeoutMs` (the capture middleware of
 * nodes/lib/http-endpoints.ts may have read it already: then it left the bytes and its verdict).
 */
export function readBody(
  req: IncomingMessage & { body?: unknown; caselinkBodyTooLarge?: boolean; caselinkBodyTimedOut?: boolean },
  limit: number,
  timeoutMs: number = DEFAULT_BODY_TIMEOUT_MS,
): Promise<Buffer> {
  if (Buffer.isBuffer(req.body)) {
    if (req.caselinkBodyTimedOut) return Promise.reject(new BodyTimeout(bodyTimeoutMessage(timeoutMs)));
    if (req.caselinkBodyTooLarge) return Promise.reject(new BodyTooLarge(`body exceeds ${limit} bytes`, req.body));
    return Promise.resolve(req.body);
  }
  if (typeof req.body === 'string') return Promise.resolve(Buffer.from(req.body));
  return readRequestBody(req, { limit, timeoutMs, keepHeadBytes: OVERSIZE_HEAD_BYTES });
}

function write(res: ServerResponse, answer: LegacyAnswer): void {
  if (res.headersSent) return;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

function rawText(body: Buffer): string | Buffer {
  const text = body.toString('utf8');
  return text.includes('\uFFFD') ? body : text;
}

/** An audit subject: never empty, at most 256 characters. */
function subjectOf(id: string | undefined, fallback: string): string {
  const text = (id ?? '').trim() || fallback;
  return text.slice(0, 256);
}

/**
 * One pushed request: authenticate, refuse a replayed signed request, decode (the adapter maps and
 * validates against the standard), keep refused input in quarantine, audit each message before it
 * goes on (fail closed), hand good messages to the flow, and answer the sender in its own format
 * only once every message is durably stored (or refused, or too slow: busy).
 */
export async function handlePush(req: IncomingMessage, res: ServerResponse, options: PushIngressOptions): Promise<void> {
  const { codec } = options;
  const answers = codec.answers;
  if (!answers) throw new Error(`the ${codec.kind} codec has no ingress answers`);
  const now = options.now ?? Date.now;
  const contentType = req.headers['content-type'];
  const actor = `${options.system.kind}-${options.system.division}`;
  const security = options.security;
  const refusal = (subject: string, outcome: string, detail: Record<string, unknown>) =>
    security?.audit.note({ actor, action: 'refusal', subject: subjectOf(subject, '(request)'), outcome, detail });
  const keep = async (legacyId: string | undefined, issues: MappingIssue[], raw: string | Buffer): Promise<boolean> => {
    try {
      await options.quarantine(quarantineRecord({ system: options.system, legacyId, issues, raw, contentType }));
      return true;
    } catch (err) {
      options.onEvent?.('busy', `quarantine failed: ${maskedText((err as Error).message)}`);
      write(res, answers.busy(legacyId, `cannot store the refused input now: ${(err as Error).message}`));
      return false;
    }
  };

  // Signatures cover the endpoint's path as the adapter declares it (below httpNodeRoot) with the query as sent.
  const query = (req.url ?? '').indexOf('?');
  const requestLine = { method: req.method ?? 'POST', path: `${options.path ?? (req.url ?? '/').split('?')[0]}${query >= 0 ? req.url!.slice(query) : ''}` };
  let body: Buffer;
  try {
    body = await readBody(req, options.maxBodyBytes, options.bodyTimeoutMs);
  } catch (err) {
    if (err instanceof BodyTimeout) {
      options.onEvent?.('busy', err.message);
      refusal('(request)', 'timeout', { reason: err.message });
      write(res, answers.busy(undefined, err.message));
      return;
    }
    if (err instanceof BodyTooLarge) {
      const head = err.head.subarray(0, OVERSIZE_HEAD_BYTES);
      const issues = [issue('(body)', `${err.message}; the first ${head.length} bytes are kept (报文超过长度上限，已保留前段)`)];
      options.onEvent?.('rejected', err.message);
      refusal('(request)', 'too-large', { reason: err.message });
      // Only an authenticated sender's input is kept (token systems authenticate by header alone).
      const auth = codec.verifyInbound?.(head, flattenHeaders(req), options.credentials, now(), requestLine);
      if (auth && !auth.ok) {
        write(res, answers.rejected(undefined, [issue('(body)', `${err.message} (报文超过长度上限)`)]));
        return;
      }
      if (await keep(undefined, issues, head)) write(res, answers.rejected(undefined, issues));
      return;
    }
    throw err;
  }
  const headers = flattenHeaders(req);

  if (codec.verifyInbound) {
    const auth = codec.verifyInbound(body, headers, options.credentials, now(), requestLine);
    if (!auth.ok) {
      options.onEvent?.('unauthorized', maskedText(auth.reason));
      refusal('(request)', 'unauthorized', { reason: auth.reason });
      write(res, answers.unauthorized(auth.reason));
      return;
    }
  }

  // A signed request seen before is refused; a token-only resend goes on (the core answers duplicate).
  let replay: ReplayVerdict | undefined;
  if (security?.replay) {
    try {
      replay = await security.replay.admitHttp(actor, headers, body, codec.requestIdentity);
    } catch (err) {
      const reason = (err as Error).message;
      options.onControlUnavailable?.(reason);
      options.onEvent?.('busy', maskedText(reason));
      write(res, answers.busy(undefined, reason));
      return;
    }
    if (!replay.ok) {
      security.audit.note({
        actor,
        action: 'replay',
        subject: '(request)',
        outcome: replay.answer === 'unauthorized' ? 'refused' : 'resend',
        detail: { code: replay.code, reason: replay.reason },
      });
      options.onEvent?.('replayed', replay.reason);
      if (replay.answer === 'unauthorized') {
        options.onEvent?.('unauthorized', replay.reason);
        write(res, answers.unauthorized(replay.reason));
        return;
      }
    }
  }
  const release = async () => {
    if (replay?.ok) await replay.release();
  };
  options.onEvent?.('received');

  let decoded: DecodeResult;
  try {
    decoded = codec.decode(body, headers);
  } catch (err) {
    decoded = { messages: [], rejected: [{ issues: [issue('(body)', (err as Error).message)], raw: '' }] };
  }
  if (decoded.messages.length === 0 && decoded.rejected.length === 0) {
    decoded.rejected.push({ issues: [issue('(body)', 'no message in the body (报文体中没有报文)')], raw: '' });
  }

  if (decoded.rejected.length > 0) {
    const issues = decoded.rejected.flatMap((r) => r.issues);
    const legacyId = decoded.rejected.find((r) => r.legacyId)?.legacyId;
    await release();
    for (const rejected of decoded.rejected) {
      if (!(await keep(rejected.legacyId, rejected.issues, rejected.raw || rawText(body)))) return;
    }
    const text = maskedIssues(issues);
    options.onEvent?.('rejected', text);
    refusal(legacyId ?? '(request)', 'rejected', { reason: text, fields: issues.map((i) => i.field).slice(0, 50) });
    write(res, answers.rejected(legacyId, issues));
    return;
  }

  // Nothing goes on without its audit record (fail closed: the sender hears busy and resends).
  const receivedAt = new Date(now()).toISOString();
  if (security) {
    const gates = await Promise.all(
      decoded.messages.map((item) =>
        security.audit.gate({
          actor,
          action: 'ingress',
          subject: subjectOf(item.message.messageId, '(message)'),
          outcome: 'received',
          detail: {
            messageType: item.message.messageType,
            ...(item.message.caseUid ? { caseUid: item.message.caseUid } : {}),
            ...(item.warnings.length > 0 ? { warnings: item.warnings.map((w) => w.field).slice(0, 50) } : {}),
          },
        }),
      ),
    );
    const closed = gates.find((g) => !g.ok);
    if (closed && !closed.ok) {
      for (const item of decoded.messages) options.onControlUnavailable?.(closed.reason, item.message);
      await release();
      options.onEvent?.('busy', closed.reason);
      write(res, answers.busy(decoded.messages[0]!.message.messageId, closed.reason));
      return;
    }
    if (security.archive) {
      try {
        for (const item of decoded.messages) {
          if (item.warnings.length === 0) continue;
          await security.archive.put({
            messageId: item.message.messageId,
            system: options.system,
            receivedAt,
            warnings: item.warnings,
            raw: item.raw || body.toString('utf8'),
          });
        }
      } catch (err) {
        await release();
        const reason = `cannot keep the raw input now: ${(err as Error).message} (暂时无法保存原始报文)`;
        options.onEvent?.('busy', maskedText(reason));
        write(res, answers.busy(decoded.messages[0]!.message.messageId, reason));
        return;
      }
    }
  }

  const outcomes = await Promise.all(
    decoded.messages.map((item) => {
      const { id, outcome } = options.ledger.open(options.answerTimeoutMs);
      options.track?.(id, true);
      const tag: IngressTag = {
        ingressId: id,
        system: options.system,
        legacyId: item.message.messageId,
        receivedAt,
        validated: true,
        warnings: item.warnings,
      };
      options.emit(item.message, tag);
      return outcome.then((o) => {
        options.track?.(id, false);
        return { item, outcome: o };
      });
    }),
  );

  const first = decoded.messages[0]!.message.messageId;
  const busy = outcomes.find((o) => o.outcome.kind === 'busy');
  if (busy) {
    const reason = (busy.outcome as Extract<IngressOutcome, { kind: 'busy' }>).reason;
    await release();
    options.onEvent?.('busy', maskedText(reason, busy.item.message));
    write(res, answers.busy(busy.item.message.messageId, reason));
    return;
  }
  const refused = outcomes.filter((o) => o.outcome.kind === 'rejected');
  if (refused.length > 0) {
    const issues = refused.map((o) => issue('(routing)', (o.outcome as Extract<IngressOutcome, { kind: 'rejected' }>).reason));
    await release();
    for (const o of refused) {
      if (!(await keep(o.item.message.messageId, issues, o.item.raw || rawText(body)))) return;
      refusal(o.item.message.messageId, 'rejected', {
        reason: maskedText((o.outcome as Extract<IngressOutcome, { kind: 'rejected' }>).reason, o.item.message),
      });
    }
    options.onEvent?.('rejected', maskedText(issues.map((i) => i.reason).join('; '), refused[0]!.item.message));
    write(res, answers.rejected(refused[0]!.item.message.messageId, issues));
    return;
  }
  const allDuplicates = outcomes.every((o) => o.outcome.kind === 'duplicate');
  options.onEvent?.(allDuplicates ? 'duplicate' : 'enqueued');
  write(res, allDuplicates ? answers.duplicate(first) : answers.accepted(first));
}
