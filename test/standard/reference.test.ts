import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AGENCY_IDS,
  DIVISION_CODES,
  ETHNICITIES,
  ETHNICITY_CODES,
  ID_TYPE_IDS,
  CUSTODY_MEASURE_IDS,
  MESSAGE_TYPE_IDS,
  MESSAGE_TYPES,
  orgCodeOf,
  PROCESS_IDS,
} from '../../standard';
import { standardReference } from '../../standard/reference';

const DOC = new URL('../../docs/standard.md', import.meta.url);

describe('docs/standard.md', () => {
  const generated = standardReference();

  it('is exactly what standard/reference.ts generates (run `node scripts/build.js && node scripts/gen-docs.js` after changing the standard)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(generated);
  });

  it('is deterministic', () => {
    expect(standardReference()).toBe(generated);
  });

  it('covers the envelope, the parts, every payload and every code table', () => {
    for (const heading of ['Envelope', 'CaseInfo', 'Person', 'Document', 'Attachment', 'Org', 'Lawyer', 'PleaAffidavit', 'SentencingRecommendation']) {
      expect(generated).toContain(heading);
    }
    for (const type of MESSAGE_TYPE_IDS) {
      expect(generated).toContain(`\`${type}\` ${MESSAGE_TYPES[type].zh}`);
    }
    for (const code of ETHNICITY_CODES) expect(generated).toContain(`| \`${code}\` | ${ETHNICITIES[code]} |`);
    for (const id of [...AGENCY_IDS, ...PROCESS_IDS, ...ID_TYPE_IDS, ...CUSTODY_MEASURE_IDS, ...DIVISION_CODES]) expect(generated).toContain(`\`${id}\``);
    for (const division of DIVISION_CODES) expect(generated).toContain(`\`${orgCodeOf('COURT', division)}\``);
    expect(generated).toContain('| `440116` | `440112` 黄埔区 |');
    expect(generated).toMatch(/\| `persons` \| array of \[Person\]\(#def-person\) \| yes \| 当事人 \|/);
  });

  it('has an anchor for every internal link', () => {
    const anchors = new Set([...generated.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    const links = [...generated.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(30);
    for (const link of links) expect(anchors, link).toContain(link);
  });
});
