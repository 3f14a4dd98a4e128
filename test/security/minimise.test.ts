import { describe, expect, it } from 'vitest';
import { MINIMISATION, minimiseFor } from '../../security/routes';
import { AGENCY_IDS } from '../../standard/codes/agencies';
import { validateMessage } from '../../standard';
import { richJudgment } from './helpers';

describe('field minimisation per receiver', () => {
  it('keeps every minimised message valid against the standard, for every receiver', () => {
    for (const agency of AGENCY_IDS) {
      const source = richJudgment('PROCURATORATE');
      expect(validateMessage(source).ok).toBe(true);
      const result = validateMessage(minimiseFor(agency, source));
      expect(result.ok ? [] : result.issues, agency).toEqual([]);
    }
  });

  it("drops victims' identity for the legal aid centre but keeps the suspect it must help", () => {
    const source = richJudgment('LEGAL_AID_CENTER');
    const out = minimiseFor('LEGAL_AID_CENTER', source);
    const victims = out.persons.filter((p) => p.role === 'VICTIM');
    expect(victims.map((v) => v.name)).toEqual(['李四', '王五']);
    for (const victim of victims) expect(victim).toEqual({ role: 'VICTIM', name: victim.name });
    expect(out.persons[0]).toEqual(source.persons[0]);
    expect(JSON.stringify(out)).not.toContain('440111198506150077');
    expect(source.persons[1]!.idNumber).toBe('440111198506150077'); // input untouched
  });

  it('gives the detention centre and the prison no facts and no victims', () => {
    for (const agency of ['DETENTION_CENTER', 'PRISON'] as const) {
      const out = minimiseFor(agency, richJudgment(agency));
      expect(out.case.facts).toBeUndefined();
      expect(out.persons.map((p) => p.role)).toEqual(['DEFENDANT']);
      expect(out.payload).toEqual(richJudgment(agency).payload);
    }
  });

  it('leaves the case agencies everything, and the table only names optional fields', () => {
    const source = richJudgment('COURT');
    // Nothing to leave out: the message itself, not a copy.
    for (const agency of ['PSB', 'PROCURATORATE', 'COURT'] as const) expect(minimiseFor(agency, source)).toBe(source);
    for (const rule of Object.values(MINIMISATION)) {
      for (const fields of Object.values(rule.personFields ?? {})) expect(fields).not.toContain('name');
    }
  });
});
