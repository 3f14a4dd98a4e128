/**
 * Every `${ENV}` property of the shipped flows is read the same way: unset (Node-RED leaves the
 * reference in place) means the documented default; a value that cannot be read is reported,
 * bilingually, naming the field and the value — never NaN, never a node silently doing nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_NUMBER_SETTINGS, readNumberSetting } from '../../nodes/lib/number-setting';
import { toForwarderOptions } from '../../nodes/lib/redis-settings';
import { resolveSystemInstance } from '../../nodes/lib/system-instance';
import { repoRoot } from '../support/node-red';

interface FlowNode {
  id: string;
  type: string;
  [key: string]: unknown;
}

const FLOWS = join(repoRoot(), 'flows');
const envProperties = readdirSync(FLOWS)
  .filter((name) => name.endsWith('.json'))
  .flatMap((name) =>
    (JSON.parse(readFileSync(join(FLOWS, name), 'utf8')) as FlowNode[]).flatMap((node) =>
      Object.entries(node)
        .filter(([, value]) => typeof value === 'string' && /^\$\{[^}]+\}$/.test(value))
        .map(([property, value]) => ({ flow: name, node, property, value: value as string })),
    ),
  );

describe('${ENV} properties of the shipped flows', () => {
  it('are found (the hub scans deadlines from ${CASELINK_DEADLINE_SCAN_MS})', () => {
    expect(envProperties.some((p) => p.node.type === 'caselink-track' && p.property === 'scanIntervalMs' && p.value === '${CASELINK_DEADLINE_SCAN_MS}')).toBe(
      true,
    );
  });

  it.each(envProperties.map((p) => [`${p.flow} ${p.node.type}.${p.property} = ${p.value}`, p] as const))(
    '%s: unset means the default, garbage is reported',
    (_title, p) => {
      const numbers = (NODE_NUMBER_SETTINGS as Record<string, Record<string, Parameters<typeof readNumberSetting>[1]>>)[p.node.type]?.[p.property];
      if (numbers) {
        const unset = readNumberSetting(p.value, numbers);
        expect(unset).toEqual({ value: numbers.fallback, from: 'default' });
        const bad = readNumberSetting('ten', numbers);
        expect(bad.value).toBe(numbers.fallback);
        expect(bad.problem).toMatch(new RegExp(`^${p.property} "ten" .*（.*）|^${p.property} "ten" .*\\(.*[\\u4e00-\\u9fff].*\\)`));
        return;
      }
      if (p.node.type === 'caselink-redis') {
        const base = { ...p.node, url: 'redis://127.0.0.1:6390' } as Parameters<typeof toForwarderOptions>[0];
        expect(toForwarderOptions(base, {}).ok, 'unset → defaults').toBe(true);
        const bad = toForwarderOptions({ ...base, [p.property]: 'ten' }, {});
        expect(bad.ok).toBe(false);
        if (!bad.ok) expect(bad.errors.join(' ')).toContain(`${p.property} "ten"`);
        return;
      }
      if (p.node.type === 'caselink-system') {
        // A system without its division or kind cannot work: it says which value it could not use.
        const result = resolveSystemInstance(
          { kind: 'psb', division: '440105', ...(p.node as object), [p.property]: p.value } as Parameters<typeof resolveSystemInstance>[0],
          {},
        );
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors.join(' ')).toContain(p.value);
        return;
      }
      throw new Error(`${p.node.type}.${p.property} is not read by any known setting reader`);
    },
  );
});
