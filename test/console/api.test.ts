/**
 * The console's JSON views (console/api.ts) against a real redis-server, the real forwarding core
 * and real case tracking: no Node-RED, no browser (browser.test.ts covers those).
 */
import { createAdapterRegistry } from '../../adapters/builtins';
import { builtinDirectory } from '../../directory';
import { consoleLabels, directoryView, type DirectoryView } from '../../console/api';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Forwarder, type Consumer, type Delivery } from '../../core';
import { ConsoleApi, ConsoleError, DeliveryRate, processDiagram } from '../../console/api';
import { healthOf } from '../../console/links';
import { CONSOLE_ROUTES, type ConsoleRequest } from '../../console/routes';
import { scopeAllows } from '../../nodes/caselink-console';
import { demoCase } from '../../demo/demo-case';
import { orderKeyOf } from '../../ingress/order-key';
import { AuditLog } from '../../security/audit-log';
import { PROCESS_DEFINITIONS, PROCESS_IDS, SAMPLE_CN_CALENDAR_2022_2026 } from '../../standard';
import { Tracker } from '../../tracking';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { seedTracking, type SeededTracking } from './support/seed';

let server: RedisServer;
let forwarder: Forwarder;
let redis: Redis;
let api: ConsoleApi;
let seeded: SeededTracking;
const consumers: Consumer[] = [];
const received = new Map<string, number>();

const operator = { user: 'ops-li' };
const live = demoCase('440105', 1, { idPrefix: 'API' });
const deadCase = demoCase('440111', 2, { idPrefix: 'API' });
const arrestRequest = deadCase[0]!.message;

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Accepts everything except the messages listed as permanent failures or retryable ones. */
function handler(permanent: Set<string>, retryable: Set<string>) {
  return (delivery: Delivery) => {
    if (permanent.has(delivery.messageId))
      return { kind: 'permanent' as const, reason: `1001: 字段校验失败 身份证号 ${deadCase[0]!.message.persons[0]!.idNumber}` };
    if (retryable.has(delivery.messageId)) return { kind: 'retryable' as const, reason: 'HTTP 503 (服务不可用)' };
    received.set(delivery.messageId, (received.get(delivery.messageId) ?? 0) + 1);
    return { kind: 'accepted' as const };
  };
}

const permanent = new Set([arrestRequest.messageId]);
const retryable = new Set<string>();

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
  forwarder = await Forwarder.create({
    redis: { url: server.url },
    prefix: 'cl',
    durability: 'none',
    defaults: { maxAttempts: 1000, backoff: { initialMs: 50, maxMs: 100 } },
  });
  const tracker = new Tracker({ redis: forwarder.client, prefix: 'cl', calendar: SAMPLE_CN_CALENDAR_2022_2026, validate: false });
  api = new ConsoleApi({ forwarder, tracker, audit: new AuditLog(forwarder.client as Redis, { prefix: 'cl' }) }, { rate: new DeliveryRate() });
  seeded = await seedTracking(server.url);

  for (const destination of ['procuratorate-440105', 'psb-440105', 'procuratorate-440111', 'justice-440115']) {
    consumers.push(forwarder.consume(destination, handler(permanent, retryable), { blockMs: 100, retryPollMs: 20 }));
  }
  // Four messages of the live case to the procuratorate of Haizhu, one back to the PSB.
  for (const step of live.slice(0, 5)) {
    await forwarder.enqueue(`${step.to}-440105`, step.message, { orderKey: orderKeyOf(step.message) });
  }
  await forwarder.enqueue('procuratorate-440111', arrestRequest, { orderKey: 'PSB:dead-case' });
  const stuck = demoCase('440115', 3, { idPrefix: 'API' })[5]!.message;
  retryable.add(stuck.messageId);
  await forwarder.enqueue('justice-440115', stuck, { orderKey: orderKeyOf(stuck) });
  await waitFor(async () => (await forwarder.figures('procuratorate-440111')).dead === 1 && received.size === 5);
}, 60_000);

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await forwarder?.close();
  redis?.disconnect();
  await server?.stop();
});

describe('links', () => {
  it('shows all sixteen pilot links with their figures and health', async () => {
    const view = await api.links();
    expect(view.links).toHaveLength(16);
    expect(view.links.map((l) => l.destination)).toContain('court-440115');
    const byId = Object.fromEntries(view.links.map((l) => [l.destination, l]));
    expect(byId['procuratorate-440105']).toMatchObject({ kind: 'procuratorate', division: '440105', delivered: 3, backlog: 0, dead: 0, health: 'ok' });
    expect(byId['psb-440105']).toMatchObject({ delivered: 2, health: 'ok' });
    expect(byId['procuratorate-440111']).toMatchObject({ dead: 1, health: 'bad', reasons: ['dead'] });
    expect(byId['court-440112']).toMatchObject({ delivered: 0, backlog: 0, health: 'ok' });
    // The message alternates between waiting for its retry and being retried: judge one snapshot
    // taken while it waits, not a second read that may land in the attempt itself.
    let justice = view.links.find((l) => l.destination === 'justice-440115')!;
    await waitFor(async () => {
      justice = (await api.links()).links.find((l) => l.destination === 'justice-440115')!;
      return justice.retrying === 1;
    });
    expect(justice).toMatchObject({ backlog: 1, health: 'warn' });
    expect(justice.reasons).toContain('retrying');
    expect(view.totals.dead).toBe(1);
    expect(view.totals.delivered).toBe(5);
  });

  it('shows a listed link without a working config node as unconfigured (未配置), never healthy', async () => {
    const configured = new Set(['procuratorate-440105']);
    const partial = new ConsoleApi({ forwarder }, { rate: new DeliveryRate(), configured: () => configured });
    const view = await partial.links();
    const byId = Object.fromEntries(view.links.map((l) => [l.destination, l]));
    expect(byId['procuratorate-440105']).toMatchObject({ state: 'configured', health: 'ok' });
    expect(byId['court-440112']).toMatchObject({ state: 'unconfigured', health: 'unconfigured', reasons: ['unconfigured'], kind: 'court', division: '440112' });
    expect(view.links.filter((l) => l.health === 'ok').map((l) => l.destination)).toEqual(['procuratorate-440105']);
    expect(view.totals.unconfigured).toBe(view.links.filter((l) => l.health === 'unconfigured').length);
    // Listed links with dead letters stay bad (and say they are not configured): never green either way.
    expect(view.links.filter((l) => l.state === 'unconfigured').every((l) => l.health !== 'ok' && l.reasons.includes('unconfigured'))).toBe(true);
  });

  it('classifies health by dead letters, stalls, retries and age', () => {
    const base = {
      destination: 'x',
      queued: 0,
      inFlight: 0,
      retrying: 0,
      parked: 0,
      dead: 0,
      delivered: 0,
      blockedCases: 0,
      oldestAgeMs: null,
      at: 0,
      latency: { count: 0, buckets: [], p50Ms: null, p90Ms: null, p99Ms: null },
    };
    expect(healthOf(base)).toEqual({ health: 'ok', reasons: [] });
    expect(healthOf({ ...base, queued: 3, oldestAgeMs: 90_000 })).toEqual({ health: 'warn', reasons: ['slow'] });
    expect(healthOf({ ...base, queued: 3, oldestAgeMs: 600_000 })).toEqual({ health: 'bad', reasons: ['stalled'] });
    expect(healthOf({ ...base, parked: 2, dead: 1 })).toEqual({ health: 'bad', reasons: ['dead', 'parked'] });
  });

  it('estimates deliveries per hour from the cumulative counter', () => {
    const rate = new DeliveryRate();
    expect(rate.record('d', 10, 0).perHour).toBeNull();
    expect(rate.record('d', 12, 5_000).perHour).toBeNull();
    expect(rate.record('d', 20, 60_000)).toEqual({ perHour: 600, windowMs: 60_000 });
    expect(rate.record('d', 20, 3_600_000 + 60_000).windowMs).toBeLessThanOrEqual(3_600_000);
    expect(rate.record('d', 5, 3_700_000).perHour).toBeNull(); // counter reset: start again
  });
});

describe('dead letters', () => {
  it('lists them across destinations with filters, reasons masked', async () => {
    const all = await api.deadLetters({}, operator);
    expect(all.items.map((i) => i.messageId)).toEqual([arrestRequest.messageId]);
    expect(all.items[0]).toMatchObject({
      destination: 'procuratorate-440111',
      messageType: 'ARREST_REQUEST',
      sender: 'PSB@440111',
      receiver: 'PROCURATORATE@440111',
      attempts: 1,
    });
    expect(all.items[0]!.reason).toContain('440111********');
    expect(all.items[0]!.reason).not.toContain(arrestRequest.persons[0]!.idNumber!);
    expect((await api.deadLetters({ destination: 'court-440105' }, operator)).items).toEqual([]);
    expect((await api.deadLetters({ messageType: 'INDICTMENT' }, operator)).items).toEqual([]);
    expect((await api.deadLetters({ caseNumber: arrestRequest.localCaseNumbers[0]!.number }, operator)).total).toBe(1);
    expect((await api.deadLetters({ caseNumber: 'PSB:dead-case' }, operator)).total).toBe(1);
    expect((await api.deadLetters({ caseNumber: 'GZ-440105-2022-999999' }, operator)).total).toBe(0);
  });

  it('inspects with personal data masked; revealing needs a reason and is audited', async () => {
    const detail = await api.deadLetter('procuratorate-440111', arrestRequest.messageId, operator);
    const person = (detail.message as typeof arrestRequest).persons[0]!;
    expect(detail.masked).toBe(true);
    expect(person.idNumber).toMatch(/^440111\*+\d{3}[\dX]$/);
    expect(person.name).toMatch(/^张\*+$/);
    expect(JSON.stringify(detail.message)).not.toContain(arrestRequest.persons[0]!.idNumber!);
    expect(detail.lane.state).toBe('dead');
    await expect(api.deadLetter('procuratorate-440111', arrestRequest.messageId, operator, { reason: ' ' })).rejects.toMatchObject({ status: 400 });
    const revealed = await api.deadLetter('procuratorate-440111', arrestRequest.messageId, operator, { reason: '核对身份证号' });
    expect(revealed.masked).toBe(false);
    expect((revealed.message as typeof arrestRequest).persons[0]!.idNumber).toBe(arrestRequest.persons[0]!.idNumber);
    await expect(api.deadLetter('procuratorate-440111', 'nope', operator)).rejects.toMatchObject({ status: 404 });
  });

  it('replays only with a reason, delivers once, and audits who and why', async () => {
    await expect(api.act('replay', 'procuratorate-440111', arrestRequest.messageId, operator, '')).rejects.toBeInstanceOf(ConsoleError);
    await expect(api.act('replay', 'procuratorate-440111', arrestRequest.messageId, operator, undefined)).rejects.toMatchObject({ status: 400 });
    permanent.clear();
    const done = await api.act('replay', 'procuratorate-440111', arrestRequest.messageId, operator, '检察院系统已修复');
    expect(done).toMatchObject({ action: 'replay', done: 1, by: 'ops-li', reason: '检察院系统已修复' });
    await waitFor(() => received.get(arrestRequest.messageId) === 1);
    await expect(api.act('replay', 'procuratorate-440111', arrestRequest.messageId, operator, 'again')).rejects.toMatchObject({ status: 404 });
    await new Promise((r) => setTimeout(r, 200));
    expect(received.get(arrestRequest.messageId)).toBe(1);

    const audit = await api.audit({ destination: 'procuratorate-440111' });
    expect(audit[0]).toMatchObject({ action: 'replay', who: 'ops-li', why: '检察院系统已修复', messageId: arrestRequest.messageId });
    expect(audit.map((a) => a.action)).not.toContain('list');
    expect(audit.some((a) => a.action === 'inspect' && a.why.includes('核对身份证号'))).toBe(true);
    expect((await api.audit({ includeLists: true })).some((a) => a.action === 'list')).toBe(true);

    const chain = (await new AuditLog(forwarder.client as Redis, { prefix: 'cl' }).tail(10)).map((r) => JSON.parse(r));
    expect(chain.filter((r) => r.action === 'replay' && r.detail.reason === '检察院系统已修复')).toEqual([
      expect.objectContaining({
        actor: 'ops-li',
        subject: arrestRequest.messageId,
        outcome: 'requested',
        detail: { destination: 'procuratorate-440111', reason: '检察院系统已修复' },
      }),
    ]);
  });

  it('discards with a reason', async () => {
    const doomed = { ...demoCase('440112', 4, { idPrefix: 'API' })[0]!.message };
    permanent.add(doomed.messageId);
    const consumer = forwarder.consume('procuratorate-440112', handler(permanent, retryable), { blockMs: 100 });
    consumers.push(consumer);
    await forwarder.enqueue('procuratorate-440112', doomed, { orderKey: 'PSB:doomed' });
    await waitFor(async () => (await forwarder.figures('procuratorate-440112')).dead === 1);
    expect(await api.act('discard', 'procuratorate-440112', doomed.messageId, operator, '重复案件，已人工处理')).toMatchObject({ action: 'discard', done: 1 });
    expect((await forwarder.figures('procuratorate-440112')).dead).toBe(0);
    expect((await api.audit({ destination: 'procuratorate-440112', limit: 1 }))[0]).toMatchObject({ action: 'discard', why: '重复案件，已人工处理' });
  });
});

describe('cases', () => {
  it('finds a case by any number: timeline, processes as diagrams, clocks and orders', async () => {
    const red = seeded.open.find((c) => c.level === 'red')!;
    const view = await api.case(red.psbNumber);
    expect(view.caseUid).toBe(red.caseUid);
    expect(view.numbers.map((n) => n.system)).toContain('PSB');
    expect(view.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['case', 'message', 'state', 'clock']));
    expect(view.processes).toHaveLength(1);
    const p1 = view.processes[0]!;
    expect(p1).toMatchObject({ process: 'ARREST_REVIEW', state: 'ACCEPTED', closed: false });
    expect(p1.diagram.nodes.find((n) => n.current)?.id).toBe('ACCEPTED');
    expect(p1.diagram.nodes.find((n) => n.id === 'SUBMITTED')?.visited).toBe(true);
    expect(p1.diagram.edges.find((e) => e.from === 'SUBMITTED' && e.to === 'ACCEPTED')).toMatchObject({ taken: true, on: ['ACCEPTANCE_ACK'] });
    expect(view.clocks).toEqual([expect.objectContaining({ clock: 'C2', level: 'red', agency: 'PROCURATORATE', kind: 'DUTY' })]);
    // Each clock carries its ledger (the clock's lines of the timeline) and whether its date is an estimate.
    expect(typeof view.clocks[0]!.estimated).toBe('boolean');
    expect(view.clocks[0]!.ledger[0]).toMatchObject({ kind: 'clock', clock: 'C2', action: 'started', basis: expect.stringContaining('CPL 91') });

    const overdue = seeded.open.find((c) => c.level === 'overdue')!;
    const late = await api.case(overdue.caseUid);
    expect(late.supervision).toEqual([expect.objectContaining({ caseUid: overdue.caseUid, clock: 'C2', status: 'OPENED' })]);
    expect(late.timeline.some((e) => e.kind === 'warning')).toBe(true);

    const closed = await api.case(seeded.closed[0]!.caseUid);
    expect(closed.processes.map((p) => p.process)).toEqual(expect.arrayContaining(['ARREST_REVIEW', 'PROSECUTION_REVIEW', 'EXECUTION_HANDOVER']));
    await expect(api.case('(2099)粤0105刑初1号')).rejects.toMatchObject({ status: 404 });
  });

  it('draws every process definition as a connected layered graph', () => {
    for (const process of PROCESS_IDS) {
      const d = processDiagram(process);
      const ids = new Set(d.nodes.map((n) => n.id));
      for (const state of PROCESS_DEFINITIONS[process].states) expect(ids.has(state), `${process} ${state}`).toBe(true);
      for (const e of d.edges) expect(ids.has(e.from) && ids.has(e.to), `${process} ${e.from}→${e.to}`).toBe(true);
      expect(d.nodes.filter((n) => n.layer === 1).length, process).toBeGreaterThan(0);
      const cells = new Set(d.nodes.map((n) => `${n.layer}:${n.row}`));
      expect(cells.size, `${process} nodes overlap`).toBe(d.nodes.length);
    }
  });
});

describe('deadlines and efficiency', () => {
  it('classifies running deadlines by district and agency and lists the supervision orders', async () => {
    const view = await api.deadlines();
    for (const seededCase of seeded.open) {
      const item = view.items.find((i) => i.caseUid === seededCase.caseUid);
      if (seededCase.level === 'green') expect(item).toBeUndefined();
      else
        expect(item, seededCase.caseUid).toMatchObject({
          clock: 'C2',
          level: seededCase.level,
          district: seededCase.division,
          agency: 'PROCURATORATE',
          estimated: expect.any(Boolean),
          due: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        });
    }
    const haizhu = view.summary.find((r) => r.district === '440105' && r.agency === 'PROCURATORATE')!;
    expect(haizhu.red).toBeGreaterThanOrEqual(1);
    expect(haizhu.overdue).toBeGreaterThanOrEqual(1);
    const overdueUids = seeded.open.filter((c) => c.level === 'overdue').map((c) => c.caseUid);
    expect(
      view.supervision
        .filter((o) => overdueUids.includes(o.caseUid))
        .map((o) => o.caseUid)
        .sort(),
    ).toEqual(overdueUids.sort());
    const levels = ['overdue', 'red', 'yellow', 'green'];
    expect(view.items.map((i) => levels.indexOf(i.level))).toEqual([...view.items.map((i) => levels.indexOf(i.level))].sort((a, b) => a - b));

    const nansha = await api.deadlines({ district: '440115' });
    expect(new Set(nansha.summary.map((r) => r.district))).toEqual(new Set(['440115']));
    const withGreen = await api.deadlines({ includeGreen: true });
    expect(withGreen.items.some((i) => i.level === 'green')).toBe(true);
  });

  it('gives cycle times and on-time rates per step, district and period', async () => {
    expect((await api.efficiency({ period: 'day' })).periods).toHaveLength(31);
    const view = await api.efficiency({ period: 'day', from: Date.now() - 45 * 86_400_000 });
    expect(view.districts).toEqual(['440105', '440111', '440112', '440115']);
    expect(view.clocks).toContain('C2');
    const c2 = view.stepsOverall.filter((s) => s.clock === 'C2');
    expect(c2.map((s) => [s.district, s.count])).toEqual(
      expect.arrayContaining([
        ['440105', 3],
        ['440111', 3],
        ['440112', 3],
        ['440115', 3],
      ]),
    );
    const c5Baiyun = view.stepsOverall.find((s) => s.clock === 'C5' && s.district === '440111')!;
    expect(c5Baiyun.onTimeRate).toBeCloseTo(2 / 3);
    expect(view.stepsOverall.find((s) => s.clock === 'C5' && s.district === '440105')!.onTimeRate).toBe(1);
    expect(view.onTime.every((o) => view.periods.includes(o.period))).toBe(true);
    await expect(api.efficiency({ period: 'year' as never })).rejects.toMatchObject({ status: 400 });
    expect((await api.efficiency({ period: 'month' })).periods.length).toBeGreaterThanOrEqual(12);
  });
});

describe('routes', () => {
  const request = (query: Record<string, unknown> = {}, params: Record<string, string> = {}, body: unknown = {}): ConsoleRequest => ({
    query,
    params,
    body,
    operator: { user: 'ops-li', canWrite: false },
  });
  const route = (method: string, path: string) => CONSOLE_ROUTES.find((r) => r.method === method && r.path === path)!;
  const provider = async () => api;

  it('reads of a made-up destination are refused and create no key (issue 17: reads never create state)', async () => {
    // Only keys of the made-up destinations matter (the live consumers of this suite change others meanwhile).
    const madeUp = async () => (await redis.keys('*made-up*')).sort();
    const before = await madeUp();
    expect(before).toEqual([]);
    for (const read of [
      () => api.deadLetters({ destination: 'psb-made-up-999999' }, operator),
      () => api.deadLetter('court-made-up', 'X-1', operator),
      () => api.act('replay', 'court-made-up', 'X-1', operator, '核对后重新投递'),
      () => api.act('discard', 'court-made-up', 'X-1', operator, '核对后丢弃'),
    ]) {
      await expect(read()).rejects.toMatchObject({ status: 404, message: expect.stringContaining('no destination') });
    }
    await api.audit({ destination: 'court-made-up' });
    expect(await madeUp()).toEqual([]);
  });

  it('a refused console write can be noted in the security audit chain', async () => {
    await api.noteRefusal({ user: 'anonymous' }, 'POST /caselink/api/dead-letters/x/y/replay', 'Origin https://evil.example is not this site', {
      code: 'CROSS_ORIGIN',
    });
    const last = JSON.parse((await redis.lrange('cl:{audit}:log', -1, -1))[0]!) as { action: string; outcome: string; subject: string };
    expect(last).toMatchObject({ action: 'refusal', outcome: 'refused', subject: 'POST /caselink/api/dead-letters/x/y/replay' });
  });

  it('reads need caselink.read, changes caselink.write', () => {
    for (const r of CONSOLE_ROUTES) expect(r.permission, `${r.method} ${r.path}`).toBe(r.method === 'get' ? 'caselink.read' : 'caselink.write');
  });

  it('turns query strings into view queries and refuses bad ones bilingually', async () => {
    expect(await route('get', '/session').handle(provider, request())).toEqual({ user: 'ops-li', canWrite: false });
    const list = (await route('get', '/dead-letters').handle(provider, request({ destination: 'procuratorate-440112' }))) as { destinations: string[] };
    expect(list.destinations).toEqual(['procuratorate-440112']);
    await expect(Promise.resolve().then(() => route('get', '/dead-letters').handle(provider, request({ limit: 'ten' })))).rejects.toThrow(
      /limit: must be a whole number \(limit：应为整数\)/,
    );
    await expect(Promise.resolve().then(() => route('get', '/case').handle(provider, request()))).rejects.toMatchObject({ status: 400 });
    await expect(
      Promise.resolve().then(() =>
        route('post', '/dead-letters/:destination/:messageId/replay').handle(
          provider,
          request({}, { destination: 'psb-440105', messageId: 'x' }, { reason: '' }),
        ),
      ),
    ).rejects.toThrow(/reason: is required.*必须填写原因/);
    const directory = builtinDirectory();
    const systems = createAdapterRegistry().list();
    const platform = { labels: () => consoleLabels(systems, directory), directory: () => directoryView(directory, systems, new Set(['psb-440105'])) };
    const labels = (await route('get', '/labels').handle(provider, request(), platform)) as {
      divisions: Record<string, { zh: string }>;
      systems: Record<string, { zh: string }>;
    };
    expect(labels.divisions['440105']!.zh).toBe('海珠区');
    expect(labels.divisions['440106']!.zh).toBe('天河区');
    expect(labels.systems.court!.zh).toBe('法院 · 审判流程管理系统');
    const listed = (await route('get', '/directory').handle(provider, request(), platform)) as DirectoryView;
    expect(listed.divisions.filter((d) => d.level === 'district')).toHaveLength(11);
    expect(listed.divisions.find((d) => d.code === '440106')!.name).toEqual({ 'zh-CN': '天河区', 'en-US': 'Tianhe' });
    expect(listed.systems.find((s) => s.kind === 'psb')).toEqual({
      kind: 'psb',
      name: { 'zh-CN': '公安 · 警务综合平台', 'en-US': 'Police (PSB) case platform' },
      agencies: ['PSB', 'DETENTION_CENTER'],
    });
    expect(listed.instances).toHaveLength(16);
    expect(listed.instances.find((i) => i.id === 'psb-440105')).toMatchObject({ kind: 'psb', division: '440105', configured: true });
    expect(listed.instances.find((i) => i.id === 'court-440105')).toMatchObject({ configured: false });
  });

  it('follows Node-RED scope rules for caselink.read and caselink.write', () => {
    expect(scopeAllows('*', 'caselink.write')).toBe(true);
    expect(scopeAllows('read', 'caselink.read')).toBe(true);
    expect(scopeAllows('read', 'caselink.write')).toBe(false);
    expect(scopeAllows(['read', 'caselink.write'], 'caselink.write')).toBe(true);
    expect(scopeAllows(['flows.read'], 'caselink.read')).toBe(false);
    expect(scopeAllows(undefined, 'caselink.read')).toBe(false);
  });
});
