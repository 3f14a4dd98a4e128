import { ingressTagOf, settleIngress } from '../platform/ingress-ledger';
import { Counters, throttle } from '../platform/throttle';
import { parseOverrides, routeMessage, type RouteRule } from '../routing/router';
import { validateMessage } from '../standard/validate';
import type { UnifiedMessage } from '../standard/schema/message';
import { misconfigured } from './lib/glue';
import type { DoneFunction, Node, NodeAPI, NodeDef, NodeMessage, SendFunction } from './node-red';

interface RouteDef extends NodeDef {
  overrides?: string;
  rejectForeignSender?: boolean;
}

const COUNTED = ['routed', 'outOfPilot', 'refused'] as const;

export default function register(RED: NodeAPI): void {
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
    if (errors.length > 0) return misconfigured(node, RED._('caselink-route.status.bad-overrides'), errors.join('; '));
    const options = { overrides, rejectForeignSender: def.rejectForeignSender === true };

    node.on('input', (msg: NodeMessage, send: SendFunction, done: DoneFunction) => {
      const refuse = (reason: string) => {
        counters.add('refused');
        status.schedule();
        settleIngress(msg, { kind: 'rejected', reason });
        done(new Error(reason));
      };
      let message = msg.payload as UnifiedMessage;
      if (!ingressTagOf(msg)?.validated) {
        const checked = validateMessage(msg.payload);
        if (!checked.ok) {
          return refuse(`${RED._('caselink-route.errors.invalid')}: ${checked.issues.map((i) => `${i.path}: ${i.reason}`).join('; ')}`);
        }
        message = checked.message;
      }
      const decision = routeMessage(message, options);
      if (!decision.ok) return refuse(decision.reason);
      if (decision.receiver.orgCode !== message.receiver.orgCode) msg.payload = { ...message, receiver: decision.receiver };
      msg.destination = decision.destination;
      msg.route = { rule: decision.rule satisfies RouteRule, receiver: decision.receiver };
      counters.add(decision.rule === 'out-of-pilot' ? 'outOfPilot' : 'routed');
      status.schedule();
      send(msg);
      done();
    });
  }

  RED.nodes.registerType('caselink-route', CaselinkRouteNode);
}
