import type { Agency } from '../codes/agencies';
import { addMonths } from '../clocks/calendar-date';
import type { ExecutionBranch, ProcessAttributes } from './types';

/** A fixed-term prisoner with more than this much left goes to prison (CPL 264 ✔). */
export const PRISON_THRESHOLD_MONTHS = 3;

const BRANCH_OF_EXECUTOR: Partial<Record<Agency, ExecutionBranch>> = {
  PRISON: 'PRISON',
  COMMUNITY_CORRECTIONS: 'COMMUNITY_CORRECTIONS',
  COURT: 'FINE',
  DETENTION_CENTER: 'DETENTION_CENTER',
  PSB: 'DETENTION_CENTER',
};

/** A receipt from the prison or the PSB tells the branch; one from the detention centre does not (it also holds prison-bound prisoners). */
const BRANCH_OF_RECEIPT_SENDER: Partial<Record<Agency, ExecutionBranch>> = { PRISON: 'PRISON', PSB: 'DETENTION_CENTER' };

/**
 * Where the sentence is carried out (domain.md §2 P6 executor table), judged on `asOf`
 * (`YYYY-MM-DD`): a custodial term already served means release; an executor named in the
 * execution notice wins; then the penalty decides; last, who sent the receipt. 拘役 (executed by
 * the PSB) is tracked as EXECUTING_IN_DC. Undefined when the facts do not tell.
 */
export function executionBranch(facts: ProcessAttributes, asOf: string, receiptFrom?: Agency): ExecutionBranch | undefined {
  const decided = byFacts(facts, asOf);
  return decided ?? (receiptFrom ? BRANCH_OF_RECEIPT_SENDER[receiptFrom] : undefined);
}

function byFacts(facts: ProcessAttributes, asOf: string): ExecutionBranch | undefined {
  const custodial = facts.penalty === 'FIXED_TERM' || facts.penalty === 'SHORT_DETENTION';
  const suspended = (facts.probationMonths ?? 0) > 0;
  if (custodial && !suspended && facts.termEnd !== undefined && facts.termEnd <= asOf) return 'RELEASE';
  const named = facts.executor ? BRANCH_OF_EXECUTOR[facts.executor] : undefined;
  if (named) return named;
  switch (facts.penalty) {
    case 'EXEMPTED':
      return 'RELEASE';
    case 'FINE_ONLY':
      return 'FINE';
    case 'SURVEILLANCE':
      return 'COMMUNITY_CORRECTIONS';
    case 'SHORT_DETENTION':
      return suspended ? 'COMMUNITY_CORRECTIONS' : 'DETENTION_CENTER';
    // Standard 1.1. Life imprisonment and a death sentence with reprieve are served in prison (CPL 264).
    // Immediate execution of a death sentence is carried out by the court of first instance on the
    // order of the Supreme People's Court (CPL 261–263), outside this hand-over: no branch. An
    // accessory penalty alone is executed by the court (fine, confiscation: CPL 271, 272) or the PSB
    // (deprivation of political rights, deportation: CPL 270): the execution notice names which.
    case 'LIFE_IMPRISONMENT':
    case 'DEATH_WITH_REPRIEVE':
      return 'PRISON';
    case 'FIXED_TERM':
      if (suspended) return 'COMMUNITY_CORRECTIONS';
      if (facts.termEnd === undefined) return undefined;
      return facts.termEnd > addMonths(asOf, PRISON_THRESHOLD_MONTHS) ? 'PRISON' : 'DETENTION_CENTER';
    default:
      return undefined;
  }
}

/** Where each defendant's sentence is carried out (standard 1.1 `defendants`), judged on `asOf`. */
export function defendantBranches(facts: ProcessAttributes, asOf: string): Record<string, ExecutionBranch | undefined> {
  const out: Record<string, ExecutionBranch | undefined> = {};
  for (const [personId, person] of Object.entries(facts.defendants ?? {})) {
    out[personId] =
      person.verdict === 'ACQUITTED'
        ? 'RELEASE'
        : byFacts({ penalty: person.penalty, termMonths: person.termMonths, probationMonths: person.probationMonths, termEnd: person.termEnd }, asOf);
  }
  return out;
}
