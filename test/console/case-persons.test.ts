/**
 * The console's case view shows each person of a case with several defendants (standard 1.1):
 * their own custody clocks while they run, then the outcome per person after an appeal (改判),
 * and where each sentence is executed. Real redis-server, real tracker.
 */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { caseView } from '../../console/case-view';
import { SAMPLE_CN_CALENDAR_2022_2026 } from '../../standard';
import { Tracker } from '../../tracking';
import { redisForFile } from '../support/shared-redis';
import { CASE_UID, twoDefendantAppealCase } from '../support/two-defendant-case';

let redis: Redis;
redisForFile('own', (r) => (redis = r.client));

describe('case view with two defendants', () => {
  it('shows each person: own custody clocks, then outcome and execution branch per person', async () => {
    const tracker = new Tracker({ redis, prefix: 'persons', calendar: SAMPLE_CN_CALENDAR_2022_2026, validate: true });
    const steps = twoDefendantAppealCase();
    for (const message of steps.slice(0, 4)) await tracker.observe(message);
    const arrested = await caseView(tracker, undefined, [], CASE_UID, Date.parse('2024-02-01T09:00:00+08:00'));
    expect(arrested.persons).toEqual([
      expect.objectContaining({ personId: 'D1', clocks: ['C4@D1'], revised: false }),
      expect.objectContaining({ personId: 'D2', clocks: ['C4@D2'], revised: false }),
    ]);
    expect(arrested.clocks.map((c) => c.key).sort()).toEqual(['C4@D1', 'C4@D2']);

    for (const message of steps.slice(4)) await tracker.observe(message);
    const done = await caseView(tracker, undefined, [], CASE_UID, Date.parse('2024-06-22T09:00:00+08:00'));
    expect(done.persons).toEqual([
      {
        personId: 'D1',
        verdict: 'CONVICTED',
        penalty: 'FIXED_TERM',
        penaltyLabel: { zh: '有期徒刑', en: 'Fixed-term imprisonment' },
        termMonths: 60,
        probationMonths: undefined,
        termEnd: '2029-01-09',
        revised: true,
        branch: 'PRISON',
        clocks: [],
      },
      {
        personId: 'D2',
        verdict: 'CONVICTED',
        penalty: 'FIXED_TERM',
        penaltyLabel: { zh: '有期徒刑', en: 'Fixed-term imprisonment' },
        termMonths: 24,
        probationMonths: 36,
        termEnd: undefined,
        revised: false,
        branch: 'COMMUNITY_CORRECTIONS',
        clocks: [],
      },
    ]);
    expect(done.processes.map((p) => p.process)).toEqual(expect.arrayContaining(['FIRST_INSTANCE_TRIAL', 'SECOND_INSTANCE', 'EXECUTION_HANDOVER']));
  });
});
