/**
 * A fifth system onboarded as data alone, end to end through the real runtime: the provincial
 * prison administration's system (docs/systems/prison-yzgl.md) described by
 * adapters/declarative/systems/prison-yzgl/system.json, loaded by a caselink-mapping config node
 * in a real Node-RED with a real redis-server. The prison pushes an execution receipt (GBK JSON,
 * its own unit codes); the platform answers in the prison's format, routes it by the org directory
 * and delivers it to the court's simulator once — the second push is a duplicate, a bad body is
 * rejected with its reasons, a wrong token refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../adapters/simulator-types';
import { PRISON_ORG_CODE } from '../support/directory-additions';
import { repoRoot, waitFor, type NodeRedProcess } from '../support/node-red';
import { prisonToCourtFlow, startPrisonRuntime, type PrisonRuntime } from '../support/prison-flow';

const ROOT = repoRoot();
const SYSTEM_DIR = join(ROOT, 'adapters/declarative/systems/prison-yzgl');
const documentText = readFileSync(join(SYSTEM_DIR, 'system.json'), 'utf8');
const fixture = (name: string) => readFileSync(join(SYSTEM_DIR, 'fixtures', name));
const COURT_CREDENTIALS = { appId: 'GZ-PLATFORM', secret: 'court-e2e-secret' };
const PRISON_TOKEN = 'prison-e2e-token';

let runtime: PrisonRuntime;
let courtSim: Simulator;
let nodeRed: NodeRedProcess;

const flows = prisonToCourtFlow({ id: 'prison', kind: 'prison-yzgl', document: documentText });

beforeAll(async () => {
  runtime = await startPrisonRuntime({
    kind: 'prison-yzgl',
    flows,
    court: COURT_CREDENTIALS,
    prisonEnv: { CASELINK_PRISON_YZGL_440000_URL: 'http://127.0.0.1:9', CASELINK_PRISON_YZGL_440000_TOKEN: PRISON_TOKEN },
  });
  ({ courtSim, nodeRed } = runtime);
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

async function push(body: Buffer, token = PRISON_TOKEN): Promise<{ status: number; answer: Record<string, unknown> }> {
  const response = await fetch(`${nodeRed.url}/caselink/prison-yzgl/440000`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=GBK', 'X-YZGL-Token': token },
    body,
  });
  const text = iconv.decode(Buffer.from(await response.arrayBuffer()), 'utf-8');
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`HTTP ${response.status}, not a prison answer: ${text.slice(0, 200)}\n--- Node-RED ---\n${nodeRed.logs().slice(-4000)}`);
  }
  return { status: response.status, answer };
}

describe('the prison system, onboarded as data, through the real runtime', { timeout: 90_000 }, () => {
  it('an execution receipt pushed by the prison is answered in its format, routed and delivered to the court once; a repeat is a duplicate', async () => {
    // Until the runtime's Redis connection is up the platform answers busy (9999, Retry-After), as a sender expects.
    const first = await waitFor(
      async () => {
        const answer = await push(fixture('valid/ZXHZ-execution-receipt.gbk.json'));
        return answer.status === 503 && answer.answer.fhdm === '9999' ? undefined : answer;
      },
      30_000,
      250,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- Node-RED ---\n${nodeRed.logs().slice(-4000)}`);
    });
    expect(first, `${JSON.stringify(first)}\n${nodeRed.logs().slice(-3000)}`).toMatchObject({ status: 200, answer: { fhdm: '0000' } });
    // Stored, tracked by the ledger, routed by the org directory to court-440111 and delivered there.
    const delivered = await waitFor(() => courtSim.received.find((r) => r.legacyId === 'YZGL-GDJY001-20230203-000002'), 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- Node-RED ---\n${nodeRed.logs().slice(-4000)}`);
    });
    expect(delivered.body).toContain('type="ZXHZ"');
    expect(delivered.body).toContain(`org="${PRISON_ORG_CODE}"`);
    expect(delivered.body).toContain('李明');
    // The court's built-in format carries the prison's unified social credit code (standard 1.1 unit codes).
    expect(delivered.accepted).toBe(true);

    const again = await push(fixture('valid/ZXHZ-execution-receipt.gbk.json'));
    expect(again).toMatchObject({ status: 200, answer: { fhdm: '0002' } });
    await new Promise((r) => setTimeout(r, 1000));
    expect(courtSim.received.filter((r) => r.legacyId === 'YZGL-GDJY001-20230203-000002')).toHaveLength(1);
  });

  it('a bad body is answered in the prison format with the field and reason; a wrong token is refused', async () => {
    const bad = await push(fixture('malformed/unknown-penalty.gbk.json'));
    expect(bad.answer.fhdm).toBe('1001');
    expect(String(bad.answer.fhxx)).toMatch(/neirong\.xfzl/);
    const refused = await push(fixture('valid/ZXHZ-execution-receipt.gbk.json'), 'wrong');
    expect(refused.status).toBe(401);
    expect(refused.answer.fhdm).toBe('1003');
  });
});
