import { EventEmitter } from 'node:events';
import {
  HolidayCalendarSchema,
  limitsBeyondStatute,
  type LimitBeyondStatute,
  clocksStartedBy,
  resolveClockConfig,
  validateMessage,
  type Agency,
  type ClockConfigOverrides,
  type ClockId,
  type ExternalClockEvent,
  type HolidayCalendar,
  type ProcessChange,
  type ProcessOptions,
  type UnifiedMessage,
  type Violation,
  type WarningPolicy,
} from '../standard';
import { MESSAGE_TYPES } from '../standard/codes/message-types';
import { toBeijingIso } from '../standard/clocks/calendar-date';
import type { CaseRecord } from './case-record';
import { CaseStore, type LoadedCase, type OutboxOp } from './case-store';
import { clockIdOf, DEFAULT_RESPONSIBLE_AGENCIES, instantOf, type ClockEvent, type ClockSettings } from './clocks';
import { parseAlertLog, warningEntryOf } from './alert-log';
import { externalEventStep, recountStep } from './clock-steps';
import { levelName, parseClaimLine, unpackEntry, type DeadlineEntry } from './deadline-record';
import { ContentionError, InvalidMessageError, TrackingInputError } from './errors';
import { computeFigures, type AlertCount, type FigureQuery, type Figures, type StepDimension } from './figures/compute';
import { toPrometheus } from './figures/prometheus';
import { FigureStore } from './figures/store';
import { IdentityResolver, type Identity } from './identity';
import { TrackingKeys } from './keys';
import { observeStep } from './observe-step';
import { dayOf } from './periods';
import { registerScripts, runScript, scannableNodes, type RedisClient } from './redis';
import { Supervision, supervisionEntries, supervisionOrderId, type SupervisionOrder } from './supervision';
import type { AlertLevel, Anomaly, AnomalyEntry, CaseTimeline, ClockEntry, TimelineEntry, WarningEntry } from './timeline';
import { decodeEntries } from './timeline-codec';

/** Stable merge of two time-ordered entry lists (the case's own entries first on equal times). */
function mergeByTime(own: TimelineEntry[], extra: TimelineEntry[]): TimelineEntry[] {
  if (extra.length === 0) return own;
  const sorted = [...extra].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const out: TimelineEntry[] = [];
  let j = 0;
  for (const entry of own) {
    while (j < sorted.length && Date.parse(sorted[j]!.at) < Date.parse(entry.at)) out.push(sorted[j++]!);
    out.push(entry);
  }
  return [...out, ...sorted.slice(j)];
}

export interface TrackerOptions {
  /** A connected ioredis client (single Redis or Cluster); the tracker never closes it. */
  redis: RedisClient;
  /** Holiday calendar for deadline counting (standard/clocks, e.g. SAMPLE_CN_CALENDAR_2022_2026). */
  calendar: HolidayCalendar;
  /** Key prefix; default `cl`. */
  prefix?: string;
  /** The clock; default Date.now. Every time the tracker stores comes from it or from the messages. */
  now?: () => number;
  /** Limit, counting and warning overrides (standard `ClockConfigOverridesSchema`). */
  clocks?: ClockConfigOverrides;
  /** Shortcut for `clocks.warning`: default yellow at ≤ 30 % or ≤ 2 days left, red at ≤ 1 day. */
  warningPolicy?: Partial<WarningPolicy>;
  /** Agency responsible per clock (who gets the alert and the supervision order). */
  agencies?: Partial<Record<ClockId, Agency>>;
  processOptions?: Partial<ProcessOptions>;
  /** Validate messages against the unified standard first; default true. */
  validate?: boolean;
  /** Deadline entries claimed per script call; default 1000. */
  scanBatch?: number;
}

export interface ObserveOptions {
  /** When the platform received the message (ms or ISO 8601); default now(). */
  receivedAt?: number | string;
}

export interface Observation {
  /** The message with its caseUid set (forward this one). */
  message: UnifiedMessage;
  caseUid: string;
  /** The case was opened by this message. */
  created: boolean;
  /** Already observed (same messageId and receiver): nothing was recorded again. */
  duplicate: boolean;
  /** Process changes; empty on a violation. */
  changes: ProcessChange[];
  /** The message is illegal or out of order here: recorded and flagged, route it for attention. */
  violation?: Violation;
  /** Anomalies this message caused, recorded and flagged: a number already belonging to another case, an extension the statute does not allow. */
  anomalies: Anomaly[];
  clockEvents: ClockEvent[];
}

export interface Alert {
  caseUid: string;
  /** Clock id (C1 … C17c). */
  clock: string;
  /** Clock key in the case (`C14b@REVIEW` for a legal-aid stage). */
  clockKey: string;
  run: number;
  level: AlertLevel;
  /** Exclusive end instant of the period (ISO 8601, Beijing time). */
  deadline: string;
  deadlineMs: number;
  district: string;
  /** Agency responsible for the step. */
  agency: string;
  startedAt: string;
  /** Scan time. */
  at: string;
  /** Set on overdue alerts: the supervision order (督办) opened. */
  supervisionOrderId?: string;
}

export interface MetricsOptions {
  /** Add a `period` label and one series per day / ISO week / month (Beijing time). */
  period?: FigureQuery['period'];
  from?: number;
  to?: number;
}

export interface TrackerEvents {
  alert: [Alert];
  violation: [{ caseUid: string; message: UnifiedMessage; violation: Violation }];
  anomaly: [Anomaly];
  supervision: [SupervisionOrder];
}

const EVENTS_OPTION = { captureRejections: true };
const NO_CASE: LoadedCase = { version: 0, duplicate: false };
/** Re-reads of a case changed concurrently before giving up. */
const MAX_ATTEMPTS = 20;

/**
 * Case tracking (issue 6): identity, process state, statutory deadlines with warnings and
 * supervision orders, efficiency figures and the case timeline — all in Redis, driven by the
 * messages passing through and an injected clock.
 */
/** A running deadline a calendar update moved. */
export interface MovedDeadline {
  caseUid: string;
  clock: string;
  run: number;
  fromDue: string;
  toDue: string;
  expiresAt: string;
  /** The new last day still counts through a provisional year of the calendar. */
  provisionalCalendar?: true;
}

/** A running deadline that kept its last day but no longer rests on a provisional year (the notice confirmed it). */
export interface ConfirmedDeadline {
  caseUid: string;
  clock: string;
  run: number;
  due: string;
}

export interface CalendarUpdate {
  calendar: string;
  /** Deadlines whose last day moved. */
  moved: MovedDeadline[];
  /** Deadlines whose last day stayed, now counted on official calendar data only. */
  confirmed: ConfirmedDeadline[];
}

/** A reply takes the process of the message it answers when its type may belong to that process (SLHZ answering an arrest request). */
function answeredProcess(message: UnifiedMessage, identity: Identity): boolean {
  const answered = identity.answers?.process;
  if (answered === undefined || answered === message.process) return false;
  return (MESSAGE_TYPES[message.messageType].processes as readonly string[]).includes(answered);
}

export class Tracker extends EventEmitter<TrackerEvents> {
  readonly keys: TrackingKeys;
  readonly supervision: Supervision;
  private readonly redis: RedisClient;
  private readonly now: () => number;
  private settings: ClockSettings;
  private readonly identity: IdentityResolver;
  private readonly store: CaseStore;
  private readonly figureStore: FigureStore;
  private readonly options: TrackerOptions;
  /** Configured limits longer than the statute's (flagged: the node logs them at start). */
  readonly limitsBeyondStatute: LimitBeyondStatute[];
  /** Set members this instance already added (districts, figure months): skip the repeat SADD. */
  private readonly known = new Set<string>();

  constructor(options: TrackerOptions) {
    super(EVENTS_OPTION);
    if (!options || !options.redis) throw new TrackingInputError('redis', 'a connected ioredis client is required', '需要已连接的 ioredis 客户端');
    if (!options.calendar) throw new TrackingInputError('calendar', 'a holiday calendar is required', '需要节假日日历');
    this.options = options;
    this.redis = options.redis;
    this.keys = new TrackingKeys(options.prefix ?? 'cl');
    this.now = options.now ?? Date.now;
    const overrides = {
      ...(options.clocks ?? {}),
      ...(options.warningPolicy && { warning: { ...(options.clocks?.warning ?? {}), ...options.warningPolicy } }),
    };
    const resolved = resolveClockConfig(overrides);
    if (!resolved.ok) {
      const issue = resolved.issues[0]!;
      throw new TrackingInputError(`clocks.${issue.path}`, issue.reason, '期限配置无效', issue.value);
    }
    this.settings = { calendar: options.calendar, config: resolved.config, agencies: { ...DEFAULT_RESPONSIBLE_AGENCIES, ...(options.agencies ?? {}) } };
    this.limitsBeyondStatute = limitsBeyondStatute(resolved.config.limits);
    registerScripts(this.redis);
    this.identity = new IdentityResolver(this.redis, this.keys);
    this.store = new CaseStore(this.redis, this.keys, (op) => this.applyOp(op));
    this.figureStore = new FigureStore(this.redis, this.keys.figures());
    this.supervision = new Supervision(this.redis, this.keys, this.now, (order) => this.emit('supervision', order));
  }

  /** The message with its platform caseUid set (allocated or found by any of its numbers); records nothing else. */
  async resolve(input: UnifiedMessage): Promise<UnifiedMessage> {
    const message = this.checked(input);
    const identity = await this.identity.resolve(message);
    return { ...message, caseUid: identity.caseUid };
  }

  /**
   * Records one message passing through: identity, process state (or the violation, never
   * dropped), clocks, figures and the timeline. Returns the message with its caseUid.
   */
  async observe(input: UnifiedMessage, options: ObserveOptions = {}): Promise<Observation> {
    const { observation, followUps } = await this.observeCommitted(input, options);
    await followUps;
    return observation;
  }

  /**
   * `observe`, resolving as soon as the case record is stored: the message may go on while the
   * follow-up work on other slots (deadline index, figure records) runs. That work is in the case's
   * outbox, written with the record, so it is carried out even after a crash (`recover`).
   * `followUps` settles when it has run.
   */
  async observeCommitted(input: UnifiedMessage, options: ObserveOptions = {}): Promise<{ observation: Observation; followUps: Promise<void> }> {
    const message = this.checked(input);
    const receivedMs = this.receivedMsOf(options.receivedAt);
    const identity = await this.identity.resolve(message);
    const stamped = {
      ...message,
      caseUid: identity.caseUid,
      ...(answeredProcess(message, identity) && { process: identity.answers!.process }),
    } as UnifiedMessage;
    // Remembering the message for its replies touches nothing the commit reads: both go to Redis together.
    const [, committed] = await Promise.all([
      this.identity.remember(stamped, identity.caseUid),
      this.commitObservation(message, stamped, identity, receivedMs),
    ]);
    return committed;
  }

  private async commitObservation(
    message: UnifiedMessage,
    stamped: UnifiedMessage,
    identity: Identity,
    receivedMs: number,
  ): Promise<{ observation: Observation; followUps: Promise<void> }> {
    const dedupeKey = `${message.messageId}|${message.receiver.orgCode}`;
    const base = { message: stamped, caseUid: identity.caseUid };
    for (let attempt = 1; ; attempt += 1) {
      // A uid allocated for this message has no record yet (a conflict, should it have one, re-reads).
      const loaded = attempt === 1 && identity.allocated ? NO_CASE : await this.store.load(identity.caseUid, dedupeKey);
      if (loaded.version === 0 && message.caseUid !== undefined) await this.identity.keepSequenceAhead(message.caseUid);
      if (loaded.duplicate)
        return { observation: { ...base, created: false, duplicate: true, changes: [], anomalies: [], clockEvents: [] }, followUps: Promise.resolve() };
      const step = observeStep({
        existing: loaded.record,
        identity,
        message: stamped,
        adopted: message.caseUid !== undefined,
        receivedMs,
        settings: this.settings,
        processOptions: this.options.processOptions ?? {},
      });
      const result = await this.store.commit(identity.caseUid, loaded.version, step, { dedupeKey });
      if (result.status === 'ok') {
        if (step.violation) this.emit('violation', { caseUid: identity.caseUid, message: stamped, violation: step.violation });
        for (const anomaly of step.anomalies) this.emit('anomaly', anomaly);
        const observation: Observation = {
          ...base,
          created: loaded.version === 0,
          duplicate: false,
          changes: step.changes,
          ...(step.violation && { violation: step.violation }),
          anomalies: step.anomalies,
          clockEvents: step.clockEvents,
        };
        return { observation, followUps: result.followUps };
      }
      if (attempt >= MAX_ATTEMPTS) throw new ContentionError(identity.caseUid, attempt);
    }
  }

  /**
   * An event the exchange does not carry starts its clocks: DETENTION (C1), AID_NEED_FOUND (C14a),
   * AID_APPLICATION_RECEIVED (C14c). `stage` names the legal-aid stage (INVESTIGATION|REVIEW|TRIAL).
   */
  async externalEvent(anyNumber: string, event: ExternalClockEvent, at: string, stage?: string): Promise<ClockEvent[]> {
    const caseUid = await this.requireCase(anyNumber);
    const clocks = clocksStartedBy(event);
    if (clocks.length === 0) throw new TrackingInputError('event', `${String(event)} starts no clock`, '该事件不启动任何期限');
    instantOf(at);
    const nowIso = toBeijingIso(this.now());
    let events: ClockEvent[] = [];
    await this.store.mutate(caseUid, (record) => {
      const step = externalEventStep(record, event, clocks, at, stage, this.settings, nowIso);
      events = step?.events ?? [];
      return step;
    });
    return events;
  }

  /** The caller reports when the receiver acknowledged a message (exchange latency). false: unknown message. */
  async acknowledged(messageId: string, at: number | string): Promise<boolean> {
    if (typeof messageId !== 'string' || messageId === '') throw new TrackingInputError('messageId', 'must be a non-empty string', '不得为空', messageId);
    return (await this.figureStore.acknowledge(messageId, this.receivedMsOf(at))) !== 0;
  }

  /**
   * Claims every due threshold in every district (atomically, so each alerts once across
   * processes and restarts), logging it for the case timeline and opening the supervision order
   * of an overdue step in the same script; emits and returns the alerts.
   */
  async scanDeadlines(now: number = this.now()): Promise<Alert[]> {
    const districts = await this.redis.smembers(this.keys.districts());
    const perDistrict = await Promise.all(districts.map((district) => this.scanDistrict(district, now)));
    const alerts = perDistrict.flat();
    for (const alert of alerts) this.emit('alert', alert);
    if (this.listenerCount('supervision') > 0) {
      for (const alert of alerts) {
        if (!alert.supervisionOrderId) continue;
        const order = await this.supervision.get(alert.supervisionOrderId);
        if (order) this.emit('supervision', order);
      }
    }
    return alerts;
  }

  /**
   * The case's timeline, found by any of its numbers (caseUid, PSB number, 部门受案号, 案号 …): its
   * own entries merged in time order with the warnings and supervision orders of its deadlines.
   */
  async timeline(anyNumber: string): Promise<CaseTimeline | undefined> {
    const caseUid = await this.identity.find(anyNumber);
    if (!caseUid) return undefined;
    const [loaded, districts] = await Promise.all([this.store.load(caseUid), this.redis.smembers(this.keys.districts())]);
    if (!loaded.record) return undefined;
    const logs = await Promise.all(districts.map((district) => this.redis.hget(this.keys.district(district).alertLog, caseUid)));
    const warnings = logs.flatMap((log) => parseAlertLog(log)).map(warningEntryOf);
    const orders = warnings.some((w) => w.level === 'overdue') ? await this.supervision.ofCase(caseUid) : [];
    const extra: TimelineEntry[] = [...warnings, ...orders.flatMap(supervisionEntries)];
    const entries = mergeByTime(decodeEntries(loaded.record.timeline), extra);
    return { caseUid, numbers: loaded.record.numbers, entries };
  }

  /**
   * The ledger of each clock of a case: every start, stop, interruption, re-anchoring, extension,
   * recount and restart with its legal date, article and message, then its warnings, keyed by
   * clock key (C5, C14b@REVIEW …), in time order.
   */
  async ledger(anyNumber: string): Promise<Record<string, Array<ClockEntry | WarningEntry>> | undefined> {
    const timeline = await this.timeline(anyNumber);
    if (!timeline) return undefined;
    const ledger: Record<string, Array<ClockEntry | WarningEntry>> = {};
    for (const entry of timeline.entries) {
      if (entry.kind !== 'clock' && entry.kind !== 'warning') continue;
      (ledger[entry.clock] ??= []).push(entry);
    }
    return ledger;
  }

  /** The stored case record (process states, running clocks, milestones, anomalies). */
  async caseRecord(anyNumber: string): Promise<CaseRecord | undefined> {
    const caseUid = await this.identity.find(anyNumber);
    if (!caseUid) return undefined;
    return (await this.store.load(caseUid)).record;
  }

  /** The caseUid a number belongs to. */
  findCase(anyNumber: string): Promise<string | undefined> {
    return this.identity.find(anyNumber);
  }

  /** Efficiency figures (domain.md §6), exact, computed from the stored records. */
  async figures(query: FigureQuery = {}, groupBy?: readonly StepDimension[]): Promise<Figures> {
    const [input, alertCounts] = await Promise.all([this.figureStore.load(query.from, query.to), this.alertCounts()]);
    return computeFigures({ ...input, alertCounts }, query, { legalAidAssignment: 'C14b', executionDocuments: 'C15' }, groupBy);
  }

  /**
   * The running statutory deadlines per district (every district, or the one named), sorted by
   * district: the same entries the deadline scan claims from.
   */
  async runningDeadlines(district?: string): Promise<Array<{ district: string; entries: DeadlineEntry[] }>> {
    const districts = (await this.redis.smembers(this.keys.districts())).filter((d) => !district || d === district).sort();
    return Promise.all(
      districts.map(async (d) => {
        const raw = await this.redis.hgetall(this.keys.district(d).deadlines);
        return { district: d, entries: Object.entries(raw).map(([member, value]) => unpackEntry(member, value)) };
      }),
    );
  }

  /** Alerts claimed per district, Beijing day, clock and level (kept by the claim script). */
  private async alertCounts(): Promise<AlertCount[]> {
    const districts = await this.redis.smembers(this.keys.districts());
    const perDistrict = await Promise.all(
      districts.map(async (district) => {
        const counts = await this.redis.hgetall(this.keys.district(district).alertCounts);
        return Object.entries(counts).map(([field, count]) => {
          const [day, clock, level] = field.split('|');
          return { district, day: day!, clock: clock!, level: levelName(Number(level)), count: Number(count) };
        });
      }),
    );
    return perDistrict.flat();
  }

  /** Prometheus text exposition of the figures plus live gauges (open deadlines, open supervision orders). */
  async metrics(options: MetricsOptions = {}): Promise<string> {
    const query: FigureQuery = {
      ...(options.period && { period: options.period }),
      ...(options.from !== undefined && { from: options.from }),
      ...(options.to !== undefined && { to: options.to }),
    };
    const [figures, districts] = await Promise.all([this.figures(query), this.redis.smembers(this.keys.districts())]);
    const live = await Promise.all(
      districts.sort().map(async (district) => {
        const keys = this.keys.district(district);
        const [deadlines, orders] = await Promise.all([this.redis.hlen(keys.deadlines), this.redis.zcard(keys.openOrders)]);
        return { district, deadlines, orders };
      }),
    );
    return toPrometheus(figures, {
      openDeadlines: live.map((l) => ({ district: l.district, count: l.deadlines })),
      openSupervisionOrders: live.map((l) => ({ district: l.district, count: l.orders })),
    });
  }

  /**
   * Carries out follow-up operations left pending by a crash between a case commit and its
   * follow-up. On a Redis Cluster every master is scanned (SCAN only sees the node it runs on).
   */
  /**
   * Replaces the holiday calendar (e.g. the State Council's notice for a new year) and recounts
   * every running deadline of every case with it; returns (and records in each case's timeline)
   * what moved. Deadlines a decision stated are not moved. Call it on every process sharing the
   * prefix (each keeps its own calendar for the messages it observes).
   */
  async updateCalendar(calendar: HolidayCalendar): Promise<CalendarUpdate> {
    const parsed = HolidayCalendarSchema.safeParse(calendar);
    if (!parsed.success)
      throw new TrackingInputError('calendar', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), '节假日日历无效', calendar);
    this.settings = { ...this.settings, calendar: parsed.data };
    const moved: MovedDeadline[] = [];
    const confirmed: ConfirmedDeadline[] = [];
    const nowIso = toBeijingIso(this.now());
    for (const node of await scannableNodes(this.redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', this.keys.casePattern(), 'COUNT', 1000);
        for (const key of keys) {
          if (key.endsWith(':outbox')) continue;
          const caseUid = /\{case:([^}]+)\}$/.exec(key)?.[1];
          if (!caseUid) continue;
          const changed = await this.recount(caseUid, nowIso, parsed.data.id);
          moved.push(...changed.moved);
          confirmed.push(...changed.confirmed);
        }
        cursor = next;
      } while (cursor !== '0');
    }
    return { calendar: parsed.data.id, moved, confirmed };
  }

  private async recount(caseUid: string, nowIso: string, calendarId: string): Promise<Pick<CalendarUpdate, 'moved' | 'confirmed'>> {
    const changed: Pick<CalendarUpdate, 'moved' | 'confirmed'> = { moved: [], confirmed: [] };
    await this.store.mutate(caseUid, (record) => {
      const step = recountStep(record, this.settings, nowIso, calendarId);
      if (!step) return undefined;
      for (const e of step.events) {
        if (e.type !== 'recomputed') continue;
        const { key: clock, run, due, expiresAt, provisionalCalendar } = e.clock;
        if (due !== e.previous.due)
          changed.moved.push({ caseUid, clock, run, fromDue: e.previous.due, toDue: due, expiresAt, ...(provisionalCalendar && { provisionalCalendar }) });
        else if (!provisionalCalendar) changed.confirmed.push({ caseUid, clock, run, due });
      }
      return step;
    });
    return changed;
  }

  async recover(): Promise<number> {
    let flushed = 0;
    for (const node of await scannableNodes(this.redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', this.keys.outboxPattern(), 'COUNT', 1000);
        for (const key of keys) {
          const caseUid = /\{case:([^}]+)\}/.exec(key)?.[1];
          if (caseUid) flushed += await this.store.flush(caseUid);
        }
        cursor = next;
      } while (cursor !== '0');
    }
    return flushed;
  }

  private checked(input: UnifiedMessage): UnifiedMessage {
    if (this.options.validate === false) return input;
    const result = validateMessage(input);
    if (!result.ok) throw new InvalidMessageError(result.issues);
    return result.message;
  }

  private receivedMsOf(value: number | string | undefined): number {
    if (value === undefined) return this.now();
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string') {
      const ms = Date.parse(value);
      if (/[zZ]|[+-]\d{2}:\d{2}$/.test(value) && !Number.isNaN(ms)) return ms;
    }
    throw new TrackingInputError('receivedAt', 'must be epoch milliseconds or ISO 8601 with an offset', '应为毫秒时间戳或带时区的ISO 8601时间', value);
  }

  private async requireCase(anyNumber: string): Promise<string> {
    const caseUid = await this.identity.find(anyNumber);
    if (!caseUid || (await this.store.load(caseUid)).version === 0)
      throw new TrackingInputError('case', `no case is known by ${anyNumber}`, '未找到该编号对应的案件', anyNumber);
    return caseUid;
  }

  private async applyOp(op: OutboxOp): Promise<unknown> {
    switch (op.op) {
      case 'deadlines': {
        const keys = this.keys.district(op.district);
        await this.addOnce(this.keys.districts(), op.district);
        return runScript(this.redis, 'syncDeadlines', keys, { changes: op.changes.flatMap((c) => (c[0] === 'set' ? c : [...c, ''])) });
      }
      case 'figure': {
        const figures = this.keys.figures();
        const key = figures[op.table](op.month);
        await (op.onlyNew ? this.redis.hsetnx(key, op.field, op.value) : this.redis.hset(key, op.field, op.value));
        return this.addOnce(figures.months, op.month);
      }
      case 'case-outcome':
        return this.redis.hset(this.keys.figures().cases, op.caseUid, op.value);
      case 'case.anomaly':
        return this.store.mutate(op.caseUid, (record) => {
          if (record.anomalies.some((a) => a.id === op.entry.anomaly.id)) return undefined;
          record.anomalies.push(op.entry.anomaly);
          return { record, timeline: [op.entry satisfies AnomalyEntry], ops: [] };
        });
    }
  }

  private async addOnce(key: string, member: string): Promise<void> {
    const id = `${key} ${member}`;
    if (this.known.has(id)) return;
    await this.redis.sadd(key, member);
    this.known.add(id);
  }

  private async scanDistrict(district: string, nowMs: number): Promise<Alert[]> {
    const keys = this.keys.district(district);
    const batch = this.options.scanBatch ?? 1000;
    const day = dayOf(nowMs);
    const at = toBeijingIso(nowMs);
    const alerts: Alert[] = [];
    // Many deadlines (midnights) and start times repeat: format each instant once per scan.
    const isoCache = new Map<number, string>();
    const iso = (ms: number): string => {
      let text = isoCache.get(ms);
      if (text === undefined) {
        text = toBeijingIso(ms);
        isoCache.set(ms, text);
      }
      return text;
    };
    const claim = (): Promise<string> => runScript(this.redis, 'claimAlerts', keys, { now: nowMs, batch, day, district }) as Promise<string>;
    // While batches come back full, keep two claims in flight: Redis claims the next batch while
    // Node turns this one into alerts (claims are atomic: two never hand out the same entry).
    const inFlight: Array<Promise<string>> = [claim()];
    let exhausted = false;
    while (inFlight.length > 0) {
      const text = await inFlight.shift()!;
      const lines = text === '' ? [] : text.split('\n');
      if (lines.length < batch) exhausted = true;
      while (!exhausted && inFlight.length < 2) inFlight.push(claim());
      for (const line of lines) {
        const claimed = parseClaimLine(line);
        const level = levelName(claimed.level);
        alerts.push({
          caseUid: claimed.caseUid,
          clock: clockIdOf(claimed.clock),
          clockKey: claimed.clock,
          run: claimed.run,
          level,
          deadline: iso(claimed.deadlineMs),
          deadlineMs: claimed.deadlineMs,
          district,
          agency: claimed.agency,
          startedAt: iso(claimed.startMs),
          at,
          ...(level === 'overdue' && { supervisionOrderId: supervisionOrderId(district, claimed.caseUid, claimed.clock, claimed.run) }),
        });
      }
    }
    return alerts;
  }
}
