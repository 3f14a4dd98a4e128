/** Legacy local times are Beijing time (UTC+8, no daylight saving). */

const OFFSET_MS = 8 * 3600_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Epoch milliseconds → `2022-12-05T09:30:00+08:00` (milliseconds kept only when non-zero). */
export function epochToIso(epochMs: number): string {
  const d = new Date(epochMs + OFFSET_MS);
  const ms = d.getUTCMilliseconds();
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    '+08:00'
  );
}

/** ISO 8601 with any offset → epoch milliseconds. */
export function isoToEpoch(iso: string): number {
  return Date.parse(iso);
}

/** ISO 8601 → its Beijing wall-clock parts. */
export function beijingParts(iso: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const d = new Date(Date.parse(iso) + OFFSET_MS);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
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
