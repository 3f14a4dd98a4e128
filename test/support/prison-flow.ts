/**
 * The flow of the prison end-to-end tests: a caselink-mapping node holding the system document, the
 * prison's system instance (division 440000) and its inbound node, routed by the org directory,
 * stored, and delivered to the court of Baiyun (440111). Endpoints and secrets come from the
 * environment (CASELINK_<KIND>_<DIVISION>_…), the Redis from REDIS_URL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as court from '../../adapters/court';
import type { Simulator } from '../../adapters/simulator-types';
import { tianheAndPrison } from './directory-additions';
import { startNodeRed, type FlowNode, type NodeRedProcess } from './node-red';
import { startRedisServer, type RedisServer } from './redis-server';

export interface PrisonFlowOptions {
  /** Prefix of every node id, e.g. `prison`. */
  id: string;
  kind: string;
  /** The system document's text (JSON or YAML). */
  document: string;
  /** The inbound node's poll interval and page size ('' : the adapter's or the node's defaults). */
  pollIntervalMs?: string;
  pageSize?: string;
}

export function prisonToCourtFlow(options: PrisonFlowOptions): FlowNode[] {
  const id = (name: string) => `${options.id}-${name}`;
  const tab = id('tab');
  return [
    { id: tab, type: 'tab', label: `${options.kind} 监狱` },
    { id: id('mapping'), type: 'caselink-mapping', name: options.kind, document: options.document },
    {
      id: id('redis'),
      type: 'caselink-redis',
      name: 'central Redis',
      mode: 'standalone',
      url: '',
      prefix: 'clp',
      checkServer: true,
      maxAttempts: '10',
      retryInitialMs: '200',
      retryMaxMs: '1000',
    },
    { id: id('system'), type: 'caselink-system', name: '', kind: options.kind, division: '440000', orgCode: '', baseUrl: '', timeoutMs: '5000' },
    { id: id('court'), type: 'caselink-system', name: '', kind: 'court', division: '440111', orgCode: '', baseUrl: '', timeoutMs: '5000' },
    {
      id: id('in'),
      type: 'caselink-in',
      z: tab,
      name: '',
      system: id('system'),
      redis: id('redis'),
      path: '',
      pollIntervalMs: options.pollIntervalMs ?? '200',
      pageSize: options.pageSize ?? '50',
      answerTimeoutMs: '10000',
      wires: [[id('route')]],
    },
    { id: id('route'), type: 'caselink-route', z: tab, name: '', overrides: '', rejectForeignSender: false, wires: [[id('enqueue')]] },
    { id: id('enqueue'), type: 'caselink-enqueue', z: tab, name: '', redis: id('redis'), destination: '', wires: [[]] },
    { id: id('deliver'), type: 'caselink-deliver', z: tab, name: '', system: id('court'), redis: id('redis'), destination: '', concurrency: '1', wires: [[]] },
  ];
}

export interface PrisonRuntime {
  redis: RedisServer;
  courtSim: Simulator;
  nodeRed: NodeRedProcess;
  /** Stops Node-RED, the court's simulator and Redis, and removes the directory file. */
  stop(): Promise<void>;
}

/**
 * Starts what that flow runs against: a redis-server (AOF), the court's simulator, an org directory
 * adding the prison (`kind`-440000), and Node-RED with the flow; `prisonEnv` holds the prison's variables.
 */
export async function startPrisonRuntime(options: {
  kind: string;
  flows: FlowNode[];
  court: { appId: string; secret: string };
  prisonEnv: Record<string, string>;
}): Promise<PrisonRuntime> {
  const dir = mkdtempSync(join(tmpdir(), `caselink-${options.kind}-`));
  writeFileSync(join(dir, 'directory.json'), JSON.stringify(tianheAndPrison(options.kind)));
  const redis = await startRedisServer({ aof: true });
  const courtSim = await court.startSimulator({ credentials: options.court });
  const nodeRed = await startNodeRed({
    flows: options.flows,
    env: {
      REDIS_URL: redis.url,
      CASELINK_DIRECTORY: join(dir, 'directory.json'),
      CASELINK_COURT_440111_URL: courtSim.url,
      CASELINK_COURT_440111_APPID: options.court.appId,
      CASELINK_COURT_440111_SECRET: options.court.secret,
      ...options.prisonEnv,
    },
  });
  return {
    redis,
    courtSim,
    nodeRed,
    async stop() {
      await nodeRed.stop();
      await courtSim.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
