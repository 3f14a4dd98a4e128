/**
 * Plays the justice system's side of SFXZ on the shared simulator base: POST inbox, GET outbox,
 * POST outbox/ack, every request's signature checked (401 when it does not verify).
 */
import type { SimulatorOptions } from '../simulator-types';
import { formatIssue } from '../shared/issues';
import {
  decodeReceived,
  startBaseSimulator,
  type BaseSimulator,
  type SimContext,
  type SimReply,
  type SimRequest,
  type SimulatorBehaviour,
} from '../shared/simulator-base';
import { verifyJusticeRequest } from './auth';
import { JUSTICE_RECEIVES } from './codes';
import { decodeJustice } from './decode';
import { justiceItem } from './map-out';
import { ACK_PATH, INBOX_PATH, JSON_CONTENT_TYPE, MAX_OUTBOX_LIMIT, OUTBOX_PATH } from './requests';

const RECEIVED_TYPES: ReadonlySet<string> = new Set(Object.values(JUSTICE_RECEIVES));

const json = (status: number, value: unknown, headers: Record<string, string> = {}): SimReply => ({
  status,
  headers: { 'content-type': JSON_CONTENT_TYPE, ...headers },
  body: JSON.stringify(value),
});
const failure = (status: number, code: string, message: string, field?: string, headers?: Record<string, string>): SimReply =>
  json(status, { success: false, error: { code, ...(field !== undefined ? { field } : {}), message } }, headers);

/** A fault rule `{kind:'answer', code}` uses HTTP statuses as the justice system's answer codes. */
function codedAnswer(code: string, message: string | undefined): SimReply {
  const status = Number(code);
  if (!Number.isInteger(status) || status < 200 || status > 599) return failure(500, 'SIMULATED', `unknown simulated answer ${code}`);
  if (status === 200) return json(200, { success: true });
  if (status === 409) return failure(409, 'DUPLICATE', message ?? '重复报文 duplicate');
  if (status === 429) return failure(429, 'RATE_LIMITED', message ?? '请求过于频繁 too many requests', undefined, { 'retry-after': '1' });
  if (status === 400) return failure(400, 'INVALID', message ?? 'simulated validation failure', 'id');
  return failure(status, 'SIMULATED', message ?? `simulated HTTP ${status}`);
}

/** Outbox cursors look like the sample's `c-000012`: the sequence of the last item handed out. */
const cursorOf = (seq: number): string => `c-${String(seq).padStart(6, '0')}`;
function seqOf(cursor: string): number | undefined {
  const match = /^c-(\d{1,12})$/.exec(cursor);
  return match ? Number(match[1]) : undefined;
}

export interface JusticeSimulator extends BaseSimulator {
  /** Test hook: rewrite the JSON text of one outbox item when it is served (e.g. to break it). */
  tamperOutbox(id: string, rewrite: (itemJson: string) => string): void;
}

export async function startSimulator(options: SimulatorOptions): Promise<JusticeSimulator> {
  const tampering = new Map<string, (itemJson: string) => string>();

  function outbox(request: SimRequest, context: SimContext): SimReply {
    const after = request.query.get('after') ?? '';
    const limitText = request.query.get('limit') ?? '50';
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_OUTBOX_LIMIT) return failure(400, 'INVALID', `limit must be 1-${MAX_OUTBOX_LIMIT}`, 'limit');
    const afterSeq = after === '' ? undefined : seqOf(after);
    if (after !== '' && afterSeq === undefined) return failure(400, 'INVALID', `unknown cursor ${after}`, 'after');
    const entries = context.outbox.page(afterSeq, limit);
    const items = entries.map((entry) => {
      const text = JSON.stringify(justiceItem(entry.message));
      return tampering.get(entry.id)?.(text) ?? text;
    });
    const last = entries.at(-1);
    const next = last ? cursorOf(last.seq) : after;
    return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: `{"items":[${items.join(',')}],"next":${JSON.stringify(next)}}` };
  }

  function ack(request: SimRequest, context: SimContext): SimReply {
    let ids: unknown;
    try {
      ids = (JSON.parse(request.body.toString('utf8')) as { ids?: unknown }).ids;
    } catch {
      return failure(400, 'INVALID', 'body must be JSON {"ids":[…]}', 'ids');
    }
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return failure(400, 'INVALID', 'ids must be an array of strings', 'ids');
    const known = context.outbox.ack(ids);
    return json(200, { success: true, acked: known.length });
  }

  const behaviour: SimulatorBehaviour = {
    kind: 'justice',
    authenticate: (request, credentials, now) => verifyJusticeRequest(request.body, request.headers, credentials, now),
    unauthorized: (reason) => failure(401, 'UNAUTHORIZED', `${reason}`),
    receive: {
      matches: (request) => request.path === INBOX_PATH,
      decode: decodeReceived(decodeJustice, RECEIVED_TYPES, {
        field: 'type',
        reason: 'is not a type the justice system receives (司法行政系统不接收此类报文)',
      }),
      answers: {
        accepted: () => json(200, { success: true }),
        duplicate: () => failure(409, 'DUPLICATE', '重复报文 duplicate'),
        rejected: (_id, issues) => failure(400, 'INVALID', issues.map(formatIssue).join('; ') || 'invalid', issues[0]?.field),
        code: (code, message) => codedAnswer(code, message),
      },
    },
    routes: [
      { matches: (r) => r.method === 'GET' && r.path === OUTBOX_PATH, handle: outbox, faultAnswer: codedAnswer },
      { matches: (r) => r.method === 'POST' && r.path === ACK_PATH, handle: ack, faultAnswer: codedAnswer },
    ],
  };

  const base = await startBaseSimulator(behaviour, options);
  const reset = base.reset.bind(base);
  return Object.assign(base, {
    tamperOutbox(id: string, rewrite: (itemJson: string) => string): void {
      tampering.set(id, rewrite);
    },
    reset(): void {
      tampering.clear();
      reset();
    },
  });
}
