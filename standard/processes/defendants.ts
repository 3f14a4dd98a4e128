import type { DefendantJudgment } from '../schema/sentencing';
import { isSuspended, sentenceProbationMonths, sentenceTermMonths } from '../schema/sentencing';
import type { DefendantFacts } from './types';

/** Per-person facts from a judgment's `defendants` (1.1), merged over what the process already knew. */
export function defendantFacts(defendants: readonly DefendantJudgment[], known: Readonly<Record<string, DefendantFacts>> = {}): Record<string, DefendantFacts> {
  const out: Record<string, DefendantFacts> = { ...known };
  for (const defendant of defendants) {
    const sentence = defendant.sentence;
    out[defendant.personId] = {
      ...out[defendant.personId],
      verdict: defendant.verdict,
      ...(sentence && {
        penalty: sentence.principal,
        termMonths: sentenceTermMonths(sentence),
        probationMonths: isSuspended(sentence) ? sentenceProbationMonths(sentence) : undefined,
        termEnd: sentence.termEnd,
      }),
    };
  }
  return out;
}
