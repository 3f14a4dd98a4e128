import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CASE_UID_PATTERN,
  COURT_CASE_NUMBER_PATTERN,
  formatCaseUid,
  formatCourtCaseNumber,
  normalizeBrackets,
  parseCaseUid,
  parseCourtCaseNumber,
  validateMessage,
} from '../../standard';
import { unifiedFixture } from '../support/fixtures';

const parts = fc.record({
  year: fc.integer({ min: 1990, max: 2099 }),
  courtCode: fc.oneof(
    fc.integer({ min: 0, max: 99 }).map((n) => `粤${String(n).padStart(2, '0')}`),
    fc.integer({ min: 0, max: 9999 }).map((n) => `粤${String(n).padStart(4, '0')}`),
  ),
  typeCode: fc.constantFrom('刑', '刑初', '刑终', '刑更', '刑再'),
  sequence: fc.integer({ min: 1, max: 999_999 }),
});
const brackets = fc.constantFrom(['(', ')'], ['（', '）'], ['（', ')'], ['(', '）']);

const spelled = (p: { year: number; courtCode: string; typeCode: string; sequence: number }, [open, close]: readonly [string, string]) =>
  `${open}${p.year}${close}${p.courtCode}${p.typeCode}${p.sequence}号`;

const fixture = unifiedFixture('psb-arrest-request.json');

describe('court 案号', () => {
  it('round-trips format → parse', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const text = formatCourtCaseNumber(p);
        expect(parseCourtCaseNumber(text)).toEqual({ ...p, normalized: text });
      }),
    );
  });

  it('normalises every full-width / half-width spelling to the same half-width number', () => {
    fc.assert(
      fc.property(parts, brackets, brackets, (p, a, b) => {
        const first = parseCourtCaseNumber(spelled(p, a));
        const second = parseCourtCaseNumber(spelled(p, b));
        expect(first?.normalized).toBe(formatCourtCaseNumber(p));
        expect(second?.normalized).toBe(first?.normalized);
        expect(normalizeBrackets(spelled(p, a))).toBe(formatCourtCaseNumber(p));
        expect(parseCourtCaseNumber(first!.normalized)?.normalized).toBe(first!.normalized);
      }),
    );
  });

  it('reads the sample and refuses what is not a 案号', () => {
    expect(parseCourtCaseNumber('（2022）粤0105刑初123号')).toEqual({
      normalized: '(2022)粤0105刑初123号',
      year: 2022,
      courtCode: '粤0105',
      typeCode: '刑初',
      sequence: 123,
    });
    expect(parseCourtCaseNumber(' (2022)粤0105刑初123号 ')?.normalized).toBe('(2022)粤0105刑初123号');
    for (const bad of [
      '2022粤0105刑初123号',
      '(2022)京0105刑初123号',
      '(2022)粤0105民初123号',
      '(2022)粤0105刑初123',
      '(22)粤0105刑初123号',
      '穗海检刑诉受〔2022〕440105000057号',
    ]) {
      expect(parseCourtCaseNumber(bad), bad).toBeUndefined();
      expect(COURT_CASE_NUMBER_PATTERN.test(bad)).toBe(false);
    }
  });

  it('must be half-width in a COURT local case number', () => {
    const message = structuredClone(fixture);
    message.localCaseNumbers.push({ system: 'COURT', number: '（2022）粤0105刑初123号' });
    const fullWidth = validateMessage(message);
    expect(fullWidth.ok ? [] : fullWidth.issues.map((i) => [i.path, i.reason])).toEqual([
      ['localCaseNumbers[1].number', 'must use half-width brackets () (应使用半角括号)'],
    ]);
    message.localCaseNumbers[1].number = '(2022)粤0105刑初123号';
    expect(validateMessage(message).ok).toBe(true);
    message.localCaseNumbers[1].number = 'A4401050100002022120001';
    const wrong = validateMessage(message);
    expect(wrong.ok ? [] : wrong.issues.map((i) => i.path)).toEqual(['localCaseNumbers[1].number']);
  });
});

describe('caseUid GZ-{division}-{yyyy}-{seq6}', () => {
  const uidParts = fc.record({
    division: fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0')),
    year: fc.integer({ min: 1000, max: 9999 }),
    sequence: fc.integer({ min: 0, max: 999_999 }),
  });

  it('round-trips format → parse and is accepted by the schema', () => {
    fc.assert(
      fc.property(uidParts, ({ division, year, sequence }) => {
        const uid = formatCaseUid(division, year, sequence);
        expect(uid).toMatch(CASE_UID_PATTERN);
        expect(parseCaseUid(uid)).toEqual({ division, year, sequence });
      }),
    );
    expect(formatCaseUid('440105', 2022, 1)).toBe('GZ-440105-2022-000001');
    expect(validateMessage({ ...fixture, caseUid: 'GZ-440105-2022-000001' }).ok).toBe(true);
  });

  it('refuses other shapes, naming caseUid', () => {
    for (const bad of [
      'GZ-440105-2022-1',
      'gz-440105-2022-000001',
      'GZ-44010-2022-000001',
      'GZ-440105-22-000001',
      'SZ-440105-2022-000001',
      'GZ-440105-2022-0000001',
    ]) {
      expect(parseCaseUid(bad), bad).toBeUndefined();
      const result = validateMessage({ ...fixture, caseUid: bad });
      expect(result.ok ? [] : result.issues).toEqual([
        { path: 'caseUid', value: bad, reason: 'must look like GZ-440105-2022-000001 (应形如 GZ-440105-2022-000001)' },
      ]);
    }
  });
});
