/**
 * The polled outbox of a declarative system (`transports.outbox`), both sides: the platform's client
 * reads a page after its cursor, maps every item, and acknowledges what it stored (the shared
 * OutboxPoller and the outbox ingress drive it, as for the court and justice systems); the simulator
 * serves the same page and acknowledgement from its outbox store. Every request is signed as the
 * document says (auth.ts).
 */
import type { ClientOptions, DecodeResult, LegacyAnswer, LegacyClient, OutboxPage } from '../types';
import { decodeBody, encodeBody, jsonTextFor } from '../shared/charset';
import { createLegacyHttp, OUTBOX_HTTP, type HttpAnswer } from '../shared/http-client';
import { headerOf } from '../shared/http-headers';
import { MappingError } from '../shared/issues';
import { OutboxError, RefusedOutboxPage } from '../shared/outbox-error';
import { outboxPageOf } from '../shared/outbox-page';
import { DEFAULT_JSON_LIMITS, parseJson } from '../shared/safe-json';
import type { SimContext, SimReply, SimRequest, SimRoute } from '../shared/simulator-base';
import { authHeaders } from './auth';
import { decodeLegacyItem, toLegacyDocument, type CompiledDocument } from './codec';
import { getPath, setPath } from './paths';
import type { OutboxTransport, SystemDocument } from './schema';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;
type Acknowledgement = Exclude<OutboxTransport['acknowledgement'], 'none'>;

/** `path?<cursor>=…&<size>=…` (an empty cursor at first). */
export function outboxRequestPath(outbox: OutboxTransport, cursor: string | undefined, size: number): string {
  const query = new URLSearchParams({ [outbox.cursor.param]: cursor ?? '', [outbox.pageSize.param]: String(size) });
  return `${outbox.path}${outbox.path.includes('?') ? '&' : '?'}${query.toString()}`;
}

function jsonBody(doc: SystemDocument, value: unknown): Buffer {
  return encodeBody(jsonTextFor(JSON.stringify(value), doc.format.charset), doc.format.charset);
}

function jsonOf(doc: SystemDocument, body: Buffer, contentType: string | undefined): unknown {
  return parseJson(decodeBody(body, contentType ?? `application/json; charset=${doc.format.charset}`), DEFAULT_JSON_LIMITS);
}

function answerText(answer: HttpAnswer): string {
  return answer.body.toString('utf8').slice(0, 300);
}

/** The items of one page answer, each mapped; refuses the page whole when it is not the declared shape. */
export function decodeOutboxPage(text: string, compiled: CompiledDocument): DecodeResult {
  const outbox = compiled.doc.transports.outbox!;
  let root: unknown;
  try {
    root = parseJson(text, DEFAULT_JSON_LIMITS);
  } catch (error) {
    const issues = error instanceof MappingError ? error.issues : [{ field: '(body)', reason: (error as Error).message }];
    throw new RefusedOutboxPage({ issues, raw: text }, true);
  }
  const items = getPath(root, outbox.items);
  if (!Array.isArray(items))
    throw new RefusedOutboxPage(
      { issues: [{ field: outbox.items, reason: bilingual('must be the array of outbox items', '应为发件箱报文数组') }], raw: text },
      true,
    );
  const next = getPath(root, outbox.cursor.answer);
  if (next !== undefined && next !== null && typeof next !== 'string' && typeof next !== 'number')
    throw new RefusedOutboxPage(
      { issues: [{ field: outbox.cursor.answer, reason: bilingual('must be a string or number', '应为字符串或数字') }], raw: text },
      true,
    );
  const decoded: DecodeResult = { messages: [], rejected: [], ...(next === undefined || next === null || next === '' ? {} : { nextCursor: String(next) }) };
  for (const item of items) {
    const one = decodeLegacyItem(item, JSON.stringify(item), compiled);
    decoded.messages.push(...one.messages);
    decoded.rejected.push(...one.rejected);
  }
  return decoded;
}

/** fetchOutbox and ack of one system instance. */
export function createOutboxClient(compiled: CompiledDocument, options: ClientOptions): Required<Pick<LegacyClient, 'fetchOutbox' | 'ack'>> {
  const { doc } = compiled;
  const outbox = doc.transports.outbox!;
  const now = options.now ?? Date.now;
  const http = createLegacyHttp({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? OUTBOX_HTTP.timeoutMs,
    maxAnswerBytes: OUTBOX_HTTP.maxAnswerBytes,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const exchange = async (what: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body: Buffer, headers: Record<string, string> = {}) => {
    const signed = authHeaders(doc, { method, path, body }, options.credentials, now());
    const answer = await http.exchange({ method, path, headers: { ...headers, ...signed }, ...(body.length > 0 ? { body } : {}) });
    if (answer.kind === 'no-answer') throw new OutboxError(`${what}: ${answer.reason}`, true);
    if (answer.status < 200 || answer.status > 299)
      throw new OutboxError(`${what}: HTTP ${answer.status} ${answerText(answer)}`.trim(), answer.status >= 500 || answer.status === 429);
    return answer;
  };
  // An acknowledgement answered 2xx with a code other than accepted/duplicate was not taken.
  const acknowledged = (answer: HttpAnswer): void => {
    let code: unknown;
    try {
      code = getPath(jsonOf(doc, answer.body, headerOf(answer.headers, 'content-type')), doc.answers.field.code);
    } catch {
      return;
    }
    if (typeof code === 'string' && code !== doc.answers.accepted.code && code !== doc.answers.duplicate.code)
      throw new OutboxError(`outbox/ack: refused with code ${code}: ${answerText(answer)} (确认未被接受)`, code === doc.answers.busy.code);
  };
  const acknowledge = async (ack: Acknowledgement, ids: string[]) => {
    if (ack.path.includes('{id}')) {
      for (const id of ids) acknowledged(await exchange('outbox/ack', ack.method, ack.path.replaceAll('{id}', encodeURIComponent(id)), Buffer.alloc(0)));
      return;
    }
    const value = {};
    setPath(value, ack.ids, ids);
    acknowledged(
      await exchange('outbox/ack', ack.method, ack.path, jsonBody(doc, value), { 'Content-Type': `application/json; charset=${doc.format.charset}` }),
    );
  };
  return {
    async fetchOutbox(cursor: string | undefined, max: number): Promise<OutboxPage> {
      const size = Math.min(Math.max(1, Math.floor(max)), outbox.pageSize.max);
      const answer = await exchange('outbox', 'GET', outboxRequestPath(outbox, cursor, size), Buffer.alloc(0));
      let text: string;
      try {
        text = decodeBody(answer.body, headerOf(answer.headers, 'content-type') ?? `application/json; charset=${doc.format.charset}`);
      } catch (error) {
        throw new OutboxError(`outbox: ${(error as Error).message}`, true);
      }
      return outboxPageOf(decodeOutboxPage(text, compiled), cursor);
    },
    async ack(ids: string[]): Promise<void> {
      if (ids.length === 0 || outbox.acknowledgement === 'none') return;
      await acknowledge(outbox.acknowledgement, ids);
    },
  };
}

/** How the simulator answers in the document's format: `accepted`, or `rejected` with a reason. */
export type OutboxReply = (which: 'accepted' | 'rejected', message?: string) => LegacyAnswer;

const positionOf = (cursor: string): number | undefined => (/^\d{1,12}$/.test(cursor) ? Number(cursor) : undefined);

function templatePattern(template: string): RegExp {
  const escaped = template.split('{id}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('([^/]+)')}$`);
}

/** The simulator's outbox routes: the page (cursor = position of the last item served) and the acknowledgement. */
export function outboxRoutes(compiled: CompiledDocument, reply: OutboxReply): SimRoute[] {
  const { doc } = compiled;
  const outbox = doc.transports.outbox!;
  const contentType = `application/json; charset=${doc.format.charset}`;
  const page = (request: SimRequest, context: SimContext): SimReply => {
    const cursor = request.query.get(outbox.cursor.param) ?? '';
    const sizeText = request.query.get(outbox.pageSize.param) ?? String(outbox.pageSize.default);
    const size = Number(sizeText);
    if (!/^\d+$/.test(sizeText) || size < 1 || size > outbox.pageSize.max)
      return reply('rejected', `${outbox.pageSize.param} must be 1-${outbox.pageSize.max} (页大小超出范围)`);
    const after = cursor === '' ? undefined : positionOf(cursor);
    if (cursor !== '' && after === undefined) return reply('rejected', `unknown ${outbox.cursor.param} ${cursor} (游标无效)`);
    const entries = context.outbox.page(after, size);
    const value = {};
    setPath(value, outbox.items, []);
    (getPath(value, outbox.items) as unknown[]).push(...entries.map((entry) => toLegacyDocument(entry.message, compiled)));
    setPath(value, outbox.cursor.answer, entries.length > 0 ? String(entries.at(-1)!.seq) : cursor);
    return { status: 200, headers: { 'content-type': contentType }, body: jsonBody(doc, value) };
  };
  const routes: SimRoute[] = [{ matches: (r) => r.method === 'GET' && r.path === outbox.path.split('?')[0], handle: page }];
  const ack = outbox.acknowledgement;
  if (ack === 'none') return routes;
  if (ack.path.includes('{id}')) {
    const pattern = templatePattern(ack.path);
    routes.push({
      matches: (r) => r.method === ack.method && pattern.test(r.path),
      handle: (request, context) => {
        context.outbox.ack([decodeURIComponent(pattern.exec(request.path)![1]!)]);
        return reply('accepted');
      },
    });
    return routes;
  }
  routes.push({
    matches: (r) => r.method === ack.method && r.path === ack.path,
    handle: (request, context) => {
      let ids: unknown;
      try {
        ids = getPath(jsonOf(doc, request.body, request.headers['content-type']), ack.ids);
      } catch {
        ids = undefined;
      }
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return reply('rejected', `${ack.ids} must be an array of ids (应为报文编号数组)`);
      context.outbox.ack(ids);
      return reply('accepted');
    },
  });
  return routes;
}
