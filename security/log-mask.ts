import { isMaskingEnabled, maskDeep, maskText } from './mask';

/**
 * Masking of what the nodes show and log (node status, warn/error texts, runtime log lines):
 * resident id and phone numbers always, and the persons' names when the message is known.
 */

interface WithPersons {
  persons?: ReadonlyArray<{ name?: unknown }>;
}

function namesOf(message: unknown): string[] {
  const persons = (message as WithPersons | undefined)?.persons;
  return Array.isArray(persons) ? persons.flatMap((p) => (typeof p?.name === 'string' ? [p.name] : [])) : [];
}

/** A text safe to show or log; `message` (a unified message) adds its persons' names to what is masked. */
export function maskedText(text: string, message?: unknown): string {
  if (!isMaskingEnabled()) return text;
  const knownNames = namesOf(message);
  return knownNames.length > 0 ? maskDeep(text, { knownNames }) : maskText(text);
}

/** An error's message, masked. */
export function maskedError(error: unknown, message?: unknown): string {
  return maskedText(error instanceof Error ? error.message : String(error), message);
}

interface Issue {
  field: string;
  value?: unknown;
  reason: string;
}

/** The legacy field's own name (`BODY/XYRLIST/XYR[0]/XM` → `XM`), for masking its value by key. */
function leafName(field: string): string {
  const parts = field.split(/[/.]/);
  return (parts[parts.length - 1] ?? field).replace(/\[\d+\]$/, '');
}

/** `field: reason; …` with each issue's value masked wherever the reason repeats it. */
export function maskedIssues(issues: readonly Issue[]): string {
  return issues
    .map((issue) => {
      let reason = issue.reason;
      if (isMaskingEnabled() && (typeof issue.value === 'string' || typeof issue.value === 'number') && String(issue.value).length > 1) {
        const raw = String(issue.value);
        const key = leafName(issue.field);
        const masked = (maskDeep({ [key]: raw }) as Record<string, string>)[key]!;
        if (masked !== raw) reason = reason.split(raw).join(masked);
      }
      return `${issue.field}: ${maskedText(reason)}`;
    })
    .join('; ');
}

const LEVEL_NAMES: Record<number, string> = { 10: 'fatal', 20: 'error', 30: 'warn', 40: 'info', 50: 'debug', 60: 'trace', 98: 'audit', 99: 'metric' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface LogEvent {
  level: number;
  msg?: unknown;
  type?: string;
  name?: string;
  id?: string;
  [field: string]: unknown;
}

function line(event: LogEvent): string {
  if (event.level === 98 || event.level === 99) return `[${LEVEL_NAMES[event.level]}] ${JSON.stringify(event)}`;
  let text: unknown = event.msg;
  if (text instanceof Error) text = text.message;
  else if (text !== null && typeof text === 'object') {
    const message = (text as { message?: unknown }).message;
    text = typeof message === 'string' ? message : JSON.stringify(text);
  }
  const source = event.type ? `[${event.type}:${event.name || event.id}] ` : '';
  return `[${LEVEL_NAMES[event.level] ?? event.level}] ${source}${String(text)}`;
}

/**
 * A Node-RED log handler in the console logger's format that masks every line (settings:
 * `logging.console.handler = maskingConsoleHandler`). Node-RED calls it with the logger settings.
 */
export function maskingConsoleHandler(): (event: LogEvent) => void {
  return (event) => {
    const d = new Date();
    const time = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    const text = line(event);
    console.log(`${d.getDate()} ${MONTHS[d.getMonth()]} ${time} - ${isMaskingEnabled() ? maskText(text) : text}`);
  };
}
