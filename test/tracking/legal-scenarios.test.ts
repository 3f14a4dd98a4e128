/**
 * The legal scenarios (legal-scenarios.ts) through a real Tracker on a real redis-server: each
 * clock's ledger must end on the last day the law gives, dated from the legal date the messages
 * state, with the article, the message that caused it and whether the date is an estimate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClockEntry } from '../../tracking';
import { bjMs, CaseMessages } from '../support/messages';
import { newTracker, observeAll, TestClock, trackingEnv, type TrackingEnv } from './helpers';
import { LEGAL_SCENARIOS, type LegalScenario } from './legal-scenarios';

let env: TrackingEnv;
beforeAll(async () => {
  env = await trackingEnv();
});
afterAll(async () => {
  await env.stop();
});

const bj = (at: string) => `${at}:00+08:00`;

async function play(scenario: LegalScenario, index: number) {
  const clock = new TestClock(bjMs('2022-12-01'));
  const tracker = newTracker(env.redis, env.prefix(), clock);
  const c = new CaseMessages({
    caseUid: `GZ-440105-2024-${String(900 + index).padStart(6, '0')}`,
    custody: scenario.custody === undefined ? 'DETAINED' : scenario.custody,
    ...(scenario.custodySince && { custodySince: scenario.custodySince }),
    ...(scenario.track && { track: scenario.track }),
    ...(scenario.circumstances && { circumstances: scenario.circumstances }),
  });
  const messages = scenario.events.map(([type, at, payload, extra]) => c.msg(type, bj(at), payload as never, extra ?? {}));
  const observations = await observeAll(tracker, clock, messages);
  const violations = observations.flatMap((o) => (o.violation ? [`${o.message.messageType}: ${o.violation.reason}`] : []));
  const ledger = (await tracker.ledger(c.context.caseUid!)) ?? {};
  const record = (await tracker.caseRecord(c.context.caseUid!))!;
  return { violations, ledger, record };
}

describe('legal scenarios (article, events, the last day the law gives)', () => {
  it('has at least 40 scenarios, each with an article', () => {
    expect(LEGAL_SCENARIOS.length).toBeGreaterThanOrEqual(40);
    for (const s of LEGAL_SCENARIOS) expect(s.article, s.id).toMatch(/\S/);
    expect(new Set(LEGAL_SCENARIOS.map((s) => s.id)).size).toBe(LEGAL_SCENARIOS.length);
  });

  it.each(LEGAL_SCENARIOS.map((s, i) => [`${s.id} ${s.article}: ${s.rule}`, s, i] as const))('%s', async (_title, scenario, index) => {
    const { violations, ledger, record } = await play(scenario, index);
    expect(violations, 'every message of a lawful path is accepted').toEqual([]);
    const entries = (ledger[scenario.clock] ?? []).filter((e): e is ClockEntry => e.kind === 'clock');
    if (scenario.due === undefined) {
      expect(entries, `${scenario.clock} must not run`).toEqual([]);
      return;
    }
    const last = entries[entries.length - 1];
    expect(last, `${scenario.clock} has a ledger`).toBeDefined();
    expect(last!.due, 'last day').toBe(scenario.due);
    if (scenario.action) expect(last!.action).toBe(scenario.action);
    if (scenario.onTime !== undefined) expect(last!.onTime).toBe(scenario.onTime);
    if (scenario.basis !== undefined) expect(last!.basis, 'article').toBe(scenario.basis);
    // Every ledger line names its basis and the message behind it.
    for (const entry of entries) {
      expect(entry.basis, `${entry.action} basis`).toMatch(/\S/);
      expect(entry.messageId, `${entry.action} message`).toMatch(/\S/);
    }
    const running = record.clocks[scenario.clock];
    if (running && (scenario.action === undefined || ['started', 'extended', 'anchored', 'restarted'].includes(scenario.action))) {
      expect(running.due).toBe(scenario.due);
      expect(running.estimated === true, 'estimated').toBe(scenario.estimated === true);
    }
    expect(record.anomalies.map((a) => a.kind).sort()).toEqual([...(scenario.anomalies ?? [])].sort());
  });
});
