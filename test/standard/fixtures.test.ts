import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateMessage } from '../../standard';

const FIXTURES = new URL('../fixtures/unified/', import.meta.url);
const SAMPLES = fileURLToPath(new URL('../fixtures/legacy-samples', import.meta.url));
const load = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

const EXPECTED = {
  'psb-arrest-request.json': ['JZPT4401050100002022120500017', 'ARREST_REQUEST', 'ARREST_REVIEW'],
  'procuratorate-arrest-approval.json': ['TYYW-440105020000-20221209-000031', 'ARREST_APPROVAL', 'ARREST_REVIEW'],
  'court-receive-indictment.json': ['TYYW-440105020000-20221223-000102', 'INDICTMENT', 'PUBLIC_PROSECUTION'],
  'court-fetch-outbox-case-accepted.json': ['SPLC-440105030000-20221226-000088', 'CASE_ACCEPTED', 'PUBLIC_PROSECUTION'],
  'justice-lawyer-assignment.json': ['SFXZ-440105040000-20221207-000012', 'LAWYER_ASSIGNMENT', 'LEGAL_AID'],
} as const;

/** Epoch milliseconds as Beijing time with its offset. */
function beijing(epochMs: number): string {
  return `${new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

describe('unified fixtures of the five legacy samples', () => {
  it('are all there, and nothing else', () => {
    expect(
      readdirSync(FIXTURES)
        .filter((name) => name.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s validates unchanged', (name, [messageId, messageType, process]) => {
    const fixture = load(name);
    const result = validateMessage(fixture);
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (result.ok) expect(result.message).toEqual(fixture);
    expect([fixture.messageId, fixture.messageType, fixture.process]).toEqual([messageId, messageType, process]);
  });

  it('are explained in the README', () => {
    const readme = readFileSync(new URL('README.md', FIXTURES), 'utf8');
    for (const name of Object.keys(EXPECTED)) expect(readme).toContain(name.replace('.json', ''));
  });

  it('tell one consistent case', () => {
    const all = Object.keys(EXPECTED).map(load);
    const [psb, approval, indictment, accepted, lawyer] = all;
    for (const message of all.slice(1)) expect(message.caseUid).toBe('GZ-440105-2022-000001');
    expect(psb.caseUid).toBeUndefined();
    expect(approval.inReplyTo).toBe(psb.messageId);
    expect(accepted.inReplyTo).toBe(indictment.messageId);
    for (const message of all) {
      expect(message.persons.map((p: { idNumber: string }) => p.idNumber)).toEqual(['440105199001011239']);
      expect(message.case.name).toBe('张三盗窃案');
      expect(message.case.charge).toEqual({ code: 'THEFT' });
    }
    expect(psb.localCaseNumbers).toEqual([{ system: 'PSB', number: 'A4401050100002022120001' }]);
    expect(accepted.localCaseNumbers).toEqual([
      { system: 'COURT', number: '(2022)粤0105刑初123号' },
      { system: 'PROCURATORATE', number: '穗海检刑诉受〔2022〕440105000057号' },
    ]);
    expect(accepted.documents[0].docNo).toBe('(2022)粤0105刑初123号');
    expect(lawyer.localCaseNumbers).toEqual(approval.localCaseNumbers);
    expect(indictment.documents.map((d: { docType: string }) => d.docType)).toEqual(['INDICTMENT', 'SENTENCING_RECOMMENDATION', 'PLEA_AFFIDAVIT']);
  });

  it.skipIf(!existsSync(SAMPLES))('carry the legacy values converted by the rules (money in yuan, Beijing time)', () => {
    const procuratorate = JSON.parse(readFileSync(`${SAMPLES}/procuratorate-arrest-approval.json`, 'utf8'));
    const approval = load('procuratorate-arrest-approval.json');
    expect(approval.case.amountYuan).toBe(procuratorate.body.sajeFen / 100);
    expect(approval.sentAt).toBe(`${procuratorate.head.sendTime.replace(' ', 'T')}+08:00`);
    expect(approval.payload.decisionDate).toBe(procuratorate.body.jd.jdrq);
    expect(procuratorate.body.jd.ly).toBe('');
    expect(approval.payload.reason).toBeUndefined();

    const page = JSON.parse(readFileSync(`${SAMPLES}/justice-outbox-page.json`, 'utf8'));
    const item = page.items[0];
    const lawyer = load('justice-lawyer-assignment.json');
    expect(lawyer.sentAt).toBe(beijing(item.created_at));
    expect(lawyer.documents[0].issuedAt).toBe(beijing(item.documents[0].issued_at));
    expect(lawyer.payload.lawyer).toEqual({
      name: item.detail.lawyer.name,
      licenceNo: item.detail.lawyer.license_no,
      firm: item.detail.lawyer.firm,
      phone: item.detail.lawyer.phone,
    });

    const outbox = readFileSync(`${SAMPLES}/court-fetch-outbox-response.soap.xml`, 'utf8');
    expect(outbox).toContain('ah="（2022）粤0105刑初123号"');
    expect(outbox).toContain('procedure="SC"');
  });
});
