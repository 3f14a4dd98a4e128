/**
 * The legacy sentence forms (court `<Sentence principal months probationMonths fineYuan>`, justice
 * `detail.sentence`) hold a principal penalty, a term and a probation in whole months and a fine.
 * This is what they can hold of a standard 1.1 sentence; anything else is a mapping problem naming
 * the field, never dropped in silence.
 */
import { ACCESSORY_PENALTY_INFO } from '../../standard/codes/penalties';
import type { PrincipalPenalty, Sentence, Term } from '../../standard/schema/sentencing';
import type { MappingIssue } from './issues';

export interface LegacySentence {
  principal: PrincipalPenalty;
  months?: number;
  probationMonths?: number;
  fineYuan?: number;
}

function wholeMonths(term: Term | undefined, legacy: number | undefined, field: string, problems: MappingIssue[], system: string): number | undefined {
  if (term === undefined) return legacy;
  if ((term.days ?? 0) > 0) {
    problems.push({ field, value: term, reason: `${system} holds terms in whole months, not days (该系统刑期只能以月计)` });
    return undefined;
  }
  return (term.years ?? 0) * 12 + (term.months ?? 0);
}

export function legacySentence(sentence: Sentence, field: string, problems: MappingIssue[], system: string): LegacySentence {
  const fines = (sentence.accessories ?? []).filter((a) => a.kind === 'FINE');
  let fineYuan = sentence.fineYuan;
  fines.forEach((fine) => {
    if (fine.amountYuan === undefined)
      problems.push({ field: `${field}.accessories`, value: fine, reason: `${system} needs the fine's amount (罚金须有数额)` });
    else if (fineYuan !== undefined && fineYuan !== fine.amountYuan)
      problems.push({ field: `${field}.accessories`, value: fine, reason: `${system} holds one fine amount (只能表示一个罚金数额)` });
    else fineYuan = fine.amountYuan;
  });
  (sentence.accessories ?? []).forEach((accessory, i) => {
    if (accessory.kind === 'FINE') return;
    const label = ACCESSORY_PENALTY_INFO[accessory.kind];
    problems.push({
      field: `${field}.accessories[${i}]`,
      value: accessory,
      reason: `${system} has no field for the accessory penalty ${label.en} (该系统无${label.zh}字段)`,
    });
  });
  if (sentence.noCommutationOrParole) {
    problems.push({ field: `${field}.noCommutationOrParole`, value: true, reason: `${system} has no field for 终身监禁 (该系统无终身监禁字段)` });
  }
  return {
    principal: sentence.principal,
    months: wholeMonths(sentence.term, sentence.termMonths, `${field}.term`, problems, system),
    probationMonths: wholeMonths(sentence.probation, sentence.probationMonths, `${field}.probation`, problems, system),
    fineYuan,
  };
}
