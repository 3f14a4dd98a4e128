import type { SupervisionOrder, Tracker } from '../tracking/index';
import { levelAt, type DeadlineLevel } from './case-view';

export interface DeadlineItem {
  caseUid: string;
  /** Clock key (`C5`, `C14b@REVIEW`). */
  clock: string;
  run: number;
  district: string;
  agency: string;
  level: DeadlineLevel;
  startedAt: number;
  deadlineMs: number;
  /** Negative once overdue. */
  remainingMs: number;
  /** Open supervision order of this step, if any. */
  supervisionOrderId?: string;
  /** The start is the send time standing in for a legal date no message stated: the deadline is an estimate (预计). */
  estimated?: boolean;
  /** The last day (counting rule and holidays applied). */
  due?: string;
  /** The last day was counted through a provisional year of the holiday calendar (before its State Council notice): it may move (暂定). */
  provisionalCalendar?: boolean;
}

export interface DeadlineSummaryRow {
  district: string;
  agency: string;
  running: number;
  yellow: number;
  red: number;
  overdue: number;
}

export interface DeadlinesView {
  at: number;
  summary: DeadlineSummaryRow[];
  /** Yellow, red and overdue steps, most urgent first. */
  items: DeadlineItem[];
  supervision: SupervisionOrder[];
}

export interface DeadlineQuery {
  district?: string;
  agency?: string;
  /** Include green (running, not yet warned) steps in `items`. */
  includeGreen?: boolean;
}

const URGENCY: Record<DeadlineLevel, number> = { overdue: 0, red: 1, yellow: 2, green: 3 };

/**
 * Running statutory deadlines of every district, read through tracking's API (the same entries
 * its deadline scan claims), classified at `now`; and the open supervision orders (督办).
 */
export async function deadlinesView(tracker: Tracker, query: DeadlineQuery, now: number): Promise<DeadlinesView> {
  const running = await tracker.runningDeadlines(query.district);
  const perDistrict = await Promise.all(
    running.map(async ({ district, entries }) => ({ district, entries, orders: await tracker.supervision.open(district) })),
  );
  const summary = new Map<string, DeadlineSummaryRow>();
  const items: DeadlineItem[] = [];
  const supervision: SupervisionOrder[] = [];
  for (const { district, entries, orders } of perDistrict) {
    const openOrders = orders.filter((o) => !query.agency || o.agency === query.agency);
    supervision.push(...openOrders);
    const orderOf = new Map(openOrders.map((o) => [`${o.caseUid}|${o.clock}|${o.run}`, o.id]));
    for (const entry of entries) {
      if (query.agency && entry.agency !== query.agency) continue;
      const level = levelAt(now, entry);
      const key = `${district}|${entry.agency}`;
      let row = summary.get(key);
      if (!row) {
        row = { district, agency: entry.agency, running: 0, yellow: 0, red: 0, overdue: 0 };
        summary.set(key, row);
      }
      row.running += 1;
      if (level !== 'green') row[level] += 1;
      if (level === 'green' && !query.includeGreen) continue;
      const item: DeadlineItem = {
        caseUid: entry.caseUid,
        clock: entry.clock,
        run: entry.run,
        district,
        agency: entry.agency,
        level,
        startedAt: entry.startMs,
        deadlineMs: entry.deadlineMs,
        remainingMs: entry.deadlineMs - now,
      };
      const orderId = orderOf.get(`${entry.caseUid}|${entry.clock}|${entry.run}`);
      if (orderId) item.supervisionOrderId = orderId;
      items.push(item);
    }
  }
  items.sort((a, b) => URGENCY[a.level] - URGENCY[b.level] || a.deadlineMs - b.deadlineMs || a.caseUid.localeCompare(b.caseUid));
  await markEstimates(tracker, items);
  supervision.sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0));
  return {
    at: now,
    summary: [...summary.values()].sort((a, b) => a.district.localeCompare(b.district) || a.agency.localeCompare(b.agency)),
    items,
    supervision,
  };
}

/** Items listed: whether each deadline rests on a legal date or on a send time, and on official calendar data (read from the case records, one per case). */
async function markEstimates(tracker: Tracker, items: DeadlineItem[]): Promise<void> {
  const cases = [...new Set(items.map((i) => i.caseUid))];
  const records = new Map(await Promise.all(cases.map(async (uid) => [uid, await tracker.caseRecord(uid)] as const)));
  for (const item of items) {
    const running = records.get(item.caseUid)?.clocks[item.clock];
    if (!running || running.run !== item.run) continue;
    item.estimated = running.estimated === true;
    item.provisionalCalendar = running.provisionalCalendar === true;
    item.due = running.due;
  }
}
