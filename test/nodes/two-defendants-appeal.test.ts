/**
 * A two-defendant case with one appeal through the real Node-RED runtime (caselink-track on a real
 * redis-server): per-person custody clocks (C4 for each arrested defendant, from their own arrest),
 * per-case clocks of the appeal (C13 window, C18 transfer in 3 days, C19 second instance in 2 months).
 */
import { describe, expect, it } from 'vitest';
import { clockDeadline, SAMPLE_CN_CALENDAR_2022_2026 } from '../../standard';
import { waitFor } from '../support/node-red';
import { trackFlowForFile } from '../support/track-flow';
import { ARRESTED_ON, twoDefendantAppealCase, twoDefendantProtestCase } from '../support/two-defendant-case';

const { load } = trackFlowForFile();

interface ClockEventOut {
  type: string;
  clock: { key: string; due: string; startedAt: string };
}

const loadTrack = (prefix: string) => load(prefix, '0');

describe('two defendants, one appeal, in a real Node-RED', () => {
  it('runs a protest to a remand: the trial clock starts again for the retrial (CPL 239)', async () => {
    const { messages, caught, track } = await loadTrack('twodef-protest');
    const steps = twoDefendantProtestCase();
    const clockEvents: string[][] = [];
    for (const [index, message] of steps.entries()) {
      track.receive({ payload: message });
      await waitFor(() => messages.length + caught.length === index + 1);
      expect(caught, `${message.messageType} refused`).toEqual([]);
      const tracking = messages[index].tracking as { violation?: unknown; clockEvents: ClockEventOut[]; changes: Array<{ process: string; to: string }> };
      expect(tracking.violation, message.messageType).toBeUndefined();
      clockEvents.push(tracking.clockEvents.map((e) => `${e.type} ${e.clock.key}${e.type === 'started' ? ` due ${e.clock.due}` : ''}`));
    }
    const [protest, transfer, accepted, remanded] = clockEvents.slice(-4);
    expect(protest).toEqual(['stopped C13']); // no C18: a protest goes up through the procuratorate's protest (CPL 232)
    expect(transfer).toEqual([]);
    expect(accepted).toEqual(['started C19 due 2024-07-08']);
    expect(remanded).toEqual(['stopped C19', 'started C11 due 2024-08-14']); // a new ordinary-trial period from the remand
    const last = messages.at(-1).tracking as { changes: Array<{ process: string; to: string }> };
    expect(last.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ process: 'SECOND_INSTANCE', to: 'REMANDED' }),
        expect.objectContaining({ process: 'FIRST_INSTANCE_TRIAL', to: 'ACCEPTED' }),
      ]),
    );
  });

  it('tracks each person’s custody clock and the case’s appeal clocks, and opens the hand-over after 改判', async () => {
    const { messages, caught, events, track } = await loadTrack('twodef');

    const steps = twoDefendantAppealCase();
    const clockEvents: Record<string, string[]> = {};
    for (const [index, message] of steps.entries()) {
      track.receive({ payload: message });
      await waitFor(() => messages.length + caught.length === index + 1);
      expect(caught, `${message.messageType} refused`).toEqual([]);
      const tracking = messages[index].tracking as { violation?: unknown; clockEvents: ClockEventOut[] };
      expect(tracking.violation, message.messageType).toBeUndefined();
      clockEvents[`${index}:${message.messageType}`] = tracking.clockEvents.map(
        (e) => `${e.type} ${e.clock.key}${e.type === 'started' ? ` due ${e.clock.due}` : ''}`,
      );
    }
    expect(events.filter((e) => e.topic === 'violation')).toEqual([]);

    const c4 = (start: string) => clockDeadline('C4', { start, facts: { inCustody: true }, calendar: SAMPLE_CN_CALENDAR_2022_2026 }).due;
    // Per person: the custody clock runs from each defendant's own arrest, and stops for both.
    expect(clockEvents['3:ARREST_EXECUTION_RECEIPT']).toEqual([`started C4@D1 due ${c4(ARRESTED_ON.D1)}`, `started C4@D2 due ${c4(ARRESTED_ON.D2)}`]);
    expect(c4(ARRESTED_ON.D1)).not.toBe(c4(ARRESTED_ON.D2));
    expect(clockEvents['4:PROSECUTION_OPINION']).toEqual(expect.arrayContaining(['stopped C4@D1', 'stopped C4@D2']));
    // Per case: the appeal stops the window and starts the 3-day transfer; the transfer stops it.
    expect(clockEvents['9:SERVICE_RECEIPT']).toContain('started C13 due 2024-05-03'); // 04-23 + 10 days; defendants in custody: no holiday shift (CPL 105)
    expect(clockEvents['10:APPEAL']).toEqual(expect.arrayContaining(['stopped C13', 'started C18 due 2024-05-02'])); // 04-29 + 3 days (CPL 231)
    expect(clockEvents['11:SECOND_INSTANCE_TRANSFER']).toContain('stopped C18');
    expect(clockEvents['12:SECOND_INSTANCE_ACCEPTED']).toContain('started C19 due 2024-07-06');
    expect(clockEvents['14:SECOND_INSTANCE_DECISION']).toContain('stopped C19');
    expect(clockEvents['15:JUDGMENT_EFFECTIVE']).toEqual(expect.arrayContaining([expect.stringMatching(/^started C15 due /)]));

    // The last message saw the hand-over open with each defendant's sentence (D1 as revised).
    const last = messages.at(-1).tracking as { changes: Array<{ process: string; to: string }> };
    expect(last.changes).toEqual(expect.arrayContaining([expect.objectContaining({ process: 'EXECUTION_HANDOVER', to: 'EFFECTIVE' })]));
  });
});
