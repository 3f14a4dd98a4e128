import { AGENCIES } from '../standard/codes/agencies';
import type { OrgDirectory } from '../directory/org-directory';
import { MESSAGE_TYPES } from '../standard/codes/message-types';
import { PROCESSES } from '../standard/codes/processes';
import { CLOCK_DEFINITIONS } from '../standard/clocks/definitions';

/** A Chinese and an English name. */
export interface Label {
  zh: string;
  en: string;
}

/** Every code the console shows, named in both languages (from the standard's code tables). */
export interface ConsoleLabels {
  divisions: Record<string, Label>;
  systems: Record<string, Label>;
  agencies: Record<string, Label>;
  processes: Record<string, Label & { code: string }>;
  messageTypes: Record<string, Label>;
  clocks: Record<string, Label & { process: string }>;
  /** Org code agency types (the two digits after the division): `01` → PSB … */
  orgTypes: Record<string, string>;
}

const pick = <T extends Label>(value: T): Label => ({ zh: value.zh, en: value.en });

function mapValues<T, U>(record: Readonly<Record<string, T>>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

/** The systems the console names: each registered adapter's own names. */
export interface SystemNames {
  kind: string;
  names: { 'zh-CN': string; 'en-US': string };
}

export function consoleLabels(systems: readonly SystemNames[], directory: OrgDirectory): ConsoleLabels {
  return {
    divisions: Object.fromEntries(directory.divisions().map((d) => [d.code, { zh: d.name['zh-CN'], en: d.name['en-US'] }])),
    systems: Object.fromEntries(systems.map((s) => [s.kind, { zh: s.names['zh-CN'], en: s.names['en-US'] }])),
    agencies: mapValues(AGENCIES, pick),
    processes: mapValues(PROCESSES, (p) => ({ code: p.code, zh: p.zh, en: p.en })),
    messageTypes: mapValues(MESSAGE_TYPES, pick),
    clocks: mapValues(CLOCK_DEFINITIONS, (c) => ({ zh: c.zh, en: c.en, process: c.process })),
    orgTypes: Object.fromEntries(Object.entries(AGENCIES).flatMap(([agency, a]) => (a.orgType === null ? [] : [[a.orgType, agency]]))),
  };
}
