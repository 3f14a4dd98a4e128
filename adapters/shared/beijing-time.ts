/**
 * Legacy date and time formats (Beijing time, see standard/beijing-time.ts). A legacy value keeps
 * its milliseconds when it has any (`toBeijingIsoExact`).
 */
import { beijingWallClock } from '../../standard/beijing-time';

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 with any offset → epoch milliseconds. */
export function isoToEpoch(iso: string): number {
  return Date.parse(iso);
}

/** ISO 8601 → its Beijing wall-clock parts. */
export function beijingParts(iso: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  return beijingWallClock(Date.parse(iso));
}

/** Beijing wall-clock parts → ISO 8601 with +08:00; undefined when the parts are not a real time. */
export function isoFromParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): string | undefined {
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(t);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}+08:00`;
}

/** `yyyyMMddHHmmss` (Beijing) → ISO 8601 +08:00, or undefined. */
export function compactDateTimeToIso(value: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  return m ? isoFromParts(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/** `yyyy-MM-dd HH:mm:ss` (Beijing) → ISO 8601 +08:00, or undefined. */
export function spacedDateTimeToIso(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  return m ? isoFromParts(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/** `yyyyMMdd` → `yyyy-MM-dd`, or undefined when not a calendar date. */
export function compactDateToIso(value: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  return isoFromParts(+m[1]!, +m[2]!, +m[3]!) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** ISO 8601 → `yyyyMMddHHmmss` in Beijing time. */
export function isoToCompactDateTime(iso: string): string {
  const p = beijingParts(iso);
  return `${p.y}${pad(p.mo)}${pad(p.d)}${pad(p.h)}${pad(p.mi)}${pad(p.s)}`;
}

/** ISO 8601 → `yyyy-MM-dd HH:mm:ss` in Beijing time. */
export function isoToSpacedDateTime(iso: string): string {
  const p = beijingParts(iso);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}
