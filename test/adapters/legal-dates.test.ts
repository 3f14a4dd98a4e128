/**
 * The legal dates the legacy samples carry reach the clocks through every built-in adapter: decision
 * dates (JDRQ / jd.jdrq), execution dates (ZXRQ), document issue dates (KJRQ / kjrq / issued /
 * issued_at) of the documents dated on the act, and custody dates (QZCSRQ / qzcsrq / since).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinAdapter } from '../../adapters/builtins';
import { legalDateOf } from '../../standard';

const sample = (name: string) => readFileSync(new URL(`../fixtures/legacy-samples/${name}`, import.meta.url));
const decoded = (kind: 'psb' | 'procuratorate' | 'court' | 'justice', name: string) => {
  const result = builtinAdapter(kind).codec.decode(sample(name)) as { messages: Array<{ message: Parameters<typeof legalDateOf>[0] }> };
  return result.messages.map((m) => m.message);
};

describe('legal dates from the legacy samples', () => {
  it('procuratorate: the decision date of 批准逮捕决定书 (jd.jdrq)', () => {
    const [approval] = decoded('procuratorate', 'procuratorate-arrest-approval.json');
    expect(legalDateOf(approval!)).toEqual({ at: '2022-12-09', source: 'payload.decisionDate', estimated: false });
  });

  it('court: the acceptance date is the issue date of 受理案件通知书 (Document/@issued)', () => {
    const [accepted] = decoded('court', 'court-fetch-outbox-response.soap.xml');
    expect(accepted!.messageType).toBe('CASE_ACCEPTED');
    expect(legalDateOf(accepted!)).toEqual({ at: '2022-12-26', source: 'documents[CASE_ACCEPTED].issuedAt', estimated: false });
  });

  it("PSB: an arrest request starts C1 from the suspect's detention date (QZCSRQ)", () => {
    const [request] = decoded('psb', 'psb-arrest-request.gbk.xml');
    const detained = request!.persons.find((p) => p.custody?.measure === 'DETAINED');
    expect(detained?.custody?.since).toMatch(/^2022-12-\d{2}$/);
    // The request itself is the act (its send time is its date, not an estimate).
    expect(legalDateOf(request!).estimated).toBe(false);
  });

  it('justice: a lawyer assignment is dated when the centre sent it (created_at)', () => {
    const [assignment] = decoded('justice', 'justice-outbox-page.json');
    expect(legalDateOf(assignment!)).toMatchObject({ source: 'sentAt', estimated: false });
  });
});
