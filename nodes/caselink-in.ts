import { NODE_NUMBER_SETTINGS, readNumberSetting } from './lib/number-setting';
import { join } from 'node:path';
import { registerIngressSource } from './lib/ingress-figures';
import { FileCursorStore } from '../adapters/shared/file-cursor-store';
import type { IngressTag } from '../ingress/ingress-ledger';
import { ingressLedgerOf } from './lib/runtime-state';
import { maskedError, maskedIssues, maskedText } from '../security/log-mask';
import { OutboxIngress } from '../ingress/outbox-ingress';
import { DEFAULT_BODY_TIMEOUT_MS, handlePush, type IngressEvent, type IngressSecurity } from '../ingress/push-ingress';
import { quarantine } from '../ingress/quarantine';
import type { AuditHealth, PlatformSecurity } from '../ingress/ingress-security';
import { Counters, throttle } from './lib/throttle';
import { AuditUnavailableError } from '../security/errors';
import type { UnifiedMessage } from '../standard/schema/message';
import { connectionStatus, errorText, misconfigured, redisNode, systemNode, useRedis, type RedisUse } from './lib/glue';
import { isValidPath, mountEndpoint } from './lib/http-endpoints';
import { endpointOptionsOf, mountAttachmentUpload, systemPathOf } from './lib/attachment-endpoints';
import { platformDossierOf, runtimeDossierOf } from './lib/dossier';
import { codecOf, securityOf } from './lib/security';
import type { Node, NodeAPI, NodeDef } from './node-red';

interface InDef extends NodeDef {
  system: string;
  redis: string;
  path?: string;
  pollIntervalMs?: string | number;
  pageSize?: string | number;
  answerTimeoutMs?: string | number;
}

const COUNTED = ['received', 'enqueued', 'duplicate', 'rejected', 'busy', 'unauthorized'] as const;

/** A positive number from the form, or the fallback when empty (or an unset ${ENV_VAR}). */

export default function register(RED: NodeAPI): void {
  const ledger = ingressLedgerOf(RED);
  const settings = (RED.settings.caselink ?? {}) as { maxBodyBytes?: number; bodyTimeoutMs?: number };
  const maxBodyBytes = Number(settings.maxBodyBytes) || 20 * 1024 * 1024;
  const bodyTimeoutMs = Number(settings.bodyTimeoutMs) || DEFAULT_BODY_TIMEOUT_MS;

  function CaselinkInNode(this: Node, def: InDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    const system = systemNode(RED, def.system);
    const redis = redisNode(RED, def.redis);
    const cleanups: Array<() => Promise<void> | void> = [];
    let closed = false;
    node.on('close', (_removed: boolean, done: () => void) => {
      closed = true;
      // Together: stopping the poller waits for an answer that abandoning the ledger entries gives.
      void Promise.allSettled(cleanups.map(async (c) => c())).then(() => done());
    });

    if (!system || !redis) return misconfigured(node, 'caselink-in.status.no-config', RED._('caselink-in.errors.no-config'));
    if (!system.instance) return misconfigured(node, 'caselink-in.status.bad-system', system.settingsError ?? '');
    const instance = system.instance;
    const codec = system.codec!;
    // The adapter's transports say whether the system pushes to the platform or is polled.
    const push = Boolean(system.adapter?.transports.push);
    const defaultPath = systemPathOf(system.adapter?.transports.push?.path, instance.kind, instance.division);
    const path = (def.path || defaultPath).trim();
    if (push && !isValidPath(path)) return misconfigured(node, 'caselink-in.status.bad-path', RED._('caselink-in.errors.bad-path', { path }));
    if (push && !RED.httpNode) return misconfigured(node, 'caselink-in.status.no-http', RED._('caselink-in.errors.no-http'));
    try {
      codecOf(RED);
    } catch (err) {
      return misconfigured(node, 'caselink-in.status.bad-key', maskedError(err));
    }
    const specs = NODE_NUMBER_SETTINGS['caselink-in'];
    const answerTimeout = readNumberSetting(def.answerTimeoutMs, specs.answerTimeoutMs);
    // An adapter's outbox may declare its own interval and page size (declarative documents do): used when the form leaves them empty.
    const outbox = system.adapter?.transports.outbox;
    const pollInterval = readNumberSetting(def.pollIntervalMs, { ...specs.pollIntervalMs, fallback: outbox?.intervalMs ?? specs.pollIntervalMs.fallback });
    const pageSizeSetting = readNumberSetting(def.pageSize, {
      ...specs.pageSize,
      fallback: Math.min(outbox?.pageSize ?? specs.pageSize.fallback, specs.pageSize.max),
    });
    const settingProblems = [answerTimeout, pollInterval, pageSizeSetting].flatMap((s) => (s.problem ? [s.problem] : []));
    for (const problem of settingProblems) node.warn(RED._('caselink-in.log.bad-setting', { problem }));
    const answerTimeoutMs = answerTimeout.value;
    const who = { kind: instance.kind, division: instance.division, orgCode: instance.orgCode };

    const counters = new Counters<(typeof COUNTED)[number]>();
    cleanups.push(registerIngressSource(RED, { kind: instance.kind, division: instance.division, counts: () => counters.snapshot(COUNTED) }));
    let use: RedisUse | undefined;
    let auditHealth: AuditHealth = { ok: true };
    const showStatus = () => {
      const waiting = use && connectionStatus(RED, 'caselink-in', use.state);
      if (waiting) return node.status(waiting);
      // Fail closed: while the audit log cannot be written nothing is accepted, and the status says so.
      if (!auditHealth.ok) return node.status({ fill: 'red', shape: 'ring', text: 'caselink-in.status.audit-down' });
      const c = counters.snapshot(COUNTED);
      if (settingProblems.length > 0)
        return node.status({ fill: 'yellow', shape: 'ring', text: `${RED._('caselink-in.status.bad-setting')} · ${RED._('caselink-in.status.figures', c)}` });
      const fill = c.busy > 0 || c.unauthorized > 0 ? 'yellow' : 'green';
      node.status({ fill, shape: 'dot', text: RED._('caselink-in.status.figures', c) });
    };
    const status = throttle(showStatus, 500);
    cleanups.push(() => status.cancel());

    const open = new Set<string>();
    cleanups.push(() => ledger.abandon([...open], 'the inbound node is closing (接收节点正在关闭)'));
    const track = (id: string, isOpen: boolean) => (isOpen ? open.add(id) : open.delete(id));
    const onEvent = (event: IngressEvent | 'polled', detail?: string) => {
      if (event !== 'polled' && event !== 'replayed') counters.add(event);
      if (detail && (event === 'rejected' || event === 'unauthorized' || event === 'replayed'))
        node.warn(RED._(`caselink-in.log.${event}`, { detail: maskedText(detail) }));
      status.schedule();
    };
    const emit = (message: UnifiedMessage, tag: IngressTag) => {
      if (tag.warnings.length > 0) node.warn(RED._('caselink-in.log.warnings', { id: message.messageId, detail: maskedIssues(tag.warnings) }));
      node.send({ payload: message, topic: message.messageType, caselink: tag });
    };

    // The audit log, replay guard and raw archive of the Redis currently connected.
    let bundle: PlatformSecurity | undefined;
    const onAudit = (health: AuditHealth) => {
      auditHealth = health;
      if (health.ok) node.log(RED._('caselink-in.log.audit-back'));
      else node.warn(RED._('caselink-in.errors.audit-down', { reason: maskedText(health.reason) }));
      showStatus();
    };
    const follow = () => {
      const forwarder = use?.forwarder;
      const next = forwarder ? securityOf(RED, forwarder) : undefined;
      if (next === bundle) return;
      bundle?.off('audit', onAudit);
      bundle = next;
      if (bundle) {
        bundle.on('audit', onAudit);
        auditHealth = bundle.health;
      }
    };
    cleanups.push(() => {
      bundle?.off('audit', onAudit);
    });
    // Each message not taken for want of its audit record goes to Catch nodes too (the sender heard busy).
    const onControlUnavailable = (reason: string, message?: UnifiedMessage) => {
      node.error(new Error(`${RED._('caselink-in.errors.control-down')}: ${maskedText(reason, message)}`), {
        payload: message ?? null,
        topic: message?.messageType ?? 'busy',
      });
    };
    const current = (): PlatformSecurity => {
      follow();
      if (!bundle) throw new AuditUnavailableError(RED._('caselink-in.errors.redis-down'));
      return bundle;
    };
    const security: IngressSecurity = {
      audit: {
        gate: async (entry) => {
          try {
            return await current().gate(entry);
          } catch (err) {
            if (!(err instanceof AuditUnavailableError)) throw err;
            return { ok: false, reason: err.message, error: err };
          }
        },
        note: (entry) => bundle?.note(entry),
      },
      replay: { admitHttp: (system, headers, body, identify) => current().replay.admitHttp(system, headers, body, identify) },
      archive: { put: (record) => current().archive.put(record) },
    };

    use = useRedis(redis, node, () => {
      follow();
      status.schedule();
    });
    cleanups.push(() => use!.release());
    const keep = async (record: Parameters<typeof quarantine>[1]) => {
      const forwarder = use!.forwarder;
      if (!forwarder) throw new Error(RED._('caselink-in.errors.redis-down'));
      await quarantine(forwarder, record);
    };
    // What either ingress (pushed or polled) hands over, refuses and reports through.
    const through = { answerTimeoutMs, ledger, quarantine: keep, emit, onEvent, track, security, onControlUnavailable };

    if (push) {
      let unmount: () => void;
      try {
        unmount = mountEndpoint(
          RED.httpNode!,
          path,
          (req, res) => {
            if (!use!.forwarder) {
              counters.add('busy');
              status.schedule();
              const answer = codec.answers!.busy(undefined, RED._('caselink-in.errors.redis-down'));
              res.writeHead(answer.status, answer.headers);
              res.end(answer.body);
              return;
            }
            handlePush(req, res, {
              codec,
              credentials: instance.credentials,
              system: who,
              path,
              maxBodyBytes,
              ...through,
              bodyTimeoutMs,
            }).catch((err: unknown) => {
              node.error(maskedError(err));
              if (!res.headersSent) {
                const answer = codec.answers!.busy(undefined, errorText(err));
                res.writeHead(answer.status, answer.headers);
                res.end(answer.body);
              }
            });
          },
          endpointOptionsOf(RED, maxBodyBytes, bodyTimeoutMs),
        );
      } catch (err) {
        return misconfigured(node, 'caselink-in.status.bad-path', errorText(err));
      }
      cleanups.push(() => unmount());
      node.log(RED._('caselink-in.log.listening', { path }));
      // With an attachment store, the system uploads large files beside its push path.
      let dossierReady: boolean;
      try {
        dossierReady = runtimeDossierOf(RED) !== undefined;
      } catch (err) {
        node.warn(maskedError(err));
        dossierReady = false;
      }
      if (dossierReady) {
        try {
          const unmountUpload = mountAttachmentUpload(RED, {
            path,
            actor: `${instance.kind}-${instance.division}`,
            codec,
            credentials: instance.credentials,
            current: () => {
              const forwarder = use!.forwarder;
              const dossier = forwarder && platformDossierOf(RED, forwarder);
              return forwarder && dossier ? { dossier, security: securityOf(RED, forwarder) } : undefined;
            },
            endpoint: endpointOptionsOf(RED, maxBodyBytes, bodyTimeoutMs),
            onEvent: (event, detail) => {
              if (event === 'unauthorized' || event === 'busy') counters.add(event);
              if (event === 'unauthorized') node.warn(RED._('caselink-in.log.unauthorized', { detail }));
              status.schedule();
            },
          });
          cleanups.push(() => unmountUpload());
          node.log(RED._('caselink-in.log.listening', { path: `${path}/attachments (PUT)` }));
        } catch (err) {
          node.warn(errorText(err));
        }
      }
    } else {
      let lastError = '';
      const userDir = typeof RED.settings.userDir === 'string' ? RED.settings.userDir : undefined;
      const poller = new OutboxIngress({
        client: system.client(),
        ...(userDir ? { cursorStore: new FileCursorStore(join(userDir, 'caselink', 'cursors', `${instance.kind}-${instance.division}-${node.id}.json`)) } : {}),
        system: who,
        pageSize: pageSizeSetting.value,
        intervalMs: pollInterval.value,
        ...through,
        onError: (err) => {
          if (err.message !== lastError) node.warn(RED._('caselink-in.log.poll-failed', { reason: maskedText(err.message) }));
          lastError = err.message;
          node.status({ fill: 'red', shape: 'ring', text: 'caselink-in.status.poll-failed' });
        },
      });
      // Poll only once Redis is there: every message must be stored before it is acknowledged.
      void use.ready.then((forwarder) => {
        if (forwarder && !closed) poller.start();
      });
      cleanups.push(() => poller.stop());
    }
    showStatus();
  }

  RED.nodes.registerType('caselink-in', CaselinkInNode);
}
