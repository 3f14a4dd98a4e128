import { BackpressureError } from '../core/index';
import { encodingProblem } from '../adapters/encodability';
import { adaptersOf } from './lib/adapters';
import { directoryOf } from './lib/directory';
import { ingressTagOf, settleIngress } from '../ingress/ingress-ledger';
import { ingressLedgerOf } from './lib/runtime-state';
import { maskedText } from '../security/log-mask';
import { orderKeyOf } from '../ingress/order-key';
import { Counters, throttle } from './lib/throttle';
import { MessageIdOwners } from '../security/message-id-owners';
import { minimiseFor } from '../security/minimise';
import type { UnifiedMessage } from '../standard/schema/message';
import { connectionStatus, errorText, misconfigured, redisNode, useRedis } from './lib/glue';
import { platformDossierOf, recordAnswerEvidence } from './lib/dossier';
import { attachmentSourcesOf } from './lib/attachment-sources';
import { BlobError } from '../dossier/errors';
import { codecOf } from './lib/security';
import { flowMessage } from './lib/flow-message';
import type { DoneFunction, Node, NodeAPI, NodeDef, NodeMessage, SendFunction } from './node-red';

interface EnqueueDef extends NodeDef {
  redis: string;
  /** Used when msg.destination is absent. */
  destination?: string;
}

const COUNTED = ['enqueued', 'duplicate', 'busy'] as const;

export default function register(RED: NodeAPI): void {
  const ledger = ingressLedgerOf(RED);
  function CaselinkEnqueueNode(this: Node, def: EnqueueDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    const redis = redisNode(RED, def.redis);
    const counters = new Counters<(typeof COUNTED)[number]>();
    let closed = false;
    let release: () => Promise<void> = async () => undefined;
    let state = () => connectionStatus(RED, 'caselink-enqueue', { state: 'idle' });
    const status = throttle(() => {
      const waiting = state();
      if (waiting) return node.status(waiting);
      const c = counters.snapshot(COUNTED);
      node.status({ fill: c.busy > 0 ? 'yellow' : 'green', shape: 'dot', text: RED._('caselink-enqueue.status.figures', c) });
    }, 500);
    node.on('close', (_removed: boolean, done: () => void) => {
      closed = true;
      status.cancel();
      release().then(done, done);
    });
    if (!redis) return misconfigured(node, 'caselink-enqueue.status.no-config', RED._('caselink-enqueue.errors.no-config'));
    let codec: ReturnType<typeof codecOf>['codec'];
    try {
      codec = codecOf(RED).codec;
    } catch (err) {
      return misconfigured(node, 'caselink-enqueue.status.bad-key', maskedText(errorText(err)));
    }

    const use = useRedis(redis, node, () => status.schedule());
    release = () => use.release();
    state = () => connectionStatus(RED, 'caselink-enqueue', use.state);
    const fixedDestination = (def.destination ?? '').trim();

    node.on('input', (msg: NodeMessage, send: SendFunction, done: DoneFunction) => {
      // Anything that keeps a message from being stored is "busy" for its sender: it tries again.
      const busy = (err: Error) => {
        counters.add('busy');
        status.schedule();
        settleIngress(ledger, msg, { kind: 'busy', reason: err.message });
        done(err);
      };
      const forwarder = use.forwarder;
      if (closed || !forwarder) return busy(new Error(RED._('caselink-enqueue.errors.redis-down')));
      const destination = typeof msg.destination === 'string' && msg.destination ? msg.destination : fixedDestination;
      if (!destination) return busy(new Error(RED._('caselink-enqueue.errors.no-destination')));
      const taken = flowMessage(msg, ledger, () => RED._('caselink-enqueue.errors.invalid'));
      if ('error' in taken) return done(taken.error);
      const { message } = taken;
      // Attachments go to the attachment store first (when configured): Redis holds references only.
      let dossier: ReturnType<typeof platformDossierOf>;
      try {
        dossier = platformDossierOf(RED, forwarder);
      } catch (err) {
        return busy(new Error(maskedText(errorText(err), message)));
      }
      const storeMessage = (message: UnifiedMessage) => {
        // Stored for the receiver: only the fields it needs, sealed (and encrypted at rest when configured).
        const forReceiver = minimiseFor(message.receiver.agency, message);
        // What the receiver's format or encoding cannot carry is refused to the sender now, never
        // accepted and then dead-lettered at delivery (where it would hold back its case).
        const unencodable = encodingProblem(destination, forReceiver, adaptersOf(RED));
        if (unencodable) {
          settleIngress(ledger, msg, { kind: 'rejected', reason: unencodable });
          return done(new Error(maskedText(unencodable, message)));
        }
        let stored: ReturnType<typeof codec.wrap>;
        try {
          stored = codec.wrap(forReceiver, destination);
        } catch (err) {
          return busy(new Error(maskedText(errorText(err), message)));
        }
        // The id belongs to the sender instance that used it first: another sender's message with
        // the same id is refused (and audited by the ingress), never answered "duplicate".
        const tag = ingressTagOf(msg);
        const sender = tag ? `${tag.system.kind}-${tag.system.division}` : `org-${message.sender.orgCode}`;
        new MessageIdOwners(forwarder.client, { prefix: forwarder.prefix })
          .claim(message.messageId, sender)
          .then((claim) => {
            if (claim.ok) return forwarder.enqueue(destination, { ...stored }, { orderKey: orderKeyOf(message) });
            settleIngress(ledger, msg, { kind: 'rejected', reason: claim.reason });
            done(new Error(maskedText(claim.reason, message)));
            return undefined;
          })
          .then(
            (result) => {
              if (!result) return;
              counters.add(result.status === 'enqueued' ? 'enqueued' : 'duplicate');
              status.schedule();
              settleIngress(ledger, msg, { kind: result.status === 'enqueued' ? 'enqueued' : 'duplicate', destination });
              msg.enqueued = { destination, status: result.status };
              if (dossier && result.status === 'enqueued') {
                // An answer (受理/退回, 送达回执) is evidence of the delivery it answers; best effort, never refuses the answer.
                recordAnswerEvidence(dossier, message, directoryOf(RED)).catch((err: unknown) =>
                  node.warn(maskedText(`evidence not recorded (回执证据未记录): ${errorText(err)}`)),
                );
              }
              send(msg);
              done();
            },
            (err: unknown) => busy(err instanceof BackpressureError ? err : new Error(errorText(err))),
          );
      };
      if (!dossier) {
        // Without an attachment store a file named by URL could only travel as the sender's own URL: refused, never passed on.
        const sentByUrl = message.documents.some((d) =>
          d.attachments.some((a) => a.sourceUrl !== undefined && a.content === undefined && a.contentRef === undefined),
        );
        if (!sentByUrl) return storeMessage(message);
        const reason = RED._('caselink-enqueue.errors.by-reference-needs-store');
        settleIngress(ledger, msg, { kind: 'rejected', reason });
        return done(new Error(maskedText(reason, message)));
      }
      const tag = (msg as { caselink?: { system?: { kind?: string; division?: string } } }).caselink?.system;
      const sender = tag?.kind && tag.division ? `${tag.kind}-${tag.division}` : undefined;
      dossier.externalise(message, sender, sender ? attachmentSourcesOf(RED).of(sender) : undefined).then(
        (ready) => storeMessage(ready),
        (err: unknown) => {
          if (err instanceof BlobError && !err.retryable) {
            // The sender's file does not match its statement or is over a limit: refused, with the reason.
            settleIngress(ledger, msg, { kind: 'rejected', reason: err.message });
            return done(new Error(maskedText(err.message, message)));
          }
          busy(new Error(maskedText(errorText(err), message)));
        },
      );
    });
    status.schedule();
  }

  RED.nodes.registerType('caselink-enqueue', CaselinkEnqueueNode);
}
