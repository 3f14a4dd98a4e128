import { canonicalDivision, formatCaseUid, parseCaseUid, type Process, type UnifiedMessage } from '../standard';
import { normalizeCaseNumber } from './case-numbers';
import type { TrackingKeys } from './keys';
import { beijingYearOf } from './periods';
import { registerScripts, runScript, type RedisClient } from './redis';
import type { NumberConflictAnomaly } from './timeline';

export interface CaseNumber {
  system: string;
  /** Normalised (case-numbers.ts). */
  number: string;
}

export interface Identity {
  caseUid: string;
  /** A new uid was allocated for this message. */
  allocated: boolean;
  /** Every number the message carries, normalised. */
  numbers: CaseNumber[];
  /** Numbers that belong to another case: flagged on both, never merged. */
  conflicts: NumberConflictAnomaly[];
  /** The message this one answers (inReplyTo) was tracked: its case and process. */
  answers?: AnsweredMessage;
}

export interface AnsweredMessage {
  messageId: string;
  caseUid: string;
  process: Process;
}

/** The field under which a message is remembered: its sender, id and receiver (a copy to another receiver is another field). */
const refField = (senderOrg: string, messageId: string, receiverOrg: string): string => `${senderOrg}|${messageId}|${receiverOrg}`;

/** Every case number a message carries: its localCaseNumbers and a court's 案号 in CASE_ACCEPTED. */
export function numbersOf(message: UnifiedMessage): CaseNumber[] {
  const found = new Map<string, CaseNumber>();
  const add = (system: string, raw: string) => {
    const number = normalizeCaseNumber(raw);
    if (number !== '' && !found.has(number)) found.set(number, { system, number });
  };
  for (const entry of message.localCaseNumbers) add(entry.system, entry.number);
  if (message.messageType === 'CASE_ACCEPTED' && message.payload.courtCaseNo) add('COURT', message.payload.courtCaseNo);
  return [...found.values()];
}

/** Division of a new case: the crime location, else the sender's district (legacy codes mapped). */
export function caseDivisionOf(message: UnifiedMessage): string {
  const code = message.case.crimeDivision ?? message.sender.division;
  return canonicalDivision(code) ?? code;
}

/**
 * Case identity (domain.md §4): the platform-wide caseUid `GZ-{division}-{yyyy}-{seq6}` and the
 * agency numbers linked to it. A number is linked with HSETNX, so the first case to claim it keeps
 * it; a later claim by another case is returned as a conflict.
 */
export class IdentityResolver {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: TrackingKeys,
  ) {
    registerScripts(redis);
  }

  /** The caseUid a case number (any agency's, or the uid itself) belongs to. */
  async find(anyNumber: string): Promise<string | undefined> {
    const trimmed = anyNumber.trim();
    if (parseCaseUid(trimmed)) return trimmed;
    const number = normalizeCaseNumber(trimmed);
    return (await this.redis.hget(this.keys.reference(number), number)) ?? undefined;
  }

  /**
   * The tracked message a reply answers: `inReplyTo` names a message its receiver sent to its sender
   * (an answer from anyone else, or to an unknown message, answers nothing).
   */
  async answered(message: UnifiedMessage): Promise<AnsweredMessage | undefined> {
    if (!message.inReplyTo) return undefined;
    // Only the receiver of the named message can answer it, and only to its sender.
    const field = refField(message.receiver.orgCode, message.inReplyTo, message.sender.orgCode);
    const stored = await this.redis.hget(this.keys.messageRef(field), field);
    if (stored === null) return undefined;
    const [caseUid, process] = stored.split('|');
    if (!caseUid || !process) return undefined;
    return { messageId: message.inReplyTo, caseUid, process: process as Process };
  }

  /** Remembers which case and process a message belongs to (for the replies to it). */
  async remember(message: UnifiedMessage, caseUid: string): Promise<void> {
    const field = refField(message.sender.orgCode, message.messageId, message.receiver.orgCode);
    await this.redis.hsetnx(this.keys.messageRef(field), field, `${caseUid}|${message.process}`);
  }

  async resolve(message: UnifiedMessage): Promise<Identity> {
    const numbers = numbersOf(message);
    const [answers, ...linked] = (await Promise.all([
      this.answered(message),
      ...numbers.map((n) => this.redis.hget(this.keys.reference(n.number), n.number)),
    ])) as [AnsweredMessage | undefined, ...(string | null)[]];
    // A reply belongs to the case of the message it answers, whatever numbers it carries or omits.
    let caseUid = answers?.caseUid ?? message.caseUid ?? linked.find((uid): uid is string => uid !== null);
    let allocated = false;
    if (caseUid === undefined) {
      caseUid = await this.allocate(message);
      allocated = true;
    }

    const conflicts: NumberConflictAnomaly[] = [];
    let linkedAny = false;
    for (const [index, entry] of numbers.entries()) {
      let owner = linked[index] ?? null;
      if (owner === null) {
        const claimed = await this.redis.hsetnx(this.keys.reference(entry.number), entry.number, caseUid);
        if (claimed === 1) {
          linkedAny = true;
          continue;
        }
        owner = await this.redis.hget(this.keys.reference(entry.number), entry.number);
        // Two first messages of one new case raced: join the case that linked the number first.
        if (owner !== null && allocated && !linkedAny) {
          caseUid = owner;
          allocated = false;
          linkedAny = true;
          continue;
        }
      }
      if (owner !== null && owner !== caseUid) conflicts.push(conflictOf(entry, owner, caseUid, message.messageId));
      else linkedAny = true;
    }
    return { caseUid, allocated, numbers, conflicts, ...(answers && { answers }) };
  }

  private async allocate(message: UnifiedMessage): Promise<string> {
    const division = caseDivisionOf(message);
    const year = beijingYearOf(Date.parse(message.sentAt));
    const sequence = await this.redis.incr(this.keys.sequence(division, year));
    return formatCaseUid(division, year, sequence);
  }

  /** An adopted uid in our own format must never be allocated again here. */
  async keepSequenceAhead(caseUid: string): Promise<void> {
    const parsed = parseCaseUid(caseUid);
    if (!parsed) return;
    await runScript(this.redis, 'raiseSequence', { counter: this.keys.sequence(parsed.division, parsed.year) }, { sequence: parsed.sequence });
  }
}

export function conflictOf(entry: CaseNumber, linkedTo: string, claimedBy: string, messageId: string): NumberConflictAnomaly {
  return {
    id: `${messageId}:${entry.number}`,
    kind: 'NUMBER_CONFLICT',
    system: entry.system,
    number: entry.number,
    linkedTo,
    claimedBy,
    messageId,
    reason: `case number ${entry.number} (${entry.system}) already belongs to ${linkedTo}; message ${messageId} claims it for ${claimedBy} (案件编号已属于另一案件，未合并)`,
  };
}
