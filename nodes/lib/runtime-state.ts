import { IngressLedger } from '../../ingress/ingress-ledger';

/**
 * State that belongs to one Node-RED runtime (never to the module: two runtimes in one process,
 * as in the tests, must not share it). Node-RED hands every node file a RED object of its own,
 * so the state is keyed by what the files of one runtime share: its node registry
 * (`RED.nodes.getNode`, the same function for every file of a runtime).
 */
/** What identifies a runtime: any RED (node or plugin API) of it. */
export interface RuntimeHandle {
  nodes: { getNode(id: string): unknown };
}

const runtimes = new WeakMap<object, Map<string, unknown>>();

export function runtimeState<T>(RED: RuntimeHandle, name: string, create: () => T): T {
  const key = RED.nodes.getNode as object;
  let slots = runtimes.get(key);
  if (!slots) {
    slots = new Map();
    runtimes.set(key, slots);
  }
  if (!slots.has(name)) slots.set(name, create());
  return slots.get(name) as T;
}

/** The runtime's ledger of answers owed to legacy senders (opened by inbound nodes, settled downstream). */
export function ingressLedgerOf(RED: RuntimeHandle): IngressLedger {
  return runtimeState(RED, 'ingress-ledger', () => new IngressLedger());
}
