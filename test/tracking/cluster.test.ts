/**
 * Case tracking on a 3-master Redis Cluster: every script stays in one slot, and `recover()` finds
 * the outboxes a crash left on every master (SCAN alone sees one node).
 */
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CN_CALENDAR_2022_2026 } from '../../standard';
import { Tracker } from '../../tracking';
import { bj, bjMs, CaseMessages } from '../support/messages';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster';
import { observeAll, TestClock } from './helpers';

let cluster: RedisCluster;
const clients: Cluster[] = [];
beforeAll(async () => {
  cluster = await startRedisCluster(3);
}, 90_000);
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await cluster?.stop();
});

function connect(): Cluster {
  const client = new Cluster(cluster.nodes, { enableAutoPipelining: true });
  clients.push(client);
  return client;
}

function newTracker(redis: Cluster, prefix: string, clock: TestClock): Tracker {
  return new Tracker({ redis, prefix, calendar: SAMPLE_CN_CALENDAR_2022_2026, now: clock.now });
}

/** Outbox keys of `prefix` on each master, by port. */
async function outboxesPerMaster(client: Cluster, prefix: string): Promise<number[]> {
  if (client.status !== 'ready') await client.ping();
  return Promise.all(
    client.nodes('master').map(async (node) => {
      let cursor = '0';
      let count = 0;
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:{case:*}:outbox`, 'COUNT', 1000);
        count += keys.length;
        cursor = next;
      } while (cursor !== '0');
      return count;
    }),
  );
}

describe('tracking on a Redis Cluster', () => {
  it('recover() runs the follow-up work a crash left on every master', async () => {
    const prefix = 'tcluster';
    const clock = new TestClock(bjMs('2022-12-05T08:00'));
    const tracker = newTracker(connect(), prefix, clock);
    const cases = Array.from({ length: 24 }, (_, i) => new CaseMessages({ caseUid: `GZ-440105-2022-${String(i + 1).padStart(6, '0')}`, custody: 'DETAINED' }));
    for (const c of cases) await observeAll(tracker, clock, [c.msg('ARREST_REQUEST', bj('2022-12-05T09:00'), {})]);

    // The process dies right after committing each acceptance: no follow-up operation runs.
    const store = (tracker as unknown as { store: { applyOp: () => Promise<unknown> } }).store;
    store.applyOp = () => Promise.reject(new Error('process killed'));
    for (const c of cases) await expect(observeAll(tracker, clock, [c.msg('ACCEPTANCE_ACK', bj('2022-12-05T10:00'), {})])).rejects.toThrow('process killed');

    const observer = connect();
    const left = await outboxesPerMaster(observer, prefix);
    expect(left).toHaveLength(3);
    // The 24 case slots spread over all three masters: a single-node SCAN would miss some.
    expect(left.every((n) => n > 0)).toBe(true);
    expect(left.reduce((a, b) => a + b, 0)).toBe(cases.length);

    // A restarted process: its first command is recover(), on a cluster client not yet ready.
    const restarted = newTracker(connect(), prefix, clock);
    const recovered = await restarted.recover();
    expect(recovered).toBeGreaterThanOrEqual(cases.length);
    expect(await outboxesPerMaster(observer, prefix)).toEqual([0, 0, 0]);

    // C2 (7 days in custody, accepted 12-05 10:00) is yellow on 12-11: every case is indexed now.
    clock.set(bjMs('2022-12-11T00:00'));
    const alerts = await restarted.scanDeadlines();
    expect(alerts.map((a) => `${a.clock}:${a.level}`)).toEqual(cases.map(() => 'C2:yellow'));
    expect(new Set(alerts.map((a) => a.caseUid)).size).toBe(cases.length);
    expect(await restarted.recover()).toBe(0);
    expect(await tracker.scanDeadlines()).toEqual([]);
  }, 60_000);
});
