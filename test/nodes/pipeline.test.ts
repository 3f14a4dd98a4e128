/**
 * The nodes together under node-red-node-test-helper: caselink in → route → enqueue, and
 * caselink deliver, against a real redis-server and the adapters' legacy simulators.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseFhxx } from '../../adapters/psb/answers';
import { demoCase } from '../../demo/demo-case';
import { hasReceived, pushToPlatform } from '../../demo/demo-driver';
import { quarantineDestination } from '../../ingress/quarantine';
import { PUSH_HUB_MODULES, usePushHub } from '../support/push-hub';
import { collect, nodeRedHelper, waitFor, type FlowNode } from '../support/node-red';

const D = '440105' as const;
const helper = nodeRedHelper();
const hub = usePushHub(D, { aof: true, kinds: ['psb', 'procuratorate', 'court'] });
let prefixCounter = 0;
afterAll(() => helper.close());
afterEach(async () => {
  await helper.unload();
  for (const { simulator } of hub.fleet.list()) {
    simulator.setFault(null);
    simulator.reset();
  }
});

interface FlowOptions {
  redisExtra?: Record<string, unknown>;
  deliver?: boolean;
  routeExtra?: Record<string, unknown>;
}

/** psb and court in → route → enqueue → (catch); deliver to the procuratorate. */
function flow(options: FlowOptions = {}): { nodes: FlowNode[]; credentials: Record<string, Record<string, string>> } {
  const prefix = `t${++prefixCounter}`;
  const nodes: FlowNode[] = [
    { id: 'f1', type: 'tab', label: 'pipeline' },
    hub.redisNode(prefix, options.redisExtra),
    hub.systemNode('psb'),
    hub.systemNode('procuratorate'),
    hub.systemNode('court'),
    { id: 'in-psb', type: 'caselink-in', z: 'f1', x: 0, y: 0, system: 'sys-psb', redis: 'redis', wires: [['route']] },
    { id: 'in-court', type: 'caselink-in', z: 'f1', x: 0, y: 0, system: 'sys-court', redis: 'redis', pollIntervalMs: '50', wires: [['route']] },
    { id: 'route', type: 'caselink-route', z: 'f1', x: 0, y: 0, ...options.routeExtra, wires: [['enqueue']] },
    { id: 'enqueue', type: 'caselink-enqueue', z: 'f1', x: 0, y: 0, redis: 'redis', wires: [['stored']] },
    { id: 'stored', type: 'helper', z: 'f1' },
    { id: 'catch', type: 'catch', z: 'f1', x: 0, y: 0, scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'f1' },
  ];
  if (options.deliver !== false) {
    nodes.push({ id: 'deliver', type: 'caselink-deliver', z: 'f1', x: 0, y: 0, system: 'sys-procuratorate', redis: 'redis', wires: [['outcomes']] });
    nodes.push({ id: 'outcomes', type: 'helper', z: 'f1' });
  }
  const credentials = Object.fromEntries(
    (['psb', 'procuratorate', 'court'] as const).map((kind): [string, Record<string, string>] => {
      const c = hub.fleet.credentials(kind, D);
      return [`sys-${kind}`, kind === 'court' ? { appId: c.appId!, secret: c.secret! } : { token: c.token! }];
    }),
  );
  return { nodes, credentials };
}

async function load(options: FlowOptions = {}): Promise<string> {
  const { nodes, credentials } = flow(options);
  await helper.load(PUSH_HUB_MODULES, nodes, credentials);
  await waitFor(() => helper.getNode('redis').shared.state.state === 'connected');
  return `${await helper.httpNodeUrl()}/caselink/psb/${D}`;
}

const steps = demoCase(D, 1, { idPrefix: 'PIPE' });
const arrestRequest = steps[0]!.message;
const psbCredentials = () => hub.fleet.credentials('psb', D);

describe('caselink in → route → enqueue → deliver', () => {
  it('answers the PSB only after storing, delivers once, and answers a resend as duplicate', async () => {
    const url = await load();
    const stored = collect(helper.getNode('stored'));
    const outcomes = collect(helper.getNode('outcomes'));
    expect(await pushToPlatform(url, 'psb', arrestRequest, psbCredentials())).toMatchObject({ kind: 'accepted' });
    expect(stored).toHaveLength(1);
    expect(stored[0].enqueued).toEqual({ destination: `procuratorate-${D}`, status: 'enqueued' });
    expect(stored[0].route.rule).toBe('receiver');
    const procuratorate = hub.fleet.get('procuratorate', D);
    await waitFor(() => hasReceived(procuratorate, arrestRequest.messageId));
    await waitFor(() => outcomes.length === 1);
    expect(outcomes[0]).toMatchObject({ topic: 'ARREST_REQUEST', outcome: { kind: 'accepted' }, delivery: { attempt: 1, destination: `procuratorate-${D}` } });

    expect(await pushToPlatform(url, 'psb', arrestRequest, psbCredentials())).toMatchObject({ kind: 'duplicate' });
    await new Promise((r) => setTimeout(r, 300));
    expect(procuratorate.received.filter((r) => r.accepted)).toHaveLength(1);
    expect(helper.getNode('deliver').status.lastCall?.args[0]).toBeDefined();
  });

  it('refuses bad input in the PSB format naming the field, and keeps the raw input as a dead letter', async () => {
    const url = await load();
    const bad = structuredClone(arrestRequest);
    bad.messageId = 'PIPE-BAD-1';
    bad.persons[0]!.idNumber = '440105199001011238'; // wrong check digit
    const outcome = await pushToPlatform(url, 'psb', bad as never, psbCredentials());
    expect(outcome).toMatchObject({ kind: 'permanent' });
    expect((outcome as { reason: string }).reason).toMatch(/ZJHM/);
    const config = helper.getNode('redis');
    const forwarder = config.shared.current;
    const destination = quarantineDestination('psb', D);
    await waitFor(async () => (await forwarder.figures(destination)).dead === 1);
    const [letter] = await forwarder.deadLetters.list(destination, {}, { who: 'test', why: 'check quarantine' });
    expect(letter.message.raw).toContain('PIPE-BAD-1');
    expect(letter.message.issues[0].field).toMatch(/ZJHM/);
    expect(letter.reason).toMatch(/quarantined/);
  });

  it('refuses a request without the right token in the PSB format', async () => {
    const url = await load();
    const outcome = await pushToPlatform(url, 'psb', arrestRequest, { token: 'wrong' });
    expect(outcome).toMatchObject({ kind: 'permanent' });
    expect((outcome as { reason: string }).reason).toMatch(/X-JZPT-Token/);
  });

  it('answers busy while Redis is down, accepts once it is back, and reports to Catch nodes', async () => {
    const url = await load({ deliver: false });
    const caught = collect(helper.getNode('caught'));
    await hub.redis.kill9();
    try {
      const outcome = await pushToPlatform(url, 'psb', { ...arrestRequest, messageId: 'PIPE-DOWN-1' }, psbCredentials());
      expect(outcome).toMatchObject({ kind: 'retryable' });
      await waitFor(() => caught.length > 0);
      expect(caught[0].error.message).toMatch(/Redis|unavailable|connect/i);
    } finally {
      await hub.redis.restart();
    }
    await waitFor(
      async () => (await pushToPlatform(url, 'psb', { ...arrestRequest, messageId: 'PIPE-DOWN-1' }, psbCredentials())).kind === 'accepted',
      20_000,
      200,
    );
  });

  it('refuses a file named by URL when no attachment store is configured, never passing the sender’s address on', async () => {
    await load({ deliver: false });
    const caught = collect(helper.getNode('caught'));
    const stored = collect(helper.getNode('stored'));
    const file = { fileName: '讯问录像.mp4', mediaType: 'video/mp4', size: 3, sha256: 'a'.repeat(64), sourceUrl: 'http://127.0.0.1:9/files/v.mp4' };
    const documents = arrestRequest.documents.map((d, i) => (i === 0 ? { ...d, attachments: [file] } : d));
    helper.getNode('enqueue').receive({ payload: { ...arrestRequest, messageId: 'PIPE-URL-1', documents }, destination: `procuratorate-${D}` });
    await waitFor(() => caught.length > 0);
    // The test helper loads no message catalogue: the key stands for the text.
    expect(caught[0].error.message).toMatch(/CASELINK_ATTACHMENT_STORE|by-reference-needs-store/);
    expect(stored).toEqual([]);
  });

  it('answers busy under backpressure (backlog limit)', async () => {
    const url = await load({ deliver: false, redisExtra: { maxBacklog: '1' } });
    expect(await pushToPlatform(url, 'psb', { ...arrestRequest, messageId: 'PIPE-BP-1' }, psbCredentials())).toMatchObject({ kind: 'accepted' });
    const second = await pushToPlatform(url, 'psb', { ...arrestRequest, messageId: 'PIPE-BP-2' }, psbCredentials());
    expect(second).toMatchObject({ kind: 'retryable' });
    const raw = await fetch(url, { method: 'POST' }).then((r) => r.arrayBuffer());
    expect(parseFhxx(Buffer.from(raw))?.fhdm).toBe('1'); // an empty body is bad input, not busy
  });

  it('polls the court outbox, stores in order, acknowledges, and delivers', async () => {
    await load();
    const court = hub.fleet.get('court', D);
    const courtSteps = steps.filter((s) => s.from === 'court' && s.to === 'procuratorate');
    for (const step of courtSteps) court.addToOutbox!(step.message);
    const procuratorate = hub.fleet.get('procuratorate', D);
    await waitFor(() => courtSteps.every((s) => hasReceived(procuratorate, s.message.messageId)), 15_000);
    expect(procuratorate.received.filter((r) => r.accepted).map((r) => r.message?.messageType)).toEqual(courtSteps.map((s) => s.message.messageType));
    await waitFor(() => court.pendingOutbox!().length === 0);
  });

  it('routes by rule and refuses a sender from another district when asked to', async () => {
    const url = await load({ deliver: false, routeExtra: { rejectForeignSender: true } });
    const foreign = structuredClone(steps[3]!.message) as typeof arrestRequest;
    foreign.messageId = 'PIPE-FOREIGN-1';
    foreign.case.crimeDivision = '440111';
    const outcome = await pushToPlatform(url, 'psb', foreign, psbCredentials());
    expect(outcome).toMatchObject({ kind: 'permanent' });
    expect((outcome as { reason: string }).reason).toMatch(/crime division/);
  });

  it('leaves nothing behind: no HTTP endpoint, no Redis connection after close', async () => {
    const url = await load();
    await helper.unload();
    // Only this test's own admin connection is left.
    await waitFor(
      async () =>
        String(await hub.admin.client('LIST'))
          .trim()
          .split('\n').length === 1,
      5000,
    );
    const response = await fetch(url, { method: 'POST', body: 'x' });
    expect(response.status).toBe(404);
  });
});
