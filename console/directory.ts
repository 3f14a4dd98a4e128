/** The console's view of the org directory: divisions, systems (registered adapters) and system instances. */
import type { OrgDirectory } from '../directory/org-directory';
import type { Agency } from '../standard/codes/agencies';

type Names = { 'zh-CN': string; 'en-US': string };

/** What the console needs of one registered adapter. */
export interface SystemListing {
  kind: string;
  names: Names;
  agencies: readonly Agency[];
}

export interface DirectoryView {
  divisions: Array<{ code: string; name: Names; level: string; parent?: string }>;
  systems: Array<{ kind: string; name: Names; agencies: string[] }>;
  instances: Array<{ id: string; kind: string; division: string; configured: boolean; serves: string[] }>;
  units: Array<{ orgCode: string; agency: string; division: string; name: Names }>;
}

/** `configured` absent: nothing known about deployed config nodes, every instance counts as not configured. */
export function directoryView(directory: OrgDirectory, systems: readonly SystemListing[], configured?: ReadonlySet<string>): DirectoryView {
  return {
    divisions: directory.divisions().map((d) => ({ code: d.code, name: { ...d.name }, level: d.level, ...(d.parent ? { parent: d.parent } : {}) })),
    systems: systems.map((s) => ({ kind: s.kind, name: { ...s.names }, agencies: [...s.agencies] })),
    instances: directory
      .instances()
      .map((i) => ({ id: i.id, kind: i.kind, division: i.division, configured: configured?.has(i.id) ?? false, serves: [...i.serves] })),
    units: directory.units().map((u) => ({ orgCode: u.orgCode, agency: u.agency, division: u.division, name: { ...u.name } })),
  };
}
