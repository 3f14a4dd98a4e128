import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Credentials, DecodeResult, LegacyAnswer, LegacyCodec } from '../adapters/types';
import type { MappingIssue } from '../adapters/shared/issues';
import type { UnifiedMessage } from '../standard/schema/message';
import { ingressLedger, type IngressOutcome, type IngressTag } from './ingress-ledger';
import { quarantineRecord, type QuarantineRecord } from './quarantine';

export type IngressEvent = 'received' | 'enqueued' | 'duplicate' | 'rejected' | 'busy' | 'unauthorized';

/** Everything one inbound node needs to take pushed messages from its legacy system. */
export interface PushIngressOptions {
  codec: LegacyCodec;
  credentials: Credentials;
  system: { kind: string; division: string; orgCode: string };
  maxBodyBytes: number;
  /** How long a message may travel through the flow before its sender hears "busy". */
  answerTimeoutMs: number;
  now?: () => number;
  /** Keeps a refused input durably; throws when it cannot (the sender then hears "busy"). */
  quarantine(record: QuarantineRecord): Promise<void>;
  /** Hands one decoded message to the flow. */
  emit(message: UnifiedMessage, tag: IngressTag): void;
  /** Counting and logging. */
  onEvent?(event: IngressEvent, detail?: string): void;
  /** Remembers open answers so a closing node can settle them (busy). */
  track?(ingressId: string, open: boolean): void;
}

class BodyTooLarge extends Error {}

const issue = (field: string, reason: string, value?: unknown): MappingIssue => ({ field, reason, ...(value === undefined ? {} : { value }) }) as MappingIssue;

/** Reads a request body up to `limit` bytes (a body parser earlier in the chain may have done it). */
export function readBody(req: IncomingMessage & { body?: unknown; caselinkBodyTooLarge?: boolean }, limit: number): Promise<Buffer> {
  if (Buffer.isBuffer(req.body)) {
    if (req.caselinkBodyTooLarge) return Promise.reject(Object.assign(new BodyTooLarge(`body exceeds ${limit} bytes`), { head: req.body }));
    return Promise.resolve(req.body);
  }
  if (typeof req.body === 'string') return Promise.resolve(Buffer.from(req.body));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(Object.assign(new BodyTooLarge(`body exceeds ${limit} bytes`), { head: Buffer.concat(chunks) }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
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

/**
 * One pushed request: authenticate, decode (the adapter maps and validates against the standard),
 * keep refused input in quarantine, hand good messages to the flow, and answer the sender in its
 * own format only once every message is durably stored (or refused, or too slow: busy).
 */
export async function handlePush(req: IncomingMessage, res: ServerResponse, options: PushIngressOptions): Promise<void> {
  const { codec } = options;
  const answers = codec.answers;
  if (!answers) throw new Error(`the ${codec.kind} codec has no ingress answers`);
  const now = options.now ?? Date.now;
  const contentType = req.headers['content-type'];
  const keep = async (legacyId: string | undefined, issues: MappingIssue[], raw: string | Buffer): Promise<boolean> => {
    try {
      await options.quarantine(quarantineRecord({ system: options.system, legacyId, issues, raw, contentType }));
      return true;
    } catch (err) {
      options.onEvent?.('busy', `quarantine failed: ${(err as Error).message}`);
      write(res, answers.busy(legacyId, `cannot store the refused input now: ${(err as Error).message}`));
      return false;
    }
  };

  let body: Buffer;
  try {
    body = await readBody(req, options.maxBodyBytes);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      const head = (err as BodyTooLarge & { head: Buffer }).head;
      const issues = [issue('(body)', `${err.message}; the first ${head.length} bytes are kept (报文超过长度上限，已保留前段)`)];
      options.onEvent?.('rejected', err.message);
      if (await keep(undefined, issues, head)) write(res, answers.rejected(undefined, issues));
      return;
    }
    throw err;
  }
  const headers = flatHeaders(req);

  if (codec.verifyInbound) {
    const auth = codec.verifyInbound(body, headers, options.credentials, now());
    if (!auth.ok) {
      options.onEvent?.('unauthorized', auth.reason);
      write(res, answers.unauthorized(auth.reason));
      return;
    }
  }
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
    for (const rejected of decoded.rejected) {
      if (!(await keep(rejected.legacyId, rejected.issues, rejected.raw || rawText(body)))) return;
    }
    options.onEvent?.('rejected', issues.map((i) => `${i.field}: ${i.reason}`).join('; '));
    write(res, answers.rejected(legacyId, issues));
    return;
  }

  const outcomes = await Promise.all(
    decoded.messages.map((item) => {
      const { id, outcome } = ingressLedger.open(options.answerTimeoutMs);
      options.track?.(id, true);
      const tag: IngressTag = {
        ingressId: id,
        system: options.system,
        legacyId: item.message.messageId,
        receivedAt: new Date(now()).toISOString(),
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
    options.onEvent?.('busy', reason);
    write(res, answers.busy(busy.item.message.messageId, reason));
    return;
  }
  const refused = outcomes.filter((o) => o.outcome.kind === 'rejected');
  if (refused.length > 0) {
    const issues = refused.map((o) => issue('(routing)', (o.outcome as Extract<IngressOutcome, { kind: 'rejected' }>).reason));
    for (const o of refused) {
      if (!(await keep(o.item.message.messageId, issues, o.item.raw || rawText(body)))) return;
    }
    options.onEvent?.('rejected', issues.map((i) => i.reason).join('; '));
    write(res, answers.rejected(refused[0]!.item.message.messageId, issues));
    return;
  }
  const allDuplicates = outcomes.every((o) => o.outcome.kind === 'duplicate');
  options.onEvent?.(allDuplicates ? 'duplicate' : 'enqueued');
  write(res, allDuplicates ? answers.duplicate(first) : answers.accepted(first));
}
