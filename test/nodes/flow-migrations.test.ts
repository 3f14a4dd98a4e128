import { describe, expect, it } from 'vitest';
import { migrateFlows } from '../../nodes/lib/flow-migrations';

describe('flow migrations', () => {
  it("drops the route node's inert rejectForeignSender and leaves everything else", () => {
    const saved = [
      { id: 'r1', type: 'caselink-route', name: 'route', overrides: '', rejectForeignSender: true },
      { id: 'r2', type: 'caselink-route', name: 'already current', overrides: '' },
      { id: 'x', type: 'function', rejectForeignSender: true },
    ];
    const { flows, changes } = migrateFlows(saved);
    expect(flows).toEqual([
      { id: 'r1', type: 'caselink-route', name: 'route', overrides: '' },
      { id: 'r2', type: 'caselink-route', name: 'already current', overrides: '' },
      { id: 'x', type: 'function', rejectForeignSender: true },
    ]);
    expect(changes).toEqual([{ migration: 'caselink-route: rejectForeignSender removed', nodes: ['r1'] }]);
    expect(saved[0]).toHaveProperty('rejectForeignSender', true);
    expect(migrateFlows(flows).changes).toEqual([]);
  });

  it('leaves what is not a flow array alone', () => {
    expect(migrateFlows({ not: 'flows' })).toEqual({ flows: { not: 'flows' }, changes: [] });
  });
});
