import { describe, expect, it } from 'vitest';
import {
  classifyWarning,
  computeDeadline,
  DeadlineInputError,
  HolidayCalendarSchema,
  isWorkingDay,
  isoWeekday,
  nextWorkingDay,
  remaining,
  SAMPLE_CN_CALENDAR_2022_2026,
  type Deadline,
  type DeadlineInput,
  type HolidayCalendar,
} from '../../standard';

const calendar = SAMPLE_CN_CALENDAR_2022_2026;
const deadline = (input: Omit<DeadlineInput, 'calendar' | 'inCustody'> & Partial<Pick<DeadlineInput, 'calendar' | 'inCustody'>>) =>
  computeDeadline({ calendar, inCustody: false, ...input });

describe('computeDeadline — counting (CPL 105)', () => {
  it('does not count the start day', () => {
    const d = deadline({ start: '2024-03-04', limit: { days: 1 } });
    expect(d).toMatchObject({
      nominalDue: '2024-03-05',
      due: '2024-03-05',
      countingFrom: '2024-03-05T00:00:00+08:00',
      expiresAt: '2024-03-06T00:00:00+08:00',
      shifted: false,
      calendarCovered: true,
    });
    expect(deadline({ start: '2024-03-04', limit: { days: 0 } }).due).toBe('2024-03-04');
  });

  it('takes the Beijing date of a date-time start', () => {
    expect(deadline({ start: '2024-03-03T16:30:00Z', limit: { days: 1 } }).due).toBe('2024-03-05'); // 03-04 00:30 in Beijing
    expect(deadline({ start: '2024-03-04T23:59:59+08:00', limit: { days: 1 } }).due).toBe('2024-03-05');
  });

  it('counts months to the same day, clamped to the end of a shorter month', () => {
    expect(deadline({ start: '2024-01-31', limit: { months: 1 } }).due).toBe('2024-02-29'); // leap year
    expect(deadline({ start: '2023-01-31', limit: { months: 1 } }).due).toBe('2023-02-28');
    expect(deadline({ start: '2024-01-30', limit: { months: 1 } }).due).toBe('2024-02-29');
    expect(deadline({ start: '2024-02-29', limit: { months: 1 } }).due).toBe('2024-03-29');
    expect(deadline({ start: '2024-03-31', limit: { months: 1 } }).due).toBe('2024-04-30');
    expect(deadline({ start: '2024-12-31', limit: { months: 2 } }).due).toBe('2025-02-28');
    expect(deadline({ start: '2024-01-31', limit: { months: 1, days: 15 } }).due).toBe('2024-03-15'); // 一个半月
  });

  it('offers the end-to-end month rule as a policy', () => {
    const endToEnd = { monthEnd: 'END_TO_END' as const };
    expect(deadline({ start: '2024-02-29', limit: { months: 1 }, policy: endToEnd, inCustody: true }).due).toBe('2024-03-31');
    expect(deadline({ start: '2023-02-28', limit: { months: 1 }, policy: endToEnd }).due).toBe('2023-03-31');
    expect(deadline({ start: '2023-02-28', limit: { months: 1 } }).due).toBe('2023-03-28');
    expect(deadline({ start: '2024-01-15', limit: { months: 1 }, policy: endToEnd }).nominalDue).toBe('2024-02-15');
  });

  it('counts hours from the next full hour and never moves them off holidays', () => {
    const d = deadline({ start: '2024-03-01T09:30:00+08:00', limit: { hours: 24 } });
    expect(d).toMatchObject({ countingFrom: '2024-03-01T10:00:00+08:00', expiresAt: '2024-03-02T10:00:00+08:00', due: '2024-03-02', shifted: false });
    expect(deadline({ start: '2024-03-01T09:00:00+08:00', limit: { hours: 1 } }).expiresAt).toBe('2024-03-01T11:00:00+08:00');
    expect(deadline({ start: '2024-09-30T10:15:00+08:00', limit: { hours: 24 } }).expiresAt).toBe('2024-10-01T11:00:00+08:00');
  });

  it('names the field of bad input, bilingually', () => {
    expect(() => deadline({ start: '2024-03-01', limit: { hours: 24 } })).toThrow(DeadlineInputError);
    expect(() => deadline({ start: '2024-02-30', limit: { days: 1 } })).toThrow(/start: .*\(.*[\u4e00-\u9fff]/);
    expect(() => deadline({ start: '2024-03-01', limit: { days: -1 } })).toThrow(/limit/);
    expect(() => deadline({ start: '2024-03-01', limit: { days: 1, hours: 2 } })).toThrow(/limit/);
    expect(() => deadline({ start: '2024-03-01', limit: {} })).toThrow(/limit/);
  });
});

describe('computeDeadline — non-working last day', () => {
  it('moves a National Day deadline to the next working day out of custody, not in custody', () => {
    const free = deadline({ start: '2024-09-24', limit: { days: 7 } });
    expect(free).toMatchObject({
      nominalDue: '2024-10-01',
      due: '2024-10-08',
      shifted: true,
      expiresAt: '2024-10-09T00:00:00+08:00',
      nominalExpiresAt: '2024-10-02T00:00:00+08:00',
    });
    const held = deadline({ start: '2024-09-24', limit: { days: 7 }, inCustody: true });
    expect(held).toMatchObject({ nominalDue: '2024-10-01', due: '2024-10-01', shifted: false });
    expect(deadline({ start: '2025-09-30', limit: { days: 1 } }).due).toBe('2025-10-09'); // 2025: 8-day block
  });

  it('treats make-up working days (调休) as working days and ordinary weekends as non-working', () => {
    expect(deadline({ start: '2024-09-26', limit: { days: 3 } })).toMatchObject({ due: '2024-09-29', shifted: false }); // Sunday, working
    expect(deadline({ start: '2024-10-05', limit: { days: 7 } })).toMatchObject({ due: '2024-10-12', shifted: false }); // Saturday, working
    expect(deadline({ start: '2024-02-05', limit: { days: 5 } })).toMatchObject({ nominalDue: '2024-02-10', due: '2024-02-18' }); // Spring Festival → Sunday make-up day
    expect(deadline({ start: '2024-03-04', limit: { days: 5 } })).toMatchObject({ nominalDue: '2024-03-09', due: '2024-03-11' });
    expect(deadline({ start: '2024-03-04', limit: { days: 5 }, inCustody: true }).due).toBe('2024-03-09');
  });

  it('follows the counting policy', () => {
    expect(deadline({ start: '2024-09-24', limit: { days: 7 }, inCustody: true, policy: { shiftWhileInCustody: true } }).due).toBe('2024-10-08');
    expect(deadline({ start: '2024-09-24', limit: { days: 7 }, policy: { shiftNonWorkingLastDay: false } }).due).toBe('2024-10-01');
  });

  it('uses the calendar it is given and says when it runs past it', () => {
    const sixDayWeek: HolidayCalendar = {
      id: 'six-day',
      covers: { from: '2024-01-01', to: '2024-12-31' },
      nonWorkingDays: [],
      makeUpWorkingDays: [],
      weekend: [7],
    };
    expect(computeDeadline({ start: '2024-03-04', limit: { days: 5 }, inCustody: false, calendar: sixDayWeek }).due).toBe('2024-03-09');
    expect(deadline({ start: '2026-12-30', limit: { days: 5 } }).calendarCovered).toBe(false);
    expect(deadline({ start: '2026-12-01', limit: { days: 5 } }).calendarCovered).toBe(true);
  });
});

describe('holiday calendar', () => {
  it('ships sample 2022–2026 data that passes its own schema', () => {
    expect(HolidayCalendarSchema.safeParse(calendar).success).toBe(true);
    for (const day of calendar.makeUpWorkingDays) expect([6, 7], day).toContain(isoWeekday(day));
    expect(calendar.description).toMatch(/SAMPLE/);
    expect(isWorkingDay('2026-02-14', calendar)).toBe(true); // Saturday make-up day, 2026 Spring Festival
    expect(isWorkingDay('2026-02-23', calendar)).toBe(false); // Monday inside the block
    expect(nextWorkingDay('2023-09-28', calendar)).toBe('2023-10-07'); // Mid-Autumn + National Day → Saturday make-up day
  });

  it('rejects a date listed both as holiday and as make-up day', () => {
    const bad = { ...calendar, makeUpWorkingDays: [...calendar.makeUpWorkingDays, '2024-10-01'] };
    const result = HolidayCalendarSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('同时');
  });
});

describe('remaining and the warning classifier', () => {
  const fiveDays = deadline({ start: '2024-03-04', limit: { days: 5 }, inCustody: true }); // counting 03-05 … 03-09, expires 03-10 00:00
  const tenDays = deadline({ start: '2024-03-04', limit: { days: 10 } }); // expires 2024-03-15 00:00
  const dayMs = 86_400_000;
  const before = (d: Deadline, ms: number) => Date.parse(d.expiresAt) - ms;

  it('measures the time left', () => {
    expect(remaining(tenDays, '2024-03-14T12:00:00+08:00')).toEqual({ ms: dayMs / 2, days: 0.5, overdue: false });
    expect(remaining(tenDays, '2024-03-15T06:00:00+08:00')).toMatchObject({ days: -0.25, overdue: true });
    expect(remaining(tenDays, new Date('2024-03-15T00:00:00+08:00')).overdue).toBe(true);
  });

  it('turns yellow at 30% of the period left', () => {
    expect(classifyWarning(tenDays, before(tenDays, 3 * dayMs + 1))).toBe('GREEN');
    expect(classifyWarning(tenDays, before(tenDays, 3 * dayMs))).toBe('YELLOW');
  });

  it('turns yellow at 2 days, red at 1 day, overdue at expiry', () => {
    expect(classifyWarning(fiveDays, before(fiveDays, 2 * dayMs + 1))).toBe('GREEN'); // 30% of 5 days is only 1.5 days
    expect(classifyWarning(fiveDays, before(fiveDays, 2 * dayMs))).toBe('YELLOW');
    expect(classifyWarning(fiveDays, before(fiveDays, dayMs + 1))).toBe('YELLOW');
    expect(classifyWarning(fiveDays, before(fiveDays, dayMs))).toBe('RED');
    expect(classifyWarning(fiveDays, before(fiveDays, 1))).toBe('RED');
    expect(classifyWarning(fiveDays, before(fiveDays, 0))).toBe('OVERDUE');
    expect(classifyWarning(fiveDays, '2024-03-20T00:00:00+08:00')).toBe('OVERDUE');
  });

  it('applies day thresholds only to periods longer than them', () => {
    const day = deadline({ start: '2024-03-01T09:30:00+08:00', limit: { hours: 24 } });
    expect(classifyWarning(day, '2024-03-01T10:30:00+08:00')).toBe('GREEN');
    expect(classifyWarning(day, before(day, 0.3 * dayMs))).toBe('YELLOW');
    expect(classifyWarning(day, before(day, 60_000))).toBe('YELLOW');
  });

  it('takes the whole period, including a holiday shift, into account', () => {
    const shifted = deadline({ start: '2024-09-24', limit: { days: 7 } }); // nominal 10-01, due 10-08
    expect(classifyWarning(shifted, '2024-10-01T12:00:00+08:00')).toBe('GREEN');
    expect(classifyWarning(shifted, '2024-10-07T12:00:00+08:00')).toBe('YELLOW');
  });

  it('accepts other thresholds', () => {
    const policy = { yellowFractionLeft: 0.5, yellowDaysLeft: 0, redDaysLeft: 3 };
    expect(classifyWarning(tenDays, before(tenDays, 5 * dayMs + 1), policy)).toBe('GREEN');
    expect(classifyWarning(tenDays, before(tenDays, 5 * dayMs), policy)).toBe('YELLOW');
    expect(classifyWarning(tenDays, before(tenDays, 3 * dayMs), policy)).toBe('RED');
  });
});
