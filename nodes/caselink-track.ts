import { CN_CALENDAR } from '../standard/clocks/sample-calendar-cn';
import type { ClockConfigOverrides } from '../standard/clocks/limits';
import { InvalidMessageError, Tracker } from '../tracking/index';
import { ingressTagOf, settleIngress } from '../ingress/ingress-ledger';
import { ingressLedgerOf } from './lib/runtime-state';
import { maskedText } from '../security/log-mask';
import { Counters, throttle } from './lib/throttle';
import { connectionStatus, errorText, misconfigured, redisNode, useRedis } from './lib/glue';
import { registerJurisdictionSource } from './lib/security';
import { NODE_NUMBER_SETTINGS, readNumberSetting } from './lib/number-setting';
import { flowMessage } from './lib/flow-message';
import type { DoneFunction, Node, NodeAPI, NodeDef, NodeMessage, SendFunction } from './node-red';

interface TrackDef extends NodeDef {
  redis: string;
  /** How often to look for due deadline warnings, ms; 0 = never (another track node scans). */
  scanIntervalMs?: string | number;
}

const COUNTED = ['observed', 'alerts', 'violations'] as const;

export default function register(RED: NodeAPI): void {
  // Limit and counting overrides from settings.js (`caselink.clocks`, standard ClockConfigOverrides).
  const clockOverrides = (RED.settings.caselink as { clocks?: ClockConfigOverrides } | undefined)?.clocks;
  const ledger = ingressLedgerOf(RED);
  function CaselinkTrackNode(this: Node, def: TrackDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    const redis = redisNode(RED, def.redis);
    const counters = new Counters<(typeof COUNTED)[number]>();
    let tracker: Tracker | undefined;
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    let release: () => Promise<void> = async () => undefined;
    let unregister: () => void = () => undefined;
    let state = () => connectionStatus(RED, 'caselink-track', { state: 'idle' });
    let settingProblem = false;
    const status = throttle(() => {
      const waiting = state();
      if (waiting) return node.status(waiting);
      const c = counters.snapshot(COUNTED);
      if (settingProblem)
        return node.status({
          fill: 'yellow',
          shape: 'ring',
          text: `${RED._('caselink-track.status.bad-setting', { field: 'scanIntervalMs' })} · ${RED._('caselink-track.status.figures', c)}`,
        });
      node.status({ fill: c.violations > 0 || c.alerts > 0 ? 'yellow' : 'green', shape: 'dot', text: RED._('caselink-track.status.figures', c) });
    }, 500);
    node.on('close', (_removed: boolean, done: () => void) => {
      closed = true;
      status.cancel();
      if (timer) clearInterval(timer);
      tracker?.removeAllListeners();
      unregister();
      release().then(done, done);
    });
    if (!redis) return misconfigured(node, 'caselink-track.status.no-config', RED._('caselink-track.errors.no-config'));

    // Unset ($CASELINK_DEADLINE_SCAN_MS not defined) means every minute; an unreadable value is reported and the default used.
    const scanInterval = readNumberSetting(def.scanIntervalMs, NODE_NUMBER_SETTINGS['caselink-track'].scanIntervalMs);
    settingProblem = scanInterval.problem !== undefined;
    if (scanInterval.problem) node.warn(RED._('caselink-track.log.bad-setting', { problem: scanInterval.problem }));
    const use = useRedis(redis, node, () => status.schedule());
    release = () => use.release();
    state = () => connectionStatus(RED, 'caselink-track', use.state);
    const event = (topic: string, payload: unknown) => node.send([null, { topic, payload }]);

    void use.ready.then((forwarder) => {
      if (!forwarder || closed) return;
      let t: Tracker;
      try {
        t = new Tracker({
          redis: forwarder.client,
          calendar: CN_CALENDAR,
          prefix: forwarder.prefix,
          validate: false,
          ...(clockOverrides && { clocks: clockOverrides }),
        });
      } catch (err) {
        // settings.js caselink.clocks could not be read: say so instead of tracking with a guess.
        return misconfigured(node, RED._('caselink-track.status.bad-setting', { field: 'caselink.clocks' }), errorText(err));
      }
      t.on('alert', (alert) => {
        counters.add('alerts');
        status.schedule();
        event('alert', alert);
      });
      t.on('supervision', (order) => event('supervision', order));
      t.on('violation', (violation) => {
        counters.add('violations');
        status.schedule();
        event('violation', violation);
      });
      t.on('anomaly', (anomaly) => event('anomaly', anomaly));
      tracker = t;
      for (const beyond of t.limitsBeyondStatute) node.warn(RED._('caselink-track.log.beyond-statute', { reason: beyond.reason }));
      // Route control asks here whether a case moved district (JURISDICTION_TRANSFER).
      unregister = registerJurisdictionSource(RED, async (caseUid) => (await t.caseRecord(caseUid))?.district);
      t.recover().catch((err: unknown) => node.warn(RED._('caselink-track.log.recover-failed', { reason: errorText(err) })));
      const every = scanInterval.value;
      if (every > 0) {
        let scanning = false;
        timer = setInterval(
          () => {
            if (scanning || closed) return;
            scanning = true;
            t.scanDeadlines()
              .catch((err: unknown) => node.error(RED._('caselink-track.errors.scan-failed', { reason: errorText(err) })))
              .finally(() => (scanning = false));
          },
          Math.max(1000, every),
        );
        timer.unref();
      }
      status.schedule();
    });

    node.on('input', (msg: NodeMessage, send: SendFunction, done: DoneFunction) => {
      const t = tracker;
      if (!t || closed) {
        const err = new Error(RED._('caselink-track.errors.not-ready'));
        settleIngress(ledger, msg, { kind: 'busy', reason: err.message });
        return done(err);
      }
      // A delivery outcome from caselink deliver: the receiver acknowledged the message.
      const delivery = msg.delivery as { messageId?: string } | undefined;
      const outcome = msg.outcome as { kind?: string } | undefined;
      if (delivery?.messageId && outcome?.kind) {
        if (outcome.kind !== 'accepted' && outcome.kind !== 'duplicate') return done();
        t.acknowledged(delivery.messageId, Date.now()).then(
          () => done(),
          (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
        );
        return;
      }
      const taken = flowMessage(msg, ledger, () => RED._('caselink-track.errors.invalid'));
      if ('error' in taken) return done(taken.error);
      const { message } = taken;
      const tag = ingressTagOf(msg);
      // The message goes on once its case record is stored; the follow-up work (deadline index,
      // figures) is in the case's outbox and finishes meanwhile (done() waits for it).
      t.observeCommitted(message, tag ? { receivedAt: tag.receivedAt } : {}).then(
        ({ observation, followUps }) => {
          counters.add('observed');
          status.schedule();
          msg.payload = observation.message;
          const { message: _stamped, ...tracking } = observation;
          msg.tracking = tracking;
          send([msg, null]);
          followUps.then(
            () => done(),
            (err: unknown) => done(new Error(RED._('caselink-track.errors.follow-up-failed', { caseUid: observation.caseUid, reason: errorText(err) }))),
          );
        },
        (err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          // Bad input is the sender's to fix; anything else (Redis, contention) it may resend later.
          const refused = err instanceof InvalidMessageError;
          settleIngress(ledger, msg, refused ? { kind: 'rejected', reason: error.message } : { kind: 'busy', reason: error.message });
          done(new Error(maskedText(error.message, message)));
        },
      );
    });
    status.schedule();
  }

  RED.nodes.registerType('caselink-track', CaselinkTrackNode);
}
