/**
 * A numeric node setting as the flow gives it: a number, a string, empty, or an `${ENV}` reference
 * Node-RED left unresolved because the variable is unset. Empty and unset mean "use the default";
 * anything else that is not a number in range is reported (bilingually, naming the field and the
 * value) so the node can say so in its status and log instead of silently doing nothing.
 */
export interface NumberSettingSpec {
  field: string;
  fallback: number;
  min: number;
  max: number;
  integer?: boolean;
}

export interface NumberSetting {
  value: number;
  /** Where the value came from. */
  from: 'flow' | 'default';
  /** Set when the given value could not be read: what was given and why it was refused. */
  problem?: string;
}

const UNRESOLVED_ENV = /^\$\{[^}]*\}$/;

export function readNumberSetting(raw: unknown, spec: NumberSettingSpec): NumberSetting {
  if (raw === undefined || raw === null) return { value: spec.fallback, from: 'default' };
  const text = String(raw).trim();
  if (text === '' || UNRESOLVED_ENV.test(text)) return { value: spec.fallback, from: 'default' };
  const n = Number(text);
  const ok = Number.isFinite(n) && (!spec.integer || Number.isInteger(n)) && n >= spec.min && n <= spec.max;
  if (ok) return { value: n, from: 'flow' };
  const kind = spec.integer ? 'a whole number' : 'a number';
  return {
    value: spec.fallback,
    from: 'default',
    problem: `${spec.field} "${text}" is not ${kind} from ${spec.min} to ${spec.max}; using ${spec.fallback} (${spec.field}「${text}」不是 ${spec.min} 至 ${spec.max} 的${spec.integer ? '整数' : '数值'}，改用 ${spec.fallback})`,
  };
}

/** The numeric settings of the CaseLink nodes a flow may give as `${ENV}` (checked against the shipped flows in tests). */
export const NODE_NUMBER_SETTINGS = {
  'caselink-track': { scanIntervalMs: { field: 'scanIntervalMs', fallback: 60_000, min: 0, max: 86_400_000, integer: true } },
  'caselink-in': {
    pollIntervalMs: { field: 'pollIntervalMs', fallback: 1000, min: 1, max: 86_400_000 },
    answerTimeoutMs: { field: 'answerTimeoutMs', fallback: 10_000, min: 1, max: 3_600_000 },
    pageSize: { field: 'pageSize', fallback: 50, min: 1, max: 100, integer: true },
  },
  'caselink-deliver': { concurrency: { field: 'concurrency', fallback: 8, min: 1, max: 256, integer: true } },
} as const satisfies Record<string, Record<string, NumberSettingSpec>>;
