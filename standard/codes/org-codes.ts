import { AGENCIES, type Agency } from './agencies';
import { canonicalDivision, type Division } from './divisions';

/** Platform org code: 6-digit division + 2-digit agency type + 0000 (legacy/README.md). */
export const ORG_CODE_PATTERN = /^(\d{6})(0[1-6])0000$/;

export interface OrgRef {
  agency: Agency;
  division: Division;
  orgCode: string;
}

const AGENCY_BY_ORG_TYPE = new Map<string, Agency>(
  (Object.keys(AGENCIES) as Agency[]).flatMap((agency) => {
    const type = AGENCIES[agency].orgType;
    return type === null ? [] : [[type, agency] as [string, Agency]];
  }),
);

/** Parses a 12-digit platform org code (a former division read as the current one); undefined when malformed. */
export function parseOrgCode(orgCode: string): OrgRef | undefined {
  const match = ORG_CODE_PATTERN.exec(orgCode);
  if (!match) return undefined;
  const division = canonicalDivision(match[1]!);
  const agency = AGENCY_BY_ORG_TYPE.get(match[2]!);
  if (!division || !agency) return undefined;
  return { agency, division, orgCode: `${division}${match[2]}0000` };
}

/** The org code of an agency in a pilot division; undefined for agencies without a district code (PRISON). */
export function orgCodeOf(agency: Agency, division: Division): string | undefined {
  const type = AGENCIES[agency].orgType;
  return type === null ? undefined : `${division}${type}0000`;
}
