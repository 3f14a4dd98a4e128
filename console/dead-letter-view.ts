import type { AuditEntry as CoreAuditEntry, CaseLane, DeadLetter, Forwarder } from '../core/index';
import type { AuditEntry as ChainEntry, AuditLog } from '../security/audit-log';
import { maskMessage, maskText } from '../security/mask';
import { ConsoleError, badRequest, bilingual, notFound } from './errors';

/** The authenticated operator (Node-RED adminAuth user). */
export interface Operator {
  user: string;
}

export interface DeadLetterQuery {
  destination?: string;
  /** Any number of the case: caseUid, or a local number tracking knows (or the order key itself). */
  caseNumber?: string;
  messageType?: string;
  offset?: number;
  limit?: number;
}

export interface DeadLetterRow {
  destination: string;
  messageId: string;
  /** The case lane (caseUid, or before one existed the first local number). */
  orderKey: string;
  caseUid?: string;
  messageType?: string;
  process?: string;
  sender?: string;
  receiver?: string;
  reason: string;
  lastError?: string;
  attempts: number;
  enqueuedAt: number;
  deadAt: number;
}

export interface DeadLetterList {
  items: DeadLetterRow[];
  total: number;
  /** Destinations searched. */
  destinations: string[];
}

export interface DeadLetterDetail extends DeadLetterRow {
  /** The stored message; personal data masked unless revealed. */
  message: unknown;
  masked: boolean;
  lane: CaseLane;
}

export type DeadLetterAction = 'replay' | 'discard';

export interface ActionResult {
  action: DeadLetterAction;
  destination: string;
  messageId: string;
  done: number;
  by: string;
  reason: string;
}

/** An entry of a destination's audit as the console shows it: the core's record of it. */
export type ConsoleAuditEntry = CoreAuditEntry;

const MAX_REASON = 500;
const LIST_SCAN = 1000;
const READ_WHY = {
  list: 'operator console: list dead letters (运维控制台：查看死信列表)',
  inspect: 'operator console: inspect, personal data masked (运维控制台：查看死信，个人信息已脱敏)',
};

/** A reason for an operator action: required, trimmed, at most 500 characters. */
export function checkReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text === '') throw badRequest('reason', 'is required: say why, e.g. "court system fixed, resend"', '必须填写原因，例如“法院系统已修复，重新投递”');
  if (text.length > MAX_REASON) throw badRequest('reason', `must be at most ${MAX_REASON} characters`, `不得超过${MAX_REASON}个字符`);
  return text;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function party(value: unknown): string | undefined {
  const agency = field(value, 'agency');
  const division = field(value, 'division');
  return typeof agency === 'string' ? (typeof division === 'string' ? `${agency}@${division}` : agency) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function rowOf(letter: DeadLetter): DeadLetterRow {
  const m = letter.message;
  const row: DeadLetterRow = {
    destination: letter.destination,
    messageId: letter.messageId,
    orderKey: letter.orderKey,
    reason: maskText(letter.reason),
    attempts: letter.attempts,
    enqueuedAt: letter.enqueuedAt,
    deadAt: letter.deadAt,
  };
  const optional: Partial<DeadLetterRow> = {
    caseUid: text(field(m, 'caseUid')),
    messageType: text(field(m, 'messageType')),
    process: text(field(m, 'process')),
    sender: party(field(m, 'sender')),
    receiver: party(field(m, 'receiver')),
    lastError: letter.lastError === undefined ? undefined : maskText(letter.lastError),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
  return row;
}

function localNumbers(message: unknown): string[] {
  const numbers = field(message, 'localCaseNumbers');
  return Array.isArray(numbers) ? numbers.map((n) => field(n, 'number')).filter((n): n is string => typeof n === 'string') : [];
}

/**
 * Dead letters as the console shows them: listed across destinations with filters, inspected with
 * personal data masked, replayed or discarded one at a time with a required reason. Every read and
 * action goes through the core's dead letters, which audit it with the operator as actor; actions
 * are also written to the security audit chain first (refused when it cannot be written).
 */
export class DeadLetterView {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly audit: AuditLog | undefined,
    /** Destinations to search when none is given. */
    private readonly destinations: () => Promise<string[]>,
    /** Any case number → caseUid (tracking), when tracking is available. */
    private readonly findCase: (number: string) => Promise<string | undefined>,
    /** Stored (sealed) message → message, for display. */
    private readonly openMessage?: (stored: unknown, destination: string) => unknown,
  ) {}

  private opened(letter: DeadLetter): DeadLetter {
    return this.openMessage ? { ...letter, message: this.openMessage(letter.message, letter.destination) as DeadLetter['message'] } : letter;
  }

  async list(query: DeadLetterQuery, operator: Operator): Promise<DeadLetterList> {
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
    const offset = Math.max(query.offset ?? 0, 0);
    const destinations = query.destination ? [await this.known(query.destination)] : await this.withDeadLetters(await this.destinations());
    const caseKeys = new Set<string>();
    const number = query.caseNumber?.trim();
    if (number) {
      caseKeys.add(number);
      const uid = await this.findCase(number).catch(() => undefined);
      if (uid) caseKeys.add(uid);
    }
    const matches: DeadLetter[] = [];
    for (const destination of destinations) {
      const letters = await this.forwarder.deadLetters.list(destination, { limit: LIST_SCAN }, { who: operator.user, why: READ_WHY.list });
      for (const letter of letters.map((l) => this.opened(l))) {
        if (query.messageType && field(letter.message, 'messageType') !== query.messageType) continue;
        if (caseKeys.size > 0) {
          const keys = [letter.orderKey, text(field(letter.message, 'caseUid')), ...localNumbers(letter.message)];
          if (!keys.some((key) => key !== undefined && caseKeys.has(key))) continue;
        }
        matches.push(letter);
      }
    }
    matches.sort((a, b) => b.deadAt - a.deadAt || a.messageId.localeCompare(b.messageId));
    return { items: matches.slice(offset, offset + limit).map(rowOf), total: matches.length, destinations };
  }

  /** One dead letter; `reveal` (with a reason) shows the personal data and is audited as such. */
  async inspect(destination: string, messageId: string, operator: Operator, reveal?: { reason: string }): Promise<DeadLetterDetail> {
    const why = reveal ? `reveal personal data: ${checkReason(reveal.reason)} (查看未脱敏个人信息)` : READ_WHY.inspect;
    await this.known(destination);
    if (reveal)
      await this.chain({
        actor: operator.user,
        action: 'admin-access',
        subject: messageId,
        outcome: 'revealed',
        detail: { destination, reason: reveal.reason.trim() },
      });
    const stored = await this.forwarder.deadLetters.inspect(destination, messageId, { who: operator.user, why });
    const letter = stored && this.opened(stored);
    if (!letter) throw notFound(`no dead letter ${messageId} at ${destination}`, `${destination} 没有死信 ${messageId}`);
    const lane = await this.forwarder.caseLane(destination, letter.orderKey);
    return { ...rowOf(letter), message: reveal ? letter.message : maskMessage(letter.message), masked: !reveal, lane };
  }

  async act(action: DeadLetterAction, destination: string, messageId: string, operator: Operator, reasonInput: unknown): Promise<ActionResult> {
    const reason = checkReason(reasonInput);
    if (typeof messageId !== 'string' || messageId === '') throw badRequest('messageId', 'is required', '必须提供报文编号');
    await this.known(destination);
    await this.chain({ actor: operator.user, action, subject: messageId, outcome: 'requested', detail: { destination, reason } });
    const actor = { who: operator.user, why: reason };
    const target = { messageId };
    const done =
      action === 'replay'
        ? (await this.forwarder.deadLetters.replay(destination, target, actor)).replayed
        : (await this.forwarder.deadLetters.discard(destination, target, actor)).discarded;
    if (done === 0) {
      throw notFound(
        `no dead letter ${messageId} at ${destination}: already replayed or discarded?`,
        `${destination} 没有死信 ${messageId}，可能已被重新投递或丢弃`,
      );
    }
    return { action, destination, messageId, done, by: operator.user, reason };
  }

  /** Operator actions on dead letters, newest first (the core's per-destination audit streams). */
  async auditTrail(options: { destination?: string; limit?: number; includeLists?: boolean }): Promise<ConsoleAuditEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    const destinations = options.destination ? [options.destination] : await this.destinations();
    const perDestination = await Promise.all(destinations.map((d) => this.forwarder.deadLetters.audit(d, { count: options.includeLists ? limit : limit * 4 })));
    return perDestination
      .flat()
      .filter((e: CoreAuditEntry) => options.includeLists || e.action !== 'list')
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .slice(0, limit)
      .map((e) => ({ ...e, why: maskText(e.why), ...(e.detail === undefined ? {} : { detail: maskText(e.detail) }) }));
  }

  /**
   * A destination some process has used; any other is refused before the core is asked, because
   * the core records every read (audit-reads) under the destination's keys: reads of made-up
   * destinations would create keys nobody owns (issue 17, item 5).
   */
  private async known(destination: string): Promise<string> {
    if (!(await this.destinations()).includes(destination)) {
      throw notFound(`no destination ${destination}`, `没有接收方 ${destination}`);
    }
    return destination;
  }

  private async withDeadLetters(destinations: string[]): Promise<string[]> {
    const counts = await Promise.all(destinations.map((d) => this.forwarder.client.zcard(this.forwarder.keys(d).deadIndex)));
    return destinations.filter((_, i) => counts[i]! > 0);
  }

  /** Writes to the security audit chain first; an action it cannot record is refused (fail closed). */
  private async chain(entry: ChainEntry): Promise<void> {
    if (!this.audit) return;
    try {
      await this.audit.append(entry);
    } catch (err) {
      throw new ConsoleError(
        503,
        'AUDIT_UNAVAILABLE',
        bilingual(`the audit log cannot be written, so the ${entry.action} was not done: ${(err as Error).message}`, '审计日志无法写入，操作未执行'),
      );
    }
  }
}
