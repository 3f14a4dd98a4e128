import { describe, expect, it } from 'vitest';
import { validateMessage } from '../../standard';
import { unifiedFixture } from '../support/fixtures';

const fixture = unifiedFixture('psb-arrest-request.json');

describe('unified message schema (smoke)', () => {
  it('accepts the PSB arrest request mapped by hand', () => {
    const result = validateMessage(fixture);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });
  it('names unknown keys, process mismatch and bad check digits', () => {
    const bad = structuredClone(fixture);
    bad.extra = 1;
    bad.process = 'LEGAL_AID';
    bad.persons[0].idNumber = '440105199001011238';
    const result = validateMessage(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const paths = result.issues.map((i) => i.path);
      expect(paths).toContain('extra');
      expect(paths).toContain('persons[0].idNumber');
    }
  });
});
