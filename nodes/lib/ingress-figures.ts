/**
 * The inbound nodes' counters, per Node-RED runtime (runtime state, never a module-level list), so
 * the metrics endpoint can expose what every caselink in node has received, refused and answered busy.
 */
import { runtimeState, type RuntimeHandle } from './runtime-state';

export interface IngressSource {
  kind: string;
  division: string;
  counts(): Readonly<Record<string, number>>;
}

export function ingressSources(RED: RuntimeHandle): Set<IngressSource> {
  return runtimeState(RED, 'ingress-figures', () => new Set<IngressSource>());
}

/** Adds a node's counters; returns the removal (on close). */
export function registerIngressSource(RED: RuntimeHandle, source: IngressSource): () => void {
  const sources = ingressSources(RED);
  sources.add(source);
  return () => {
    sources.delete(source);
  };
}

/** Counts summed per system instance and outcome (two nodes for one instance add up). */
export function ingressTotals(RED: RuntimeHandle): Array<{ kind: string; division: string; outcome: string; count: number }> {
  const totals = new Map<string, { kind: string; division: string; outcome: string; count: number }>();
  for (const source of ingressSources(RED)) {
    for (const [outcome, count] of Object.entries(source.counts())) {
      const key = `${source.kind}|${source.division}|${outcome}`;
      const row = totals.get(key) ?? { kind: source.kind, division: source.division, outcome, count: 0 };
      row.count += count;
      totals.set(key, row);
    }
  }
  return [...totals.values()].sort((a, b) => `${a.kind}${a.division}${a.outcome}`.localeCompare(`${b.kind}${b.division}${b.outcome}`));
}
