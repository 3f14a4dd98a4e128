import { z } from 'zod';
import { issuesFromZod, type FieldIssue } from '../validate';
import type { ReviewTrack } from '../processes/types';
import { addDays, addMonths } from './calendar-date';
import { addDurations, describeDuration, DurationSchema, type Duration } from './duration';
import { CLOCK_DEFINITIONS, CLOCK_IDS, type ClockId } from './definitions';
import { computeDeadline, DEFAULT_COUNTING_POLICY, type CountingPolicy, type Deadline } from './deadline';
import type { HolidayCalendar } from './holiday-calendar';
import { DEFAULT_WARNING_POLICY, type WarningPolicy } from './warning';

/**
 * Every clock's numbers, by variant. These are the defaults from domain.md §3; a deployment
 * overrides any of them (all ○ limits must stay configurable) through `resolveClockConfig`.
 */
export const DEFAULT_CLOCK_LIMITS = {
  C1: { base: { days: 3 }, extension: { days: 4 }, seriousOffender: { days: 30 } },
  C2: { inCustody: { days: 7 }, notInCustody: { days: 15 }, complexNotInCustody: { days: 20 } },
  C3a: { base: { days: 5 } },
  C3b: { base: { days: 7 } },
  C3c: { base: { days: 5 } },
  C3d: { base: { days: 15 } },
  C4: { base: { months: 2 }, extension: { months: 1 }, complexExtension: { months: 2 }, heavySentenceExtension: { months: 2 } },
  C5: { normal: { months: 1 }, normalExtension: { days: 15 }, fast: { days: 10 }, fastOverOneYear: { days: 15 } },
  C6: { base: { months: 1 } },
  C7: { base: { days: 3 } },
  C8: { base: { days: 7 } },
  C8s: { base: { days: 3 } },
  C9: { base: { days: 10 }, overOneYear: { days: 15 } },
  C10: { base: { days: 20 }, overThreeYears: { months: 1, days: 15 } },
  C11: { base: { months: 2 }, extension: { months: 1 }, higherCourtExtension: { months: 3 } },
  C12: { base: { days: 5 } },
  C13: { base: { days: 10 }, ruling: { days: 5 } },
  C14a: { base: { days: 3 } },
  C14b: { base: { days: 3 } },
  C14c: { base: { hours: 24 } },
  C14d1: { base: { days: 7 } },
  C14d2: { base: { days: 3 } },
  C14e: { base: { days: 5 } },
  C15: { base: { days: 10 } },
  C16: { base: { months: 1 } },
  C17a: { base: { days: 5 } },
  C17b: { base: { days: 10 } },
  C17c: { base: { days: 10 } },
  C18: { base: { days: 3 } },
  C19: { base: { months: 2 }, extension: { months: 2 } },
  C20: { base: { months: 1 } },
} as const satisfies { readonly [K in ClockId]: Readonly<Record<string, Duration>> };

export type ClockLimits = { [K in ClockId]: { [V in keyof (typeof DEFAULT_CLOCK_LIMITS)[K]]: Duration } };

/** Case facts that pick a limit variant. Unknown facts choose the stricter (shorter) limit. */
export interface ClockFacts {
  inCustody?: boolean;
  /** C2: major or complex case (重大、复杂). */
  complex?: boolean;
  /** C1: roving, repeat or gang offender (流窜、多次、结伙作案). */
  seriousOffender?: boolean;
  /** C1: the request states the period was extended by 1 to 4 days (CPL 91 special circumstances). */
  requestPeriodExtended?: boolean;
  /** C5: review track. */
  track?: ReviewTrack;
  /** C5, C9, C10: likely sentence in months (e.g. the recommendation's upper end). */
  likelySentenceMonths?: number;
  /** C1, C4, C5, C9, C10, C11, C19: extensions granted so far (recorded decisions, never inferred). */
  extensions?: number;
  /** C13: the decision appealed is a ruling (裁定, 5 days) rather than a judgment (判决, 10 days) — CPL 230. */
  ruling?: boolean;
}

export interface SelectedLimit {
  clock: ClockId;
  variant: string;
  limit: Duration;
  /** Further extensions the statute allows beyond `limit`. */
  extensionsLeft: number;
  text: { en: string; zh: string };
}

type Selection = { variant: string; limit: Duration; extensionsLeft: number };

const plain = (limit: Duration): Selection => ({ variant: 'base', limit, extensionsLeft: 0 });

/** One small rule per clock with variants; every other clock has a single `base` limit. */
function select(clock: ClockId, limits: ClockLimits, facts: ClockFacts): Selection {
  const extensions = facts.extensions ?? 0;
  switch (clock) {
    case 'C1': {
      const l = limits.C1;
      if (facts.seriousOffender) return { variant: 'seriousOffender', limit: l.seriousOffender, extensionsLeft: 0 };
      return extensions > 0 || facts.requestPeriodExtended
        ? { variant: 'extension', limit: addDurations(l.base, l.extension), extensionsLeft: 0 }
        : { variant: 'base', limit: l.base, extensionsLeft: 1 };
    }
    case 'C2': {
      const l = limits.C2;
      if (facts.inCustody !== false) return { variant: 'inCustody', limit: l.inCustody, extensionsLeft: 0 };
      return facts.complex
        ? { variant: 'complexNotInCustody', limit: l.complexNotInCustody, extensionsLeft: 0 }
        : { variant: 'notInCustody', limit: l.notInCustody, extensionsLeft: 0 };
    }
    case 'C4': {
      // CPL 156 (+1 month), then 158 (+2 months), then 159 (+2 months): each a recorded decision.
      const l = limits.C4;
      if (extensions >= 3)
        return {
          variant: 'heavySentenceExtension',
          limit: addDurations(addDurations(addDurations(l.base, l.extension), l.complexExtension), l.heavySentenceExtension),
          extensionsLeft: 0,
        };
      if (extensions === 2)
        return { variant: 'complexExtension', limit: addDurations(addDurations(l.base, l.extension), l.complexExtension), extensionsLeft: 1 };
      return extensions > 0
        ? { variant: 'extension', limit: addDurations(l.base, l.extension), extensionsLeft: 2 }
        : { variant: 'base', limit: l.base, extensionsLeft: 3 };
    }
    case 'C5': {
      // CPL 172: fast track 10 days; "may" be extended to 15 (likely sentence over a year) only by a decision.
      const l = limits.C5;
      if (facts.track === 'FAST')
        return extensions > 0
          ? { variant: 'fastOverOneYear', limit: l.fastOverOneYear, extensionsLeft: 0 }
          : { variant: 'fast', limit: l.fast, extensionsLeft: 1 };
      return extensions > 0
        ? { variant: 'normalExtension', limit: addDurations(l.normal, l.normalExtension), extensionsLeft: 0 }
        : { variant: 'normal', limit: l.normal, extensionsLeft: 1 };
    }
    case 'C9':
      return extensions > 0
        ? { variant: 'overOneYear', limit: limits.C9.overOneYear, extensionsLeft: 0 }
        : { variant: 'base', limit: limits.C9.base, extensionsLeft: 1 };
    case 'C10':
      return extensions > 0
        ? { variant: 'overThreeYears', limit: limits.C10.overThreeYears, extensionsLeft: 0 }
        : { variant: 'base', limit: limits.C10.base, extensionsLeft: 1 };
    case 'C13':
      return facts.ruling ? { variant: 'ruling', limit: limits.C13.ruling, extensionsLeft: 0 } : plain(limits.C13.base);
    case 'C11': {
      const l = limits.C11;
      if (extensions >= 2)
        return { variant: 'higherCourtExtension', limit: addDurations(addDurations(l.base, l.extension), l.higherCourtExtension), extensionsLeft: 0 };
      if (extensions === 1) return { variant: 'extension', limit: addDurations(l.base, l.extension), extensionsLeft: 1 };
      return { variant: 'base', limit: l.base, extensionsLeft: 2 };
    }
    case 'C19': {
      // Further extensions go to the Supreme People's Court (CPL 243): not counted here, the deployment records them.
      const l = limits.C19;
      return extensions >= 1
        ? { variant: 'extension', limit: addDurations(l.base, l.extension), extensionsLeft: 0 }
        : { variant: 'base', limit: l.base, extensionsLeft: 1 };
    }
    default:
      return plain((limits[clock] as { base: Duration }).base);
  }
}

export function selectLimit(clock: ClockId, facts: ClockFacts = {}, limits: ClockLimits = DEFAULT_CLOCK_LIMITS): SelectedLimit {
  const chosen = select(clock, limits, facts);
  return { clock, ...chosen, text: describeDuration(chosen.limit) };
}

export interface ClockConfig {
  limits: ClockLimits;
  counting: CountingPolicy;
  warning: WarningPolicy;
}

export const DEFAULT_CLOCK_CONFIG: Readonly<ClockConfig> = Object.freeze({
  limits: DEFAULT_CLOCK_LIMITS,
  counting: DEFAULT_COUNTING_POLICY,
  warning: DEFAULT_WARNING_POLICY,
});

const limitOverridesSchema = z.strictObject(
  Object.fromEntries(
    CLOCK_IDS.map((id) => [
      id,
      z.strictObject(Object.fromEntries(Object.keys(DEFAULT_CLOCK_LIMITS[id]).map((variant) => [variant, DurationSchema.optional()]))).optional(),
    ]),
  ),
);

const fraction = z.number().min(0).max(1);
const days = z.number().nonnegative();

/** Overrides as configuration gives them (JSON): any subset of limits and policies. */
export const ClockConfigOverridesSchema = z.strictObject({
  limits: limitOverridesSchema.optional(),
  counting: z
    .strictObject({
      monthEnd: z.enum(['CLAMP', 'END_TO_END']).optional(),
      shiftNonWorkingLastDay: z.boolean().optional(),
      shiftWhileInCustody: z.boolean().optional(),
    })
    .optional(),
  warning: z.strictObject({ yellowFractionLeft: fraction.optional(), yellowDaysLeft: days.optional(), redDaysLeft: days.optional() }).optional(),
});

export type ClockConfigOverrides = z.input<typeof ClockConfigOverridesSchema>;

/** Defaults merged with validated overrides; bad overrides are named field by field, bilingually. */
export function resolveClockConfig(overrides: unknown = {}): { ok: true; config: ClockConfig } | { ok: false; issues: FieldIssue[] } {
  const parsed = ClockConfigOverridesSchema.safeParse(overrides);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error, overrides) };
  const given = parsed.data;
  const limits = Object.fromEntries(
    CLOCK_IDS.map((id) => [id, { ...DEFAULT_CLOCK_LIMITS[id], ...definedEntries((given.limits?.[id] ?? {}) as Record<string, Duration | undefined>) }]),
  ) as ClockLimits;
  return {
    ok: true,
    config: {
      limits,
      counting: { ...DEFAULT_COUNTING_POLICY, ...definedEntries(given.counting ?? {}) },
      warning: { ...DEFAULT_WARNING_POLICY, ...definedEntries(given.warning ?? {}) },
    },
  };
}

function definedEntries<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Deadline of one clock started at `start`: picks the limit variant and the custody rule, then counts (CPL 105). */
export function clockDeadline(
  clock: ClockId,
  input: { start: string; facts?: ClockFacts; calendar: HolidayCalendar; config?: ClockConfig },
): Deadline & { clock: ClockId; variant: string } {
  const config = input.config ?? DEFAULT_CLOCK_CONFIG;
  const facts = input.facts ?? {};
  // The limit's wording (selectLimit's `text`) is not needed here: deadlines are computed per message.
  const selected = select(clock, config.limits, facts);
  const custody = CLOCK_DEFINITIONS[clock].custody;
  const inCustody = custody === 'HELD' ? true : custody === 'FREE' ? false : facts.inCustody !== false;
  const deadline = computeDeadline({ start: input.start, limit: selected.limit, inCustody, calendar: input.calendar, policy: config.counting });
  return { ...deadline, clock, variant: selected.variant };
}

/** A configured limit longer than the statute's (a ✔ clock): it is flagged, never silently applied. */
export interface LimitBeyondStatute {
  clock: ClockId;
  variant: string;
  configured: Duration;
  statutory: Duration;
  /** English and Chinese. */
  reason: string;
}

const PROBE_STARTS = ['2023-01-31', '2024-01-31', '2024-02-29', '2024-06-15'];

/** The configured limit ends later than the statutory one from some start (last days compared, no holiday shift). */
function longer(limit: Duration, law: Duration): boolean {
  if (limit.hours !== undefined || law.hours !== undefined) return (limit.hours ?? 0) > (law.hours ?? 0) || ((limit.days ?? 0) > 0 && law.hours !== undefined);
  const last = (start: string, d: Duration) => addDays(addMonths(start, d.months ?? 0), d.days ?? 0);
  return PROBE_STARTS.some((start) => last(start, limit) > last(start, law));
}

/** Every limit of a statute-verified clock that the configuration makes longer than the statute allows. */
export function limitsBeyondStatute(limits: ClockLimits): LimitBeyondStatute[] {
  const found: LimitBeyondStatute[] = [];
  for (const clock of CLOCK_IDS) {
    if (!CLOCK_DEFINITIONS[clock].verified) continue;
    const statutory = DEFAULT_CLOCK_LIMITS[clock] as Readonly<Record<string, Duration>>;
    const configured = limits[clock] as Readonly<Record<string, Duration>>;
    for (const [variant, limit] of Object.entries(configured)) {
      const law = statutory[variant];
      if (!law || !longer(limit, law)) continue;
      found.push({
        clock,
        variant,
        configured: limit,
        statutory: law,
        reason: `${clock} ${variant}: ${describeDuration(limit).en} configured, the statute allows ${describeDuration(law).en} (${CLOCK_DEFINITIONS[clock].basis.ref}) (配置的期限超过法定期限)`,
      });
    }
  }
  return found;
}
