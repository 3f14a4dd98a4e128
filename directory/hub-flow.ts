/**
 * The hub deployment flow generated from the org directory: for every division with system
 * instances, one inbound node per instance, case tracking, the router and the store, and one
 * delivery node per instance — the same wiring as flows/hub.json's district subflow, for whatever
 * the directory lists. Endpoints and secrets stay in the environment (CASELINK_<KIND>_<DIVISION>_*).
 */
import type { OrgDirectory } from './org-directory';

export type FlowNode = Record<string, unknown> & { id: string; type: string };

export interface HubFlowOptions {
  /** The tab id (default `caselink-hub`). */
  tab?: string;
  /** Redis key prefix of the central store (default `cl`). */
  prefix?: string;
  /** How often the court/justice-style outboxes are polled (default `${CASELINK_POLL_MS}`). */
  pollIntervalMs?: string;
}

const REDIS = 'caselink-redis-central';

function slug(text: string): string {
  return text.replace(/[^a-z0-9-]/gi, '-').toLowerCase();
}

export function hubFlow(directory: OrgDirectory, options: HubFlowOptions = {}): FlowNode[] {
  const tab = options.tab ?? 'caselink-hub';
  const poll = options.pollIntervalMs ?? '${CASELINK_POLL_MS}';
  const flow: FlowNode[] = [
    {
      id: tab,
      type: 'tab',
      label: 'CaseLink hub 中心',
      disabled: false,
      info: 'Generated from the org directory (`caselink hub`): every division with system instances, each instance in, tracked, routed, stored in order and delivered.\n\n由机构目录生成（`caselink hub`）：目录中每个有系统实例的区划，各实例接收、跟踪、路由、按序保存并投递。\n\nEndpoints and secrets: `CASELINK_<KIND>_<DIVISION>_URL`, `_TOKEN`, `_APPID`, `_SECRET`.',
    },
    {
      id: REDIS,
      type: 'caselink-redis',
      name: 'central Redis 中心 Redis',
      mode: 'standalone',
      url: '',
      nodes: '',
      sentinels: '',
      masterName: '',
      db: '',
      prefix: options.prefix ?? 'cl',
      usetls: false,
      tls: '',
      durability: '',
      waitReplicas: '0',
      checkServer: true,
      maxAttempts: '${CASELINK_MAX_ATTEMPTS}',
      retryInitialMs: '${CASELINK_RETRY_INITIAL_MS}',
      retryMaxMs: '${CASELINK_RETRY_MAX_MS}',
      maxBacklog: '${CASELINK_MAX_BACKLOG}',
    },
    { id: `${tab}-catch`, type: 'catch', z: tab, name: 'CaseLink errors 错误', scope: null, uncaught: false, x: 160, y: 40, wires: [[`${tab}-errors`]] },
    {
      id: `${tab}-errors`,
      type: 'debug',
      z: tab,
      name: 'errors 错误',
      active: true,
      tosidebar: true,
      console: false,
      tostatus: true,
      complete: 'error',
      targetType: 'msg',
      statusVal: 'error.message',
      statusType: 'msg',
      x: 400,
      y: 40,
      wires: [],
    },
    {
      id: `${tab}-deadlines`,
      type: 'caselink-track',
      z: tab,
      name: 'deadline alerts 期限预警',
      redis: REDIS,
      scanIntervalMs: '${CASELINK_DEADLINE_SCAN_MS}',
      x: 640,
      y: 40,
      wires: [[], [`${tab}-alerts`]],
    },
    {
      id: `${tab}-alerts`,
      type: 'debug',
      z: tab,
      name: 'alerts · supervision · violations 预警·督办·违规',
      active: true,
      tosidebar: true,
      console: false,
      tostatus: true,
      complete: 'true',
      targetType: 'full',
      statusVal: 'topic',
      statusType: 'msg',
      x: 900,
      y: 40,
      wires: [],
    },
  ];
  let top = 100;
  for (const division of directory.divisions()) {
    const instances = directory.instances().filter((instance) => instance.division === division.code);
    if (instances.length === 0) continue;
    const base = `${tab}-${division.code}`;
    const track = `${base}-track`;
    const route = `${base}-route`;
    const enqueue = `${base}-enqueue`;
    const height = Math.max(2, instances.length) * 60 + 40;
    flow.push({
      id: `${base}-comment`,
      type: 'comment',
      z: tab,
      name: `${division.name['zh-CN']} ${division.name['en-US']} ${division.code}`,
      info: '',
      x: 200,
      y: top,
      wires: [],
    });
    flow.push({ id: track, type: 'caselink-track', z: tab, name: '', redis: REDIS, scanIntervalMs: '0', x: 420, y: top + height / 2, wires: [[route], []] });
    flow.push({
      id: route,
      type: 'caselink-route',
      z: tab,
      name: '',
      overrides: '',
      rejectForeignSender: false,
      x: 600,
      y: top + height / 2,
      wires: [[enqueue]],
    });
    flow.push({ id: enqueue, type: 'caselink-enqueue', z: tab, name: '', redis: REDIS, destination: '', x: 780, y: top + height / 2, wires: [[]] });
    instances.forEach((instance, i) => {
      const id = `${base}-${slug(instance.kind)}`;
      const y = top + 40 + i * 60;
      flow.push({
        id: `${id}-system`,
        type: 'caselink-system',
        name: instance.id,
        kind: instance.kind,
        division: division.code,
        orgCode: '',
        baseUrl: '',
        timeoutMs: '10000',
      });
      // The instance's ingress and delivery nodes: on the division's tab, bound to its system node and the hub's Redis.
      const systemNode = (role: 'in' | 'deliver') => ({
        id: `${id}-${role}`,
        type: `caselink-${role}`,
        z: tab,
        name: '',
        system: `${id}-system`,
        redis: REDIS,
      });
      flow.push({
        ...systemNode('in'),
        path: '',
        pollIntervalMs: poll,
        pageSize: '50',
        answerTimeoutMs: '10000',
        x: 200,
        y,
        wires: [[track]],
      });
      flow.push({
        ...systemNode('deliver'),
        destination: '',
        concurrency: '${CASELINK_DELIVERY_CONCURRENCY}',
        x: 1000,
        y,
        wires: [[track]],
      });
    });
    top += height + 40;
  }
  return flow;
}
