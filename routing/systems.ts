import type { Agency } from '../standard/codes/agencies';
import { DIVISION_CODES, type Division } from '../standard/codes/divisions';
import { orgCodeOf } from '../standard/codes/org-codes';
import type { SystemKind } from '../adapters/types';

/**
 * Which legacy system serves which agency (legacy/README.md): the detention centre is served by
 * the PSB system, legal aid and community corrections by the justice system. PRISON has no
 * system in the pilot (it is reached through the provincial gateway).
 */
export const SYSTEM_OF_AGENCY: Readonly<Record<Agency, SystemKind | undefined>> = {
  PSB: 'psb',
  DETENTION_CENTER: 'psb',
  PROCURATORATE: 'procuratorate',
  COURT: 'court',
  LEGAL_AID_CENTER: 'justice',
  COMMUNITY_CORRECTIONS: 'justice',
  PRISON: undefined,
};

/** The agencies one system instance serves; the first is the system's own agency. */
export const AGENCIES_OF_SYSTEM: Readonly<Record<SystemKind, readonly [Agency, ...Agency[]]>> = {
  psb: ['PSB', 'DETENTION_CENTER'],
  procuratorate: ['PROCURATORATE'],
  court: ['COURT'],
  justice: ['LEGAL_AID_CENTER', 'COMMUNITY_CORRECTIONS'],
};

/** The delivery destination of one system instance, e.g. `court-440105`. */
export function systemDestination(kind: SystemKind, division: Division): string {
  return `${kind}-${division}`;
}

/** The platform org code of a system instance's own agency, e.g. psb + 440105 → 440105010000. */
export function defaultOrgCode(agencies: readonly [Agency, ...Agency[]], division: Division): string {
  return orgCodeOf(agencies[0], division)!;
}

/** Every org code one system instance answers for. */
export function servedOrgCodes(kind: SystemKind, division: Division): string[] {
  return AGENCIES_OF_SYSTEM[kind].map((agency) => orgCodeOf(agency, division)!);
}

/** All sixteen pilot destinations (four systems × four districts). */
export function pilotDestinations(): string[] {
  return DIVISION_CODES.flatMap((division) =>
    (Object.keys(AGENCIES_OF_SYSTEM) as SystemKind[]).map((kind) => systemDestination(kind, division)),
  );
}
