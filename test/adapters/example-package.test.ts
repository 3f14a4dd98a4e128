/** The example adapter package against the contract: registered like a built-in, fixtures decoded or refused through the platform's guard. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAdapterRegistry } from '../../adapters/builtins';
import type { AdapterDefinition } from '../../adapters/contract';
import { repoRoot, rootRequire } from '../support/node-red';

const dir = join(repoRoot(), 'packages', 'caselink-adapter-example');
const { adapter } = rootRequire()(dir) as { adapter: AdapterDefinition };

describe('the example adapter package', () => {
  const registry = createAdapterRegistry();
  const registered = registry.registerNew([adapter]).length === 0 ? registry.require('prison-mis') : undefined;

  it('passes the contract check and is registered beside the built-ins', () => {
    expect(registered).toBeDefined();
    expect(registry.kindsServing('PRISON')).toEqual(['prison-mis']);
  });

  it('decodes every valid fixture to a standard message and refuses every malformed one, naming the field', () => {
    const fixtures = adapter.fixtures!.directory;
    for (const file of readdirSync(join(fixtures, 'valid'))) {
      const result = registered!.codec.decode(readFileSync(join(fixtures, 'valid', file)));
      expect(result.rejected, file).toEqual([]);
      expect(result.messages, file).toHaveLength(1);
    }
    const reasons: Record<string, RegExp> = { 'bad-receiver.json': /receiver\.orgCode/, 'missing-id.json': /xxbh/, 'not-json.json': /\(body\)/ };
    for (const file of readdirSync(join(fixtures, 'malformed'))) {
      const result = registered!.codec.decode(readFileSync(join(fixtures, 'malformed', file)));
      expect(result.messages, file).toEqual([]);
      expect(result.rejected[0]!.issues.map((i) => i.field).join(' '), file).toMatch(reasons[file]!);
    }
  });

  it('encodes for delivery in its own format with its token', () => {
    const valid = JSON.parse(readFileSync(join(adapter.fixtures!.directory, 'valid', 'admission-notice.json'), 'utf8'));
    const request = registered!.codec.encode(valid.bw, { credentials: { token: 't' } });
    expect(request).toMatchObject({ method: 'POST', path: '/jygl/receive', headers: { 'X-JYGL-Token': 't' } });
    expect(JSON.parse(request.body.toString('utf8'))).toEqual(valid);
  });
});
