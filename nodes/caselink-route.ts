import { ingressTagOf, settleIngress } from '../ingress/ingress-ledger';
import { ingressLedgerOf } from './lib/runtime-state';
import { maskedText } from '../security/log-mask';
import { Counters, throttle } from './lib/throttle';
import { parseOverrides, routeMessage, type RouteRule } from '../routing/router';
import { caseDivisionOf, checkRoute, normaliseDivision, type RouteContext, type RouteVerdict } from '../security/routes';
import { validateMessage } from '../standard/validate';
import type { UnifiedMessage } from '../standard/schema/message';
import { misconfigured } from './lib/glue';
import { adaptersOf } from './lib/adapters';
import { directoryOf } from './lib/directory';
import { anyLiveSecurity, trackedDistrict } from './lib/security';
import type { DoneFunction, Node, NodeAPI, NodeDef, NodeMessage, SendFunction } from './node-red';

interface RouteDef extends NodeDef {
  overrides?: string;
  /** Kept for flows saved before route control: the district rule is now always applied (security/routes.ts). */
}

const COUNTED = ['routed', 'outOfPilot', 'refused'] as const;
const DISTRICT_CODES = new Set(['SENDER_DISTRICT_MISMATCH', 'RECEIVER_DISTRICT_MISMATCH']);

/**
 * The router decides where a message goes; route control (checkRoute: the route matrix, the
 * channel the sender arrived on, the district rules) decides whether it may. A refusal is audited,
 * answered to the legacy sender as a content error and kept in quarantine by the inbound node, and
 * reported with done(err) so Catch nodes see it.
 */
export default function register(RED: NodeAPI): void {
  const ledger = ingressLedgerOf(RED);
  function CaselinkRouteNode(this: Node, def: RouteDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    const counters = new Counters<(typeof COUNTED)[number]>();
    const status = throttle(() => {
      const c = counters.snapshot(COUNTED);
      node.status({ fill: c.refused > 0 ? 'yellow' : 'green', shape: 'dot', text: RED._('caselink-route.status.figures', c) });
    }, 500);
    node.on('close', (_removed: boolean, done: () => void) => {
      status.cancel();
      done();
    });

    const { overrides, errors } = parseOverrides(def.overrides);
    if (errors.length > 0) return misconfigured(node, 'caselink-route.status.bad-overrides', errors.join('; '));
    const directory = directoryOf(RED);
    const options = { overrides, directory };
    /** The agencies the channel's adapter speaks for (route control checks the sender against them). */
    const agenciesOf = (kind: string) => {
      const adapter = adaptersOf(RED).get(kind);
      return adapter ? { agencies: adapter.agencies } : {};
    };

    /** A second look when a district rule refused: tracking may know of a jurisdiction transfer. */
    const afterTransfer = async (message: UnifiedMessage, context: RouteContext, refused: RouteVerdict): Promise<RouteVerdict> => {
      const district = message.caseUid ? await trackedDistrict(RED, message.caseUid) : undefined;
      const caseDivision = caseDivisionOf(message);
      if (!district || (caseDivision !== undefined && normaliseDivision(district) === caseDivision)) return refused;
      return checkRoute(message, { ...context, jurisdictionTransfer: [district] });
    };

    node.on('input', (msg: NodeMessage, send: SendFunction, done: DoneFunction) => {
      const tag = ingressTagOf(msg);
      const refuse = (reason: string, code: string, message?: UnifiedMessage) => {
        counters.add('refused');
        status.schedule();
        // Messages from an inbound node: that node audits the refusal and keeps the input in quarantine.
        if (!tag) {
          anyLiveSecurity(RED)?.note({
            actor: `node:${node.id}`,
            action: 'refusal',
            subject: (message?.messageId || String(msg._msgid ?? '(message)')).slice(0, 256),
            outcome: 'refused',
            detail: { code, reason: maskedText(reason, message) },
          });
        }
        settleIngress(ledger, msg, { kind: 'rejected', reason });
        done(new Error(maskedText(reason, message)));
      };
      let message = msg.payload as UnifiedMessage;
      if (!tag?.validated) {
        const checked = validateMessage(msg.payload);
        if (!checked.ok) {
          return refuse(`${RED._('caselink-route.errors.invalid')}: ${checked.issues.map((i) => `${i.path}: ${i.reason}`).join('; ')}`, 'INVALID');
        }
        message = checked.message;
      }
      const decision = routeMessage(message, options);
      if (!decision.ok) return refuse(decision.reason, 'NO_ROUTE', message);
      const routed = decision.receiver.orgCode !== message.receiver.orgCode ? ({ ...message, receiver: decision.receiver } as UnifiedMessage) : message;
      const pass = () => {
        msg.payload = routed;
        msg.destination = decision.destination;
        msg.route = { rule: decision.rule satisfies RouteRule, receiver: decision.receiver };
        counters.add(decision.rule === 'out-of-pilot' ? 'outOfPilot' : 'routed');
        status.schedule();
        send(msg);
        done();
      };
      // Court and justice formats carry no crime division: until tracking links the case, the channel's district stands in.
      const context: RouteContext = tag
        ? { channel: { system: tag.system.kind, division: tag.system.division, ...agenciesOf(tag.system.kind) }, assumedCaseDivision: tag.system.division }
        : {};
      const verdict = checkRoute(routed, context);
      if (verdict.ok) return pass();
      const refuseRoute = (refused: Extract<RouteVerdict, { ok: false }>) =>
        refuse(`${RED._('caselink-route.errors.refused')}: ${refused.reason}`, refused.code, routed);
      if (!DISTRICT_CODES.has(verdict.code) || !routed.caseUid) return refuseRoute(verdict);
      afterTransfer(routed, context, verdict).then(
        (second) => (second.ok ? pass() : refuseRoute(second)),
        (err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          settleIngress(ledger, msg, { kind: 'busy', reason: error.message });
          done(error);
        },
      );
    });
  }

  RED.nodes.registerType('caselink-route', CaselinkRouteNode);
}
