import { MS_PER_DAY } from './calendar-date';
import { periodLengthMs, remaining, type Deadline, type Instant } from './deadline';

export type WarningLevel = 'GREEN' | 'YELLOW' | 'RED' | 'OVERDUE';

/**
 * 事前预警 thresholds (domain.md §3, configurable). Yellow when at most `yellowFractionLeft` of
 * the period or `yellowDaysLeft` days remain; red at `redDaysLeft` days. A day threshold applies
 * only to periods longer than it, so a 24-hour clock is not red from its first minute.
 */
export interface WarningPolicy {
  yellowFractionLeft: number;
  yellowDaysLeft: number;
  redDaysLeft: number;
}

export const DEFAULT_WARNING_POLICY: Readonly<WarningPolicy> = Object.freeze({
  yellowFractionLeft: 0.3,
  yellowDaysLeft: 2,
  redDaysLeft: 1,
});

export function classifyWarning(
  deadline: Pick<Deadline, 'countingFrom' | 'nominalExpiresAt' | 'expiresAt'>,
  now: Instant,
  policy: Partial<WarningPolicy> = {},
): WarningLevel {
  const { yellowFractionLeft, yellowDaysLeft, redDaysLeft } = { ...DEFAULT_WARNING_POLICY, ...policy };
  const left = remaining(deadline, now).ms;
  if (left <= 0) return 'OVERDUE';
  const period = periodLengthMs(deadline);
  const within = (days: number) => period > days * MS_PER_DAY && left <= days * MS_PER_DAY;
  if (within(redDaysLeft)) return 'RED';
  if (within(yellowDaysLeft) || left <= period * yellowFractionLeft) return 'YELLOW';
  return 'GREEN';
}
