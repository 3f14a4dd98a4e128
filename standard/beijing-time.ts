/**
 * Beijing time, the one module: every agency, statute and legacy system counts in Beijing civil
 * time (UTC+8 all year since 1991, no daylight saving).
 *
 * Instants are written with the `+08:00` offset. Precision, decided once for the whole project:
 * - `toBeijingIso` writes whole seconds (milliseconds dropped): records, timelines, deadlines and
 *   alerts are kept to the second, the precision of the statutes and of every legacy format, and
 *   stored records must not change shape with the clock's resolution;
 * - `toBeijingIsoExact` keeps milliseconds when there are any: a conversion of a value a sender
 *   gave (adapters) must not lose what was sent.
 */

export const BEIJING_OFFSET_MS = 8 * 3_600_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number): string => String(n).padStart(3, '0');

function wallClock(epochMs: number, milliseconds: boolean): string {
  const local = new Date(epochMs + BEIJING_OFFSET_MS);
  const year = String(local.getUTCFullYear()).padStart(4, '0');
  const ms = milliseconds ? local.getUTCMilliseconds() : 0;
  return (
    `${year}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}` +
    (ms ? `.${pad3(ms)}` : '') +
    '+08:00'
  );
}

/** Epoch milliseconds → `2024-10-08T00:00:00+08:00`, to the second (milliseconds dropped). */
export function toBeijingIso(epochMs: number): string {
  return wallClock(epochMs, false);
}

/** Epoch milliseconds → `2022-12-05T09:30:00.250+08:00`; milliseconds written only when non-zero. */
export function toBeijingIsoExact(epochMs: number): string {
  return wallClock(epochMs, true);
}

/** An instant's Beijing wall-clock parts. */
export function beijingWallClock(epochMs: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const d = new Date(epochMs + BEIJING_OFFSET_MS);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
}

/** The Beijing day number (days since 1970-01-01, Beijing) of an instant. */
export function beijingDayNumber(epochMs: number): number {
  return Math.floor((epochMs + BEIJING_OFFSET_MS) / 86_400_000);
}
