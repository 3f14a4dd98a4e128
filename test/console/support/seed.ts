/**
 * Case-tracking demo data for the console tests and screenshots: the platform's demo case
 * (demo/demo-case.ts) moved to recent dates and observed by a Tracker on the platform's Redis,
 * so the deadline, case and efficiency views have red, yellow and overdue cases and recent figures.
 */
import { Redis } from 'ioredis';
import { demoCase } from '../../../demo/demo-case';
import { DIVISION_CODES, type Division } from '../../../standard/codes/divisions';
import { SAMPLE_CN_CALENDAR_2022_2026, type UnifiedMessage } from '../../../standard';
import { Tracker } from '../../../tracking';

const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(.*)$/;

/** The Beijing calendar date of an instant, `YYYY-MM-DD`. */
export function beijingDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** Every date and time in the message moved by whole days (birth dates stay, so the ID number still fits). */
export function shiftDays<T>(value: T, days: number, key?: string): T {
  if (typeof value === 'string') {
    const match = DATE.exec(value);
    if (!match || key === 'birthDate') return value;
    return `${addDays(`${match[1]}-${match[2]}-${match[3]}`, days)}${match[4]}` as T;
  }
  if (Array.isArray(value)) return value.map((item) => shiftDays(item, days, key)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDays(v, days, k)])) as T;
  }
  return value;
}

export interface SeededCase {
  caseUid: string;
  division: Division;
  /** Expected level of the running arrest-review deadline (C2), for the open cases. */
  level?: 'green' | 'yellow' | 'red' | 'overdue';
  /** A number other than the caseUid the case is known by (PSB case number). */
  psbNumber: string;
}

export interface SeededTracking {
  open: SeededCase[];
  closed: SeededCase[];
  /** Supervision orders opened by the deadline scan. */
  orders: string[];
}

/** The demo case's messages, all carrying a case id of this year, so tracking adopts it. */
function caseMessages(division: Division, seq: number, idPrefix: string, now: number): UnifiedMessage[] {
  const caseUid = `GZ-${division}-${beijingDate(now).slice(0, 4)}-${String(seq).padStart(6, '0')}`;
  return demoCase(division, seq, { idPrefix }).map((s) => ({ ...s.message, caseUid }));
}

/** Days before today (Beijing) when the acceptance acknowledgement starts C2 (7 days in custody). */
const OPEN_CASES: Array<{ division: Division; level: SeededCase['level']; ackDaysAgo: number }> = [
  { division: '440105', level: 'red', ackDaysAgo: 7 },
  { division: '440105', level: 'overdue', ackDaysAgo: 10 },
  { division: '440111', level: 'yellow', ackDaysAgo: 6 },
  { division: '440111', level: 'green', ackDaysAgo: 2 },
  { division: '440112', level: 'overdue', ackDaysAgo: 12 },
  { division: '440112', level: 'yellow', ackDaysAgo: 6 },
  { division: '440115', level: 'red', ackDaysAgo: 7 },
];

/** Observes the seeded cases with a Tracker on `redisUrl` (prefix `cl`), then scans the deadlines once. */
export async function seedTracking(redisUrl: string, now = Date.now()): Promise<SeededTracking> {
  const redis = new Redis(redisUrl);
  try {
    const tracker = new Tracker({ redis, prefix: 'cl', calendar: SAMPLE_CN_CALENDAR_2022_2026, now: () => now });
    const today = beijingDate(now);
    const observe = async (messages: UnifiedMessage[]) => {
      for (const message of messages) await tracker.observe(message, { receivedAt: message.sentAt });
    };
    const closed: SeededCase[] = [];
    // Whole cases that ended in the last weeks. The arrest decision (index 2) takes d more days in
    // the d-th district, the judgment (index 10) k more days in the k-th case, and in Baiyun the
    // second case's indictment (index 7) is 5 days late (fast track: 10 days).
    for (const [d, division] of DIVISION_CODES.entries()) {
      for (let k = 0; k < 3; k++) {
        const messages = caseMessages(division, 100 + k, 'HIST', now);
        const delay = (i: number) => (i >= 2 ? d : 0) + (i >= 10 ? k : 0) + (division === '440111' && k === 1 && i >= 7 ? 5 : 0);
        const delayed = messages.map((m, i) => shiftDays(m, delay(i)));
        const lastDay = delayed[delayed.length - 1]!.sentAt.slice(0, 10);
        const shift = daysBetween(lastDay, addDays(today, -(1 + 2 * k + d)));
        await observe(delayed.map((m) => shiftDays(m, shift)));
        closed.push({ caseUid: messages[0]!.caseUid!, division, psbNumber: messages[0]!.localCaseNumbers[0]!.number });
      }
    }
    const open: SeededCase[] = [];
    for (const [i, spec] of OPEN_CASES.entries()) {
      const messages = caseMessages(spec.division, 200 + i, 'OPEN', now).slice(0, 2);
      const ackDay = messages[1]!.sentAt.slice(0, 10);
      await observe(messages.map((m) => shiftDays(m, daysBetween(ackDay, addDays(today, -spec.ackDaysAgo)))));
      open.push({ caseUid: messages[0]!.caseUid!, division: spec.division, level: spec.level, psbNumber: messages[0]!.localCaseNumbers[0]!.number });
    }
    const alerts = await tracker.scanDeadlines(now);
    return { open, closed, orders: alerts.filter((a) => a.supervisionOrderId).map((a) => a.supervisionOrderId!) };
  } finally {
    redis.disconnect();
  }
}
