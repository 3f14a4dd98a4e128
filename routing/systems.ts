import type { Agency } from '../standard/codes/agencies';
import type { Division } from '../standard/codes/divisions';
import { orgCodeOf } from '../standard/codes/org-codes';
import type { OrgDirectory } from '../directory/org-directory';

/** The delivery destination of one system instance, e.g. `court-440105` (the directory's instance id). */
export function systemDestination(kind: string, division: Division): string {
  return `${kind}-${division}`;
}

/** The platform org code of an adapter's own agency in a division, e.g. [PSB, …] + 440105 → 440105010000. */
export function defaultOrgCode(agencies: readonly [Agency, ...Agency[]], division: Division): string {
  return orgCodeOf(agencies[0], division)!;
}

/** Every destination the directory lists (one per system instance). */
export function directoryDestinations(directory: OrgDirectory): string[] {
  return directory.instances().map((instance) => instance.id);
}
