/** Figures and times as the page shows them. Every time is Beijing time (Asia/Shanghai), and says so. */
import { state } from './state.js';
import { t } from './i18n.js';

const BEIJING = 'Asia/Shanghai';
const dateTimeFormat = {};

export function formatTime(ms) {
  if (ms === null || ms === undefined || ms === '') return '-';
  const date = typeof ms === 'string' ? new Date(ms) : new Date(Number(ms));
  if (Number.isNaN(date.getTime())) return String(ms);
  let fmt = dateTimeFormat[state.lang];
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(state.lang, {
      timeZone: BEIJING,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    dateTimeFormat[state.lang] = fmt;
  }
  return fmt.format(date);
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: BEIJING, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Beijing calendar date of an instant, `YYYY-MM-DD`. */
export function beijingDate(ms) {
  return dayFormat.format(new Date(ms));
}

/** The instant a Beijing calendar day starts (`YYYY-MM-DD` → epoch ms). */
export function beijingDayStart(date) {
  return Date.parse(`${date}T00:00:00+08:00`);
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '-';
  const abs = Math.abs(ms);
  if (abs < 60000) return t('unit.s', { n: Math.round(abs / 1000) });
  if (abs < 3600000) return t('unit.min', { n: Math.round(abs / 60000) });
  if (abs < 2 * 86400000) return t('unit.h', { n: (abs / 3600000).toFixed(1).replace(/\.0$/, '') });
  return t('unit.d', { n: (abs / 86400000).toFixed(1).replace(/\.0$/, '') });
}

export function percent(rate) {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '-';
  return (rate * 100).toFixed(1).replace(/\.0$/, '') + '%';
}

/** A file size in bytes, KiB, MiB or GiB (the exact byte count on hover is the caller's). */
export function bytes(n) {
  if (n === null || n === undefined) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? String(value) : value.toFixed(1).replace(/\.0$/, '')) + ' ' + units[unit];
}
