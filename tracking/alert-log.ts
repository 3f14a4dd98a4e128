import { toBeijingIso } from '../standard/clocks/calendar-date';
import { agencyAt, levelName } from './deadline-record';
import type { AlertLevel, WarningEntry } from './timeline';

/** One alert as the claim script logs it per case: `clockKey,run,level,at,deadline,agency;` (times in s). */
export interface LoggedAlert {
  clockKey: string;
  run: number;
  level: AlertLevel;
  atMs: number;
  deadlineMs: number;
  agency: string;
}

export function parseAlertLog(log: string | null | undefined): LoggedAlert[] {
  if (!log) return [];
  return log
    .split(';')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [clockKey, run, level, at, deadline, agency] = entry.split(',');
      return {
        clockKey: clockKey!,
        run: Number(run),
        level: levelName(Number(level)),
        atMs: Number(at) * 1000,
        deadlineMs: Number(deadline) * 1000,
        agency: agencyAt(agency!),
      };
    });
}

export function warningEntryOf(alert: LoggedAlert): WarningEntry {
  return {
    at: toBeijingIso(alert.atMs),
    kind: 'warning',
    clock: alert.clockKey,
    run: alert.run,
    level: alert.level,
    deadline: toBeijingIso(alert.deadlineMs),
    agency: alert.agency,
  };
}
