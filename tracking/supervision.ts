import { toBeijingIso } from '../standard/clocks/calendar-date';
import { parseAlertLog, type LoggedAlert } from './alert-log';
import { agencyAt } from './deadline-record';
import { ScriptCode, SupervisionError, TrackingInputError } from './errors';
import type { TrackingKeys } from './keys';
import { runScript, type RedisClient } from './redis';
import type { SupervisionEntry } from './timeline';

export type SupervisionStatus = 'OPENED' | 'EXPLAINED' | 'CLOSED';

export interface SupervisionAction {
  by: string;
  /** ISO 8601, Beijing time. */
  at: string;
  text?: string;
}

/** 督办: opened when a step goes overdue; the agency explains; then it is closed. */
export interface SupervisionOrder {
  id: string;
  caseUid: string;
  /** Clock key (`C2`, `C14b@REVIEW` …). */
  clock: string;
  run: number;
  district: string;
  /** Agency that must explain. */
  agency: string;
  /** The deadline that was missed (exclusive end instant). */
  deadline: string;
  openedAt: string;
  status: SupervisionStatus;
  explanation?: SupervisionAction;
  closure?: SupervisionAction;
}

/** Stored form (supervision-step-3, once someone acted): times in ms (deadline in s), agency as its index. */
interface StoredAction {
  by: string;
  at: number;
  text?: string;
}
interface StoredOrder {
  id: string;
  caseUid: string;
  clock: string;
  run: number;
  district: string;
  agency: number;
  deadline: number;
  openedAt: number;
  status: SupervisionStatus;
  explanation?: StoredAction;
  closure?: StoredAction;
}

const ORDER_ID = /^SO-(\d{6})-(GZ-\d{6}-\d{4}-\d{6})-([A-Za-z0-9]+(?:@[A-Z_]+)?)-(\d+)$/;

export function supervisionOrderId(district: string, caseUid: string, clockKey: string, run: number): string {
  return `SO-${district}-${caseUid}-${clockKey}-${run}`;
}

export function parseSupervisionOrderId(id: string): { district: string; caseUid: string; clock: string; run: number } | undefined {
  const match = ORDER_ID.exec(id);
  return match ? { district: match[1]!, caseUid: match[2]!, clock: match[3]!, run: Number(match[4]) } : undefined;
}

const action = (a: StoredAction): SupervisionAction => ({ by: a.by, at: toBeijingIso(a.at), ...(a.text !== undefined && { text: a.text }) });

function orderOf(raw: string): SupervisionOrder {
  const o = JSON.parse(raw) as StoredOrder;
  return {
    id: o.id,
    caseUid: o.caseUid,
    clock: o.clock,
    run: o.run,
    district: o.district,
    agency: agencyAt(o.agency),
    deadline: toBeijingIso(o.deadline * 1000),
    openedAt: toBeijingIso(o.openedAt),
    status: o.status,
    ...(o.explanation && { explanation: action(o.explanation) }),
    ...(o.closure && { closure: action(o.closure) }),
  };
}

/** An order nobody has acted on yet: its overdue alert. */
function openedOrder(district: string, caseUid: string, alert: LoggedAlert): SupervisionOrder {
  return {
    id: supervisionOrderId(district, caseUid, alert.clockKey, alert.run),
    caseUid,
    clock: alert.clockKey,
    run: alert.run,
    district,
    agency: alert.agency,
    deadline: toBeijingIso(alert.deadlineMs),
    openedAt: toBeijingIso(alert.atMs),
    status: 'OPENED',
  };
}

/** Timeline entries of an order's life: opened, explained, closed. */
export function supervisionEntries(order: SupervisionOrder): SupervisionEntry[] {
  const entries: SupervisionEntry[] = [
    { at: order.openedAt, kind: 'supervision', orderId: order.id, action: 'OPENED', text: `${order.clock} overdue since ${order.deadline} (超期督办)` },
  ];
  for (const [step, done] of [
    ['EXPLAINED', order.explanation],
    ['CLOSED', order.closure],
  ] as const) {
    if (done)
      entries.push({ at: done.at, kind: 'supervision', orderId: order.id, action: step, by: done.by, ...(done.text !== undefined && { text: done.text }) });
  }
  return entries;
}

/**
 * Supervision orders live with the deadline index of their district: the claim script opens one
 * with the overdue alert (its id enters the open set, its details are the logged alert); operator
 * actions store it and move it along, and show in the case timeline.
 */
export class Supervision {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: TrackingKeys,
    private readonly now: () => number,
    private readonly onChange: (order: SupervisionOrder) => void,
  ) {}

  async get(id: string): Promise<SupervisionOrder | undefined> {
    const { district, caseUid } = this.parse(id);
    return (await this.orders(district, [{ id, caseUid }]))[0];
  }

  /** Orders of one case (every district it was supervised in), oldest first. */
  async ofCase(caseUid: string): Promise<SupervisionOrder[]> {
    const districts = await this.redis.smembers(this.keys.districts());
    const perDistrict = await Promise.all(
      districts.map(async (district) => {
        const overdue = parseAlertLog(await this.redis.hget(this.keys.district(district).alertLog, caseUid)).filter((a) => a.level === 'overdue');
        return this.orders(
          district,
          overdue.map((a) => ({ id: supervisionOrderId(district, caseUid, a.clockKey, a.run), caseUid })),
        );
      }),
    );
    return perDistrict.flat().sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0));
  }

  /** Orders of a district not yet closed, oldest first. */
  async open(district: string): Promise<SupervisionOrder[]> {
    const ids = await this.redis.zrange(this.keys.district(district).openOrders, '0', '-1');
    return this.orders(
      district,
      ids.map((id) => ({ id, caseUid: parseSupervisionOrderId(id)?.caseUid ?? '' })),
    );
  }

  /** The stored orders, and the ones nobody acted on yet built from their overdue alerts; unknown ids are left out. */
  private async orders(district: string, wanted: ReadonlyArray<{ id: string; caseUid: string }>): Promise<SupervisionOrder[]> {
    if (wanted.length === 0) return [];
    const keys = this.keys.district(district);
    const stored = await this.redis.hmget(keys.orders, ...wanted.map((w) => w.id));
    const missing = [...new Set(wanted.filter((_, i) => stored[i] === null).map((w) => w.caseUid))];
    const logs = missing.length === 0 ? [] : await this.redis.hmget(keys.alertLog, ...missing);
    const logged = new Map(missing.map((caseUid, i) => [caseUid, parseAlertLog(logs[i])]));
    return wanted.flatMap((w, i) => {
      const raw = stored[i];
      if (raw) return [orderOf(raw)];
      const alert = logged.get(w.caseUid)?.findLast((a) => a.level === 'overdue' && supervisionOrderId(district, w.caseUid, a.clockKey, a.run) === w.id);
      return alert ? [openedOrder(district, w.caseUid, alert)] : [];
    });
  }

  /** The responsible agency explains the overdue step: OPENED → EXPLAINED. */
  async explain(id: string, by: string, text: string): Promise<SupervisionOrder> {
    if (typeof text !== 'string' || text.trim() === '') throw new TrackingInputError('text', 'an explanation must not be empty', '情况说明不得为空', text);
    return this.step(id, 'OPENED', 'EXPLAINED', 'explanation', by, text.trim());
  }

  /** The supervisor closes the order after the explanation: EXPLAINED → CLOSED. */
  async close(id: string, by: string, text?: string): Promise<SupervisionOrder> {
    return this.step(id, 'EXPLAINED', 'CLOSED', 'closure', by, text?.trim() || undefined);
  }

  private parse(id: string): { district: string; caseUid: string; clock: string; run: number } {
    const parsed = typeof id === 'string' ? parseSupervisionOrderId(id) : undefined;
    if (!parsed) throw new TrackingInputError('id', 'is not a supervision order id like SO-440105-GZ-440105-2022-000001-C5-1', '不是督办单编号', id);
    return parsed;
  }

  private async step(
    id: string,
    from: SupervisionStatus,
    to: SupervisionStatus,
    field: 'explanation' | 'closure',
    by: string,
    text: string | undefined,
  ): Promise<SupervisionOrder> {
    const { district, caseUid, clock, run } = this.parse(id);
    if (typeof by !== 'string' || by.trim() === '') throw new TrackingInputError('by', 'must name who acts', '应填写操作人', by);
    const stored: StoredAction = { by: by.trim(), at: this.now(), ...(text !== undefined && { text }) };
    const keys = this.keys.district(district);
    const result = (await runScript(this.redis, 'supervisionStep', keys, {
      orderId: id,
      caseUid,
      clockKey: clock,
      run,
      district,
      from,
      to,
      field,
      action: JSON.stringify(stored),
    })) as [number, string?];
    if (result[0] === ScriptCode.NotFound) throw new SupervisionError('ORDER_NOT_FOUND', `supervision order ${id} does not exist (督办单不存在)`);
    if (result[0] === ScriptCode.WrongState) {
      throw new SupervisionError(
        'ORDER_STATE',
        `supervision order ${id} is ${result[1]}, not ${from}; cannot move to ${to} (督办单状态为${result[1]}，不能变更为${to})`,
      );
    }
    const order = orderOf(result[1]!);
    this.onChange(order);
    return order;
  }
}
