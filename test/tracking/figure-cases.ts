/**
 * Generated cases for the figures test: 10,000 guilty-plea theft cases along P2 → P6 with their
 * messages and, computed independently of tracking, the closed steps, exchanges and outcomes the
 * figures must show (deadlines counted here by hand: every suspect is in custody, so no deadline
 * moves off a holiday).
 */
import type { Agency, PayloadOf, Track, UnifiedMessage } from '../../standard';
import type { LatencyRecord } from '../../tracking/figures/records';
import { unifiedMessage, type CaseContext, type MessageExtra } from '../support/messages';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
const DISTRICTS = ['440105', '440111', '440112', '440115'];

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number): string => {
  const d = new Date(ms + 8 * HOUR);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+08:00`;
};
const beijingDay = (ms: number): [number, number, number] => {
  const d = new Date(ms + 8 * HOUR);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
};
/** Exclusive end of a period of `days` days / `months` months started on the Beijing day of `startMs` (start day not counted). */
const expiresAfter = (startMs: number, limit: { days?: number; months?: number }): number => {
  const [y, m, d] = beijingDay(startMs);
  let day: number;
  if (limit.months) {
    const last = new Date(Date.UTC(y, m + limit.months + 1, 0)).getUTCDate();
    day = Date.UTC(y, m + limit.months, Math.min(d, last));
  } else {
    day = Date.UTC(y, m, d + limit.days!);
  }
  return day + DAY - 8 * HOUR;
};

export interface Step {
  clock: string;
  district: string;
  agency: Agency;
  track: string;
  startMs: number;
  stopMs: number;
  deadlineMs: number;
}
/** One message passing, as the tracker records it. */
export type Exchange = LatencyRecord;
export interface Outcome {
  district: string;
  track: string;
  startMs: number;
  indictedMs?: number;
  fast?: boolean;
  judgmentMs?: number;
  adopted?: boolean;
  effectiveMs?: number;
  receiptMs?: number;
}
export interface Generated {
  messages: Array<{ message: UnifiedMessage; receivedMs: number; ackMs?: number }>;
  steps: Step[];
  exchanges: Exchange[];
  outcome: Outcome;
}

const TRIAL_CLOCK: Record<Track, string> = { FAST: 'C9', SIMPLIFIED: 'C10', ORDINARY: 'C11' };

export function generateCase(i: number, rnd: () => number): Generated {
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const district = DISTRICTS[i % DISTRICTS.length]!;
  const r = rnd();
  const track: Track = r < 0.6 ? 'FAST' : r < 0.8 ? 'SIMPLIFIED' : 'ORDINARY';
  const termMonths = rnd() < 0.2 ? 18 : 6;
  const context: CaseContext = { division: district, caseUid: `GZ-${district}-2022-${String(i + 1).padStart(6, '0')}`, track, custody: 'DETAINED' };
  const out: Generated = { messages: [], steps: [], exchanges: [], outcome: { district, track, startMs: 0 } };
  const lastStep = rnd() < 0.7 ? 99 : between(1, 10);
  let count = 0;
  const send = <T extends Parameters<typeof unifiedMessage>[0]>(type: T, atMs: number, payload: PayloadOf<T>, extra: MessageExtra = {}) => {
    count += 1;
    if (count > lastStep) return undefined;
    // Every 50th case goes through the schema check; the rest are built the same way, unchecked (speed).
    const message = unifiedMessage(type, iso(atMs), payload, context, { messageId: `G${i}-${count}`, validate: i % 50 === 0, ...extra });
    const receivedMs = atMs + between(0, 600) * 1000;
    const ackMs = rnd() < 0.6 ? receivedMs + between(1, 3600) * 1000 : undefined;
    out.messages.push({ message, receivedMs, ...(ackMs !== undefined && { ackMs }) });
    out.exchanges.push({
      messageId: message.messageId,
      messageType: type,
      district,
      agency: message.sender.agency,
      sentMs: atMs,
      receivedMs,
      ...(ackMs !== undefined && { ackMs }),
    });
    return atMs;
  };
  const step = (clock: string, agency: Agency, startMs: number, stopMs: number | undefined, limit: { days?: number; months?: number }) => {
    if (stopMs !== undefined) out.steps.push({ clock, district, agency, track, startMs, stopMs, deadlineMs: expiresAfter(startMs, limit) });
  };

  const t0 = Date.UTC(2022, 6, 1, 1) + between(0, 180) * DAY + between(0, 8) * HOUR + between(0, 59) * 60_000;
  out.outcome.startMs = t0;
  const P2 = { process: 'PROSECUTION_REVIEW' as const };
  send('PROSECUTION_OPINION', t0, { fastTrackProposed: track === 'FAST' }, P2);
  const noticeAt = t0 + between(0, 5) * DAY + between(1, 8) * HOUR;
  const notice = send('LEGAL_AID_NOTICE', noticeAt, { stage: 'REVIEW', aidType: 'DUTY_LAWYER' }, { from: 'PROCURATORATE' });
  step('C7', 'PROCURATORATE', t0, notice, { days: 3 });
  const assigned =
    notice === undefined
      ? undefined
      : send(
          'LAWYER_ASSIGNMENT',
          noticeAt + between(0, 5) * DAY + between(0, 6) * HOUR,
          { lawyer: { name: '律师' }, stage: 'REVIEW' },
          { to: 'PROCURATORATE' },
        );
  if (notice !== undefined) step('C14b', 'LEGAL_AID_CENTER', notice, assigned, { days: 3 });

  const indictAt = t0 + (track === 'FAST' ? between(2, 14) : between(10, 40)) * DAY + between(1, 8) * HOUR;
  const indicted = send('INDICTMENT', indictAt, { procedure: track, sentencingRecommendation: { principal: 'FIXED_TERM', kind: 'FIXED', termMonths } });
  step('C5', 'PROCURATORATE', t0, indicted, track === 'FAST' ? { days: 10 } : { months: 1 });
  if (indicted === undefined) return out;
  out.outcome.indictedMs = indicted;
  out.outcome.fast = track === 'FAST';
  const accepted = send('CASE_ACCEPTED', indicted + between(1, 9) * DAY, { procedure: track, courtCaseNo: `(2022)粤${district.slice(2)}刑初${i + 1}号` });
  step('C8', 'COURT', indicted, accepted, { days: 7 });
  if (accepted === undefined) return out;
  if (track !== 'FAST' && send('HEARING_NOTICE', accepted + DAY, { courtroom: '第一法庭' }) === undefined) return out;
  const judgmentDays = track === 'FAST' ? between(3, 16) : track === 'SIMPLIFIED' ? between(5, 26) : between(20, 75);
  const a = rnd();
  const adopted = a < 0.85 ? true : a < 0.95 ? false : undefined;
  const judged = send('JUDGMENT', accepted + judgmentDays * DAY + between(0, 8) * HOUR, {
    verdict: 'CONVICTED',
    pronouncedInCourt: true,
    sentence: { principal: 'SHORT_DETENTION', termMonths: 4 },
    ...(adopted !== undefined && { recommendationAdopted: adopted }),
  });
  // CPL 225/220 "may" extend: without a recorded decision the base limit applies, whatever the likely sentence.
  const trialLimit = track === 'FAST' ? { days: 10 } : track === 'SIMPLIFIED' ? { days: 20 } : { months: 2 };
  step(TRIAL_CLOCK[track], 'COURT', accepted, judged, trialLimit);
  if (judged === undefined) return out;
  out.outcome.judgmentMs = judged;
  if (adopted !== undefined) out.outcome.adopted = adopted;
  const served = send('SERVICE_RECEIPT', judged + between(1, 7) * DAY, {});
  step('C12', 'COURT', judged, served, { days: 5 });
  if (served === undefined) return out;
  const effective = send('JUDGMENT_EFFECTIVE', served + 11 * DAY, {});
  step('C13', 'COURT', served, effective, { days: 10 });
  if (effective === undefined) return out;
  out.outcome.effectiveMs = effective;
  const noticed = send('EXECUTION_NOTICE', effective + between(2, 14) * DAY, { executor: 'DETENTION_CENTER' }, { to: 'DETENTION_CENTER' });
  step('C15', 'COURT', effective, noticed, { days: 10 });
  if (noticed === undefined) return out;
  const receipt = send('EXECUTION_RECEIPT', noticed + DAY, {}, { from: 'DETENTION_CENTER' });
  if (receipt !== undefined) out.outcome.receiptMs = receipt;
  return out;
}
