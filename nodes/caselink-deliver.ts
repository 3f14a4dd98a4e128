import { NODE_NUMBER_SETTINGS, readNumberSetting } from './lib/number-setting';
import type { Consumer } from '../core/index';
import type { DestinationFigures } from '../core/index';
import type { Delivery } from '../core/index';
import { maskedText } from '../security/log-mask';
import type { PlatformSecurity } from '../ingress/ingress-security';
import { AtRestError, TamperedMessageError } from '../security/errors';
import type { DeliveryOutcome } from '../standard/delivery-outcome';
import type { UnifiedMessage } from '../standard/schema/message';
import { connectionStatus, consumerName, errorText, misconfigured, redisNode, systemNode, useRedis } from './lib/glue';
import { codecOf, securityOf } from './lib/security';
import { blobOutcome, platformDossierOf, type PlatformDossier } from './lib/dossier';
import { BlobError } from '../dossier/errors';
import { endpointOptionsOf, mountAttachmentLinks, systemPathOf } from './lib/attachment-endpoints';
import type { Node, NodeAPI, NodeDef } from './node-red';

interface DeliverDef extends NodeDef {
  system: string;
  redis: string;
  /** Empty: the system instance's own destination (e.g. court-440105). */
  destination?: string;
  concurrency?: string | number;
}

export default function register(RED: NodeAPI): void {
  function CaselinkDeliverNode(this: Node, def: DeliverDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    const cleanups: Array<() => Promise<void> | void> = [];
    let closed = false;
    node.on('close', (_removed: boolean, done: () => void) => {
      closed = true;
      (async () => {
        for (const cleanup of cleanups.reverse()) await cleanup();
      })().then(done, done);
    });

    const system = systemNode(RED, def.system);
    const redis = redisNode(RED, def.redis);
    if (!system || !redis) return misconfigured(node, 'caselink-deliver.status.no-config', RED._('caselink-deliver.errors.no-config'));
    if (!system.instance) return misconfigured(node, 'caselink-deliver.status.bad-system', system.settingsError ?? '');
    const instance = system.instance;
    if (instance.receiveOnly) return misconfigured(node, 'caselink-deliver.status.receive-only', RED._('caselink-deliver.errors.receive-only'));
    const destination = (def.destination ?? '').trim() || instance.destination;
    try {
      codecOf(RED);
    } catch (err) {
      return misconfigured(node, 'caselink-deliver.status.bad-key', maskedText(errorText(err)));
    }
    const client = system.client();
    let figures: DestinationFigures | undefined;
    let held: { failures: number } | undefined;
    let security: PlatformSecurity | undefined;
    let dossier: PlatformDossier | undefined;
    const actor = `deliver:${destination}`;
    // A receiver taking files by link fetches them at <its path>/attachments/<address> with its own credentials.
    const byLink = instance.attachments === 'link';
    const systemPath = systemPathOf(system.adapter?.transports.push?.path, instance.kind, instance.division);
    const concurrency = readNumberSetting(def.concurrency, NODE_NUMBER_SETTINGS['caselink-deliver'].concurrency);
    if (concurrency.problem) node.warn(RED._('caselink-deliver.log.bad-setting', { problem: concurrency.problem }));

    const use = useRedis(redis, node, (state) => {
      const waiting = connectionStatus(RED, 'caselink-deliver', state);
      if (waiting) node.status(waiting);
      else showFigures();
    });
    cleanups.push(() => use.release());

    const showFigures = () => {
      if (concurrency.problem) return node.status({ fill: 'yellow', shape: 'ring', text: RED._('caselink-deliver.status.bad-setting') });
      if (held) return node.status({ fill: 'yellow', shape: 'ring', text: RED._('caselink-deliver.status.held', { failures: held.failures }) });
      if (!figures) return node.status({ fill: 'green', shape: 'dot', text: 'node-red:common.status.connected' });
      const { queued, retrying, dead, inFlight, delivered } = figures;
      const fill = dead > 0 ? 'red' : retrying > 0 ? 'yellow' : 'green';
      node.status({ fill, shape: 'dot', text: RED._('caselink-deliver.status.figures', { queued: queued + inFlight, retrying, dead, delivered }) });
    };
    const onFigures = (f: DestinationFigures) => {
      if (f.destination !== destination) return;
      figures = f;
      showFigures();
    };

    const handler = async (delivery: Delivery): Promise<DeliveryOutcome> => {
      const audit = security!;
      // Integrity first: a message altered while stored is never sent; it becomes a dead letter.
      let message: UnifiedMessage;
      try {
        message = audit.codec.unwrap(delivery.message, destination);
      } catch (err) {
        if (!(err instanceof TamperedMessageError) && !(err instanceof AtRestError)) throw err;
        const reason = `tampered: ${err.message} (报文存储期间被篡改，已转入死信，不予投递)`;
        const gate = await audit.gate({
          actor,
          action: 'tamper',
          subject: delivery.messageId.slice(0, 256),
          outcome: 'dead-letter',
          detail: { destination, code: err.code, reason: err.message },
        });
        // Not recorded yet: retried (never sent) until it can be, so no tampering goes unaudited.
        if (!gate.ok) return { kind: 'retryable', reason: gate.reason };
        node.error(RED._('caselink-deliver.errors.tampered', { id: delivery.messageId, reason: err.message }));
        return { kind: 'permanent', reason, code: 'TAMPERED' };
      }
      const subject = delivery.messageId.slice(0, 256);
      // Files kept by reference are read back (verified) for a receiver that takes them inline;
      // a missing or corrupted file dead-letters the message with the reason, a store outage retries.
      const asStored = message;
      if (dossier) {
        try {
          message = byLink ? await dossier.linksFor(message, destination, systemPath) : await dossier.inlineFor(message, destination);
        } catch (err) {
          if (!(err instanceof BlobError)) throw err;
          if (!err.retryable)
            audit.note({ actor, action: 'dead-letter', subject, outcome: 'dead-letter', detail: { destination, code: err.code, reason: err.message } });
          return blobOutcome(err);
        }
      }
      const gate = await audit.gate({
        actor,
        action: 'delivery',
        subject,
        outcome: 'sending',
        detail: { destination, attempt: delivery.attempt, messageType: message.messageType },
      });
      if (!gate.ok) return { kind: 'retryable', reason: gate.reason };
      let outcome: DeliveryOutcome;
      try {
        outcome = await client.send(message);
      } catch (err) {
        outcome = { kind: 'retryable', reason: errorText(err) };
      }
      audit.note({
        actor,
        action: 'delivery',
        subject,
        outcome: outcome.kind,
        detail: {
          destination,
          attempt: delivery.attempt,
          ...(outcome.kind === 'accepted' || outcome.kind === 'duplicate' ? {} : { reason: maskedText(outcome.reason, message) }),
        },
      });
      if (dossier && outcome.kind === 'accepted') {
        dossier
          .technicalReceipt(asStored, destination, outcome)
          .catch((err: unknown) => node.warn(maskedText(`evidence not recorded (回执证据未记录): ${errorText(err)}`)));
      }
      const msg = {
        payload: message,
        topic: message.messageType,
        outcome,
        delivery: { destination, attempt: delivery.attempt, enqueuedAt: delivery.enqueuedAt, messageId: delivery.messageId },
      };
      if (outcome.kind === 'permanent')
        node.error(RED._('caselink-deliver.errors.permanent', { id: delivery.messageId, reason: maskedText(outcome.reason, message) }), msg);
      node.send(msg);
      return outcome;
    };

    let consumer: Consumer | undefined;
    let forwarderOfFigures: { off(e: 'figures', l: typeof onFigures): unknown } | undefined;
    cleanups.push(async () => {
      forwarderOfFigures?.off('figures', onFigures);
      await consumer?.stop();
    });
    void use.ready.then((forwarder) => {
      if (!forwarder || closed) return;
      security = securityOf(RED, forwarder);
      try {
        dossier = platformDossierOf(RED, forwarder);
      } catch (err) {
        node.error(maskedText(errorText(err)));
      }
      if (dossier && byLink && RED.httpNode && system.codec) {
        const settings = (RED.settings.caselink ?? {}) as { maxBodyBytes?: number; bodyTimeoutMs?: number };
        try {
          // Another deliver node of this receiver may serve its links already: this one stands by.
          const unmount = mountAttachmentLinks(RED, {
            path: systemPath,
            actor: destination,
            codec: system.codec,
            credentials: instance.credentials,
            current: () => (dossier && security ? { dossier, security } : undefined),
            endpoint: endpointOptionsOf(RED, Number(settings.maxBodyBytes) || 20 * 1024 * 1024, Number(settings.bodyTimeoutMs) || 30_000),
            onEvent: (event, detail) => {
              if (event === 'unauthorized') node.warn(RED._('caselink-deliver.log.link-refused', { detail }));
            },
          });
          cleanups.push(() => unmount());
        } catch (err) {
          // The path is held by a node of another kind (a misconfigured flow): named in the log.
          node.error(maskedText(errorText(err)));
        }
      }
      if (dossier) {
        const ledger = dossier.ledger;
        const sweeper = setInterval(() => void ledger.sweep().catch(() => undefined), 30_000);
        sweeper.unref();
        cleanups.push(() => clearInterval(sweeper));
      }
      const started = forwarder.consume(destination, handler, {
        consumer: consumerName(node.id),
        concurrency: concurrency.value,
        handlerTimeoutMs: instance.timeoutMs + 5000,
        // Fast takeover: a dead instance's deliveries are reclaimed after this lease (live ones renew it).
        ...leaseFromEnv(process.env),
        ...linkHoldFromEnv(process.env),
      });
      consumer = started;
      started.on('held', (event) => {
        if (!held) node.warn(RED._('caselink-deliver.log.held', { destination, failures: event.failures }));
        held = { failures: event.failures };
        showFigures();
      });
      started.on('resumed', () => {
        held = undefined;
        node.log(RED._('caselink-deliver.log.resumed', { destination }));
        showFigures();
      });
      let lastError = '';
      started.on('error', (err: Error) => {
        // The loop retries by itself; say so once per distinct reason, not once per retry.
        if (err.message !== lastError) node.warn(RED._('caselink-deliver.log.consumer-error', { reason: maskedText(err.message) }));
        lastError = err.message;
      });
      forwarder.on('figures', onFigures);
      forwarderOfFigures = forwarder;
      showFigures();
    });
  }

  RED.nodes.registerType('caselink-deliver', CaselinkDeliverNode);
}

/** CASELINK_LINK_HOLD_AFTER: retryable outcomes in a row that put a link on hold (default 8; 0 turns the hold off). */
export function linkHoldFromEnv(env: NodeJS.ProcessEnv): { linkHold?: { afterFailures: number } } {
  const text = env.CASELINK_LINK_HOLD_AFTER?.trim();
  const after = text ? Number(text) : DEFAULT_LINK_HOLD_AFTER;
  if (after === 0) return {};
  return { linkHold: { afterFailures: Number.isInteger(after) && after > 0 ? after : DEFAULT_LINK_HOLD_AFTER } };
}

const DEFAULT_LINK_HOLD_AFTER = 8;

/** CASELINK_LEASE_MS (the lease, 1 000-600 000 ms) and CASELINK_LEASE_RENEW_MS, when set. */
export function leaseFromEnv(env: NodeJS.ProcessEnv): { claimMinIdleMs?: number; leaseRenewMs?: number } {
  const lease = Number(env.CASELINK_LEASE_MS);
  const renew = Number(env.CASELINK_LEASE_RENEW_MS);
  const out: { claimMinIdleMs?: number; leaseRenewMs?: number } = {};
  if (Number.isInteger(lease) && lease >= 1000 && lease <= 600_000) out.claimMinIdleMs = lease;
  if (Number.isInteger(renew) && renew >= 10 && renew * 2 <= (out.claimMinIdleMs ?? 6000)) out.leaseRenewMs = renew;
  return out;
}
