/**
 * Migrations of saved flows to the current node definitions, applied by `npm start` to the flow
 * file it runs (the editor drops unknown properties itself on the next deploy). Each one says what
 * it removed, so the start-up log can name it.
 */
type FlowNode = Record<string, unknown> & { id?: string; type?: string };

export interface FlowMigration {
  id: string;
  /** Changes `node` in place; true when it changed anything. */
  apply(node: FlowNode): boolean;
}

export const FLOW_MIGRATIONS: readonly FlowMigration[] = [
  {
    // The route node's "refuse a foreign sender" checkbox did nothing: route control applies the
    // district rule always (security/routes.ts). The property is dropped from saved flows.
    id: 'caselink-route: rejectForeignSender removed',
    apply(node) {
      if (node.type !== 'caselink-route' || !('rejectForeignSender' in node)) return false;
      delete node.rejectForeignSender;
      return true;
    },
  },
];

/** Migrates a parsed flow file; returns the migrated copy and what changed (node id per migration). */
export function migrateFlows(flows: unknown): { flows: unknown; changes: Array<{ migration: string; nodes: string[] }> } {
  if (!Array.isArray(flows)) return { flows, changes: [] };
  const copy = structuredClone(flows) as FlowNode[];
  const changes = FLOW_MIGRATIONS.map((migration) => ({
    migration: migration.id,
    nodes: copy.filter((node) => node !== null && typeof node === 'object' && migration.apply(node)).map((node) => String(node.id ?? '?')),
  })).filter((change) => change.nodes.length > 0);
  return { flows: copy, changes };
}
