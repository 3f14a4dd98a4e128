/**
 * The shipped settings/settings.js outside demo mode, in a real Node-RED: it refuses to start
 * without a login, a credential secret and an integrity key, naming each; with them it requires a
 * login for the admin API, serves only the CaseLink ingress paths, and stores messages sealed and
 * encrypted at rest (CASELINK_AT_REST_KEY) while delivering them as usual.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationKeys } from '../../core/keys';
import { demoCase } from '../../demo/demo-case';
import { hasReceived } from '../../demo/demo-driver';
import { startSimulatorFleet, type SimulatorFleet } from '../../demo/simulator-fleet';
import type { Division } from '../../standard/codes/divisions';
import { startNodeRed, waitFor, type NodeRedProcess } from '../support/node-red';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { districtFlow } from '../support/platform';
import { encoded, pushRaw } from './support';

const D: Division = '440105';
// bcrypt of "password" (the example in node-red's settings.js)
const HASH = '$2a$08$zZWtXTja0fB1pzD4sHCMyOCMYz2Z6dNbM6tl8sJogENOMcxWV9DN.';
let redis: RedisServer;
let admin: Redis;
let fleet: SimulatorFleet;
let nodeRed: NodeRedProcess | undefined;

beforeAll(async () => {
  redis = await startRedisServer({ aof: true });
  admin = new Redis(redis.url);
  admin.on('error', () => undefined);
  fleet = await startSimulatorFleet({ only: (['psb', 'procuratorate', 'court', 'justice'] as const).map((kind) => [kind, D]) });
});

afterAll(async () => {
  await nodeRed?.stop();
  await fleet?.close();
  admin?.disconnect();
  await redis?.stop();
});

describe('the shipped settings outside demo mode', { timeout: 60_000 }, () => {
  it('refuses to start without login, credential secret and integrity key, naming each', async () => {
    const userDir = mkdtempSync(join(tmpdir(), 'caselink-prod-'));
    try {
      const started = startNodeRed({ flows: [], userDir, env: { CASELINK_DEMO: '0', CASELINK_CREDENTIAL_SECRET: '' }, startTimeoutMs: 20_000 });
      const error = await started.then(
        (process) => {
          void process.stop();
          return new Error('started');
        },
        (err: Error) => err,
      );
      expect(error.message).toMatch(/exited/);
      for (const name of ['CASELINK_ADMIN_USER', 'CASELINK_CREDENTIAL_SECRET', 'CASELINK_INTEGRITY_KEY']) expect(error.message).toContain(name);
    } finally {
      rmSync(userDir, { recursive: true, force: true });
    }
  });

  it('with them: the admin API needs a login, only ingress paths are served, stored messages are sealed and encrypted', async () => {
    nodeRed = await startNodeRed({
      flows: districtFlow(D),
      env: {
        ...fleet.env(),
        REDIS_URL: redis.url,
        CASELINK_POLL_MS: '100',
        CASELINK_RETRY_INITIAL_MS: '200',
        CASELINK_RETRY_MAX_MS: '500',
        CASELINK_DEMO: '0',
        CASELINK_ADMIN_USER: 'admin',
        CASELINK_ADMIN_PASSWORD_HASH: HASH,
        CASELINK_CREDENTIAL_SECRET: 'a-credential-secret-of-more-than-32-characters',
        CASELINK_INTEGRITY_KEY: `k1:${randomBytes(32).toString('base64')}`,
        CASELINK_AT_REST_KEY: `r1:${randomBytes(32).toString('base64')}`,
      },
    });
    expect(nodeRed.logs()).toMatch(/sealed with the key from CASELINK_INTEGRITY_KEY and encrypted at rest/);
    expect((await fetch(`${nodeRed.url}/admin/flows`)).status).toBe(401);
    expect((await fetch(`${nodeRed.url}/flows`)).status).toBe(404);
    expect((await fetch(`${nodeRed.url}/caselink/console/`)).status).toBe(404);

    const message = demoCase(D, 51, { idPrefix: 'SEC-P' })[0]!.message;
    const procuratorate = fleet.get('procuratorate', D);
    const keys = destinationKeys('cl', `procuratorate-${D}`);
    procuratorate.setFault({ fault: { kind: 'http', status: 503 } });
    try {
      const { body, headers } = encoded('psb', message, fleet.credentials('psb', D));
      expect((await pushRaw(`${nodeRed.url}/caselink/psb/${D}`, 'psb', body, headers)).outcome.kind).toBe('accepted');
      // Retrying: the payload waits in Redis — sealed, encrypted, nothing readable.
      const stored = await waitFor(() => admin.hget(keys.msgs, `p${message.messageId}`), 10_000);
      expect(JSON.parse(stored).sealed).toMatch(/^clenc1\.r1\./);
      expect(stored).not.toContain(message.persons[0]!.name);
      expect(stored).not.toContain(message.persons[0]!.idNumber!);
    } finally {
      procuratorate.setFault(null);
    }
    await waitFor(() => hasReceived(procuratorate, message.messageId), 20_000);
    const received = procuratorate.received.find((r) => r.accepted && r.message?.messageId === message.messageId)!;
    expect(received.message!.persons[0]!.idNumber).toBe(message.persons[0]!.idNumber);
  });
});
