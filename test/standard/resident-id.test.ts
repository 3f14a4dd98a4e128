import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResidentId, residentIdCheckCharacter, validateMessage } from '../../standard';
import { unifiedFixture } from '../support/fixtures';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '0123456789X';

const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''));
const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** 17 digits whose birth-date part is a real date, with what they encode. */
const first17 = fc.record({ division: digits(6), birth: birthDate, sequence: digits(3) }).map(({ division, birth, sequence }) => ({
  digits: `${division}${birth.replace(/-/g, '')}${sequence}`,
  division,
  birth,
  gender: Number(sequence) % 2 === 1 ? '1' : '2',
}));

const fixture = unifiedFixture('psb-arrest-request.json');

function withPerson(person: Record<string, unknown>) {
  const message = structuredClone(fixture);
  message.persons[0] = { ...message.persons[0], ...person };
  return message;
}

describe('身份证号 check character (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('knows the published vectors', () => {
    expect(parseResidentId('11010519491231002X')).toEqual({ ok: true, facts: { divisionCode: '110105', birthDate: '1949-12-31', gender: '2' } });
    expect(parseResidentId('440105199001011239')).toEqual({ ok: true, facts: { divisionCode: '440105', birthDate: '1990-01-01', gender: '1' } });
    expect(parseResidentId('440111198506150077')).toEqual({ ok: true, facts: { divisionCode: '440111', birthDate: '1985-06-15', gender: '1' } });
    for (const id of ['11010519491231002X', '440105199001011239', '440111198506150077']) {
      expect(residentIdCheckCharacter(id.slice(0, 17))).toBe(id[17]);
    }
  });

  it('satisfies (Σ dᵢwᵢ + check) mod 11 = 1 for any 17 digits', () => {
    fc.assert(
      fc.property(digits(17), (d) => {
        const sum = [...d].reduce((acc, ch, i) => acc + Number(ch) * WEIGHTS[i]!, 0);
        const check = residentIdCheckCharacter(d);
        expect((sum + CHECK_CHARS.indexOf(check)) % 11).toBe(1);
      }),
    );
  });

  it('accepts 17 digits with a real birth date plus the computed check character, and reads birth date and gender back', () => {
    fc.assert(
      fc.property(first17, ({ digits: d, division, birth, gender }) => {
        const result = parseResidentId(d + residentIdCheckCharacter(d));
        expect(result).toEqual({ ok: true, facts: { divisionCode: division, birthDate: birth, gender } });
      }),
    );
  });

  it('refuses any other check character', () => {
    fc.assert(
      fc.property(first17, fc.constantFrom(...CHECK_CHARS), ({ digits: d }, check) => {
        fc.pre(check !== residentIdCheckCharacter(d));
        const result = parseResidentId(d + check);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.reason).toBe(`check character should be ${residentIdCheckCharacter(d)}`);
          expect(result.reasonZh).toBe(`校验码应为${residentIdCheckCharacter(d)}`);
        }
      }),
    );
  });

  it('refuses wrong shapes and impossible birth dates, whatever the check character', () => {
    for (const bad of ['', '44010519900101123', '4401051990010112399', '44010519900101123x', '4401051990O1011239', ' 440105199001011239']) {
      expect(parseResidentId(bad).ok, bad).toBe(false);
    }
    for (const date of ['19900230', '19901301', '19900100', '17991231']) {
      const d = `440105${date}123`;
      const result = parseResidentId(d + residentIdCheckCharacter(d));
      expect(result.ok, date).toBe(false);
      if (!result.ok) expect(result.reasonZh).toBe('第7-14位不是有效的出生日期');
    }
  });
});

describe('a person with a RESIDENT_ID', () => {
  it('validates when birth date and gender agree with the number', () => {
    fc.assert(
      fc.property(first17, ({ digits: d, birth, gender }) => {
        const result = validateMessage(withPerson({ idNumber: d + residentIdCheckCharacter(d), birthDate: birth, gender }));
        expect(result.ok ? [] : result.issues).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('is an error at idNumber when the gender disagrees', () => {
    fc.assert(
      fc.property(first17, ({ digits: d, birth, gender }) => {
        const other = gender === '1' ? '2' : '1';
        const result = validateMessage(withPerson({ idNumber: d + residentIdCheckCharacter(d), birthDate: birth, gender: other }));
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.issues).toEqual([
            {
              path: 'persons[0].idNumber',
              value: d + residentIdCheckCharacter(d),
              reason: `encodes gender ${gender}, not ${other} (身份证号中的性别为${gender}，与${other}不符)`,
            },
          ]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('is an error at idNumber when the birth date disagrees; unknown gender codes are not compared', () => {
    const bad = validateMessage(withPerson({ birthDate: '1990-01-02' }));
    expect(bad.ok ? [] : bad.issues.map((i) => [i.path, i.reason])).toEqual([
      ['persons[0].idNumber', 'encodes birth date 1990-01-01, not 1990-01-02 (身份证号中的出生日期为1990-01-01，与1990-01-02不符)'],
    ]);
    expect(validateMessage(withPerson({ gender: '9' })).ok).toBe(true);
    expect(validateMessage(withPerson({ gender: '0' })).ok).toBe(true);
  });

  it('names a bad check digit; a passport number is not checked', () => {
    const bad = validateMessage(withPerson({ idNumber: '440105199001011238' }));
    expect(bad.ok ? [] : bad.issues).toEqual([
      { path: 'persons[0].idNumber', value: '440105199001011238', reason: 'check character should be 9 (校验码应为9)' },
    ]);
    expect(validateMessage(withPerson({ idType: 'PASSPORT', idNumber: 'E12345678' })).ok).toBe(true);
  });
});
