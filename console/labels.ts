import { AGENCIES } from '../standard/codes/agencies';
import { DIVISIONS, DIVISION_CODES } from '../standard/codes/divisions';
import { MESSAGE_TYPES } from '../standard/codes/message-types';
import { PROCESSES } from '../standard/codes/processes';
import { CLOCK_DEFINITIONS } from '../standard/clocks/definitions';
import { SYSTEM_KINDS, type SystemKind } from '../adapters/types';

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

export const SYSTEM_LABELS: Readonly<Record<SystemKind, Label>> = {
  psb: { zh: '公安', en: 'Police (PSB)' },
  procuratorate: { zh: '检察院', en: 'Procuratorate' },
  court: { zh: '法院', en: 'Court' },
  justice: { zh: '司法局', en: 'Justice bureau' },
};

const pick = <T extends Label>(value: T): Label => ({ zh: value.zh, en: value.en });

function mapValues<T, U>(record: Readonly<Record<string, T>>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

export function consoleLabels(): ConsoleLabels {
  return {
    divisions: Object.fromEntries(DIVISION_CODES.map((code) => [code, { zh: DIVISIONS[code].zh, en: DIVISIONS[code].en }])),
    systems: Object.fromEntries(SYSTEM_KINDS.map((kind) => [kind, SYSTEM_LABELS[kind]])),
    agencies: mapValues(AGENCIES, pick),
    processes: mapValues(PROCESSES, (p) => ({ code: p.code, zh: p.zh, en: p.en })),
    messageTypes: mapValues(MESSAGE_TYPES, pick),
    clocks: mapValues(CLOCK_DEFINITIONS, (c) => ({ zh: c.zh, en: c.en, process: c.process })),
    orgTypes: Object.fromEntries(Object.entries(AGENCIES).flatMap(([agency, a]) => (a.orgType === null ? [] : [[a.orgType, agency]]))),
  };
}
