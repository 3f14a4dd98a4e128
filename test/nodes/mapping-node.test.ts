/**
 * The caselink-mapping config node in a real Node-RED runtime: a good system document is
 * registered as an adapter at deploy, a bad one is refused whole with its entries and reasons; the
 * editor's preview goes through the admin API and answers the unified message or field-level errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startNodeRed, type NodeRedProcess } from '../support/node-red';

const ROOT = repoRoot();
const documentText = readFileSync(join(ROOT, 'adapters/declarative/systems/procuratorate.json'), 'utf8');
const sample = readFileSync(join(ROOT, 'adapters/procuratorate/fixtures/valid/TQPZDB.json'), 'utf8');
const broken = JSON.parse(documentText);
broken.kind = 'broken-system';
broken.lists[0].fields[2].transforms = [{ table: 'no-such-table' }];
broken.envelope.time.format = 'DD.MM.YYYY';

let nodeRed: NodeRedProcess;
beforeAll(async () => {
  nodeRed = await startNodeRed({
    flows: [
      { id: 'map1', type: 'caselink-mapping', name: 'TYYW declarative', document: documentText },
      { id: 'map2', type: 'caselink-mapping', name: 'broken', document: JSON.stringify(broken) },
    ],
  });
}, 60_000);
afterAll(async () => {
  await nodeRed?.stop();
});

const preview = async (body: unknown) => {
  const response = await fetch(`${nodeRed.url}/caselink/mapping/preview`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as any;
};

describe('caselink-mapping in Node-RED', { timeout: 60_000 }, () => {
  it('registers a good document at deploy and refuses a bad one whole, naming entries and reasons', async () => {
    await nodeRed.waitForLog(/declarative adapter procuratorate-declarative 1\.0\.0 registered|已注册声明式适配器 procuratorate-declarative/, 10_000, true);
    await nodeRed.waitForLog(/envelope\.time\.format/, 10_000, true);
    expect(nodeRed.logs()).not.toMatch(/broken-system [\d.]+ registered|已注册声明式适配器 broken-system/);
  });

  it('previews legacy → unified through the admin API', async () => {
    const answer = await preview({ document: documentText, direction: 'in', sample });
    expect(answer).toMatchObject({ ok: true, direction: 'in', messages: [{ messageType: 'ARREST_REQUEST', persons: [{ name: '张三' }] }] });
  });

  it('previews unified → legacy', async () => {
    const message = (await preview({ document: documentText, direction: 'in', sample })).messages[0];
    const answer = await preview({ document: documentText, direction: 'out', sample: JSON.stringify(message) });
    expect(answer).toMatchObject({ ok: true, direction: 'out', contentType: 'application/json; charset=utf-8' });
    expect(JSON.parse(answer.legacy).head.msgType).toBe('TQPZDB');
  });

  it('answers field-level errors for a bad sample, and every problem of a bad document', async () => {
    const bad = await preview({ document: documentText, direction: 'in', sample: sample.replace('"xbmc": "男"', '"xbmc": "X"') });
    expect(bad).toMatchObject({ ok: false, stage: 'sample', issues: [{ field: 'body.xyr[0].xbmc', value: 'X' }] });
    const refused = await preview({ document: broken, direction: 'in', sample });
    expect(refused.ok).toBe(false);
    expect(refused.stage).toBe('document');
    expect(refused.problems.map((p: { entry: string }) => p.entry)).toContain('envelope.time.format');
  });
});
