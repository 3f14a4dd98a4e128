import { OPEN, STAY, type ProcessDefinition } from '../standard/processes/definition';
import { PROCESS_DEFINITIONS } from '../standard/processes/registry';
import type { Process } from '../standard/codes/processes';
import type { ProcessInstance } from '../standard/processes/types';

/** The virtual node every opening transition leaves from. */
export const START_NODE = '●';

export interface DiagramNode {
  id: string;
  /** Column (distance from the start) and row within the column: the page turns them into pixels. */
  layer: number;
  row: number;
  initial: boolean;
  terminal: boolean;
  /** The instance is in this state now / passed through it. */
  current: boolean;
  visited: boolean;
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** Message types (or internal events) that take this step. */
  on: string[];
  /** The instance took this step. */
  taken: boolean;
}

export interface ProcessDiagram {
  process: Process;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  layers: number;
}

interface Graph {
  edges: Map<string, { from: string; to: string; on: Set<string> }>;
}

function addEdge(graph: Graph, from: string, to: string, on: string): void {
  if (from === to) return;
  const key = `${from}→${to}`;
  let edge = graph.edges.get(key);
  if (!edge) {
    edge = { from, to, on: new Set() };
    graph.edges.set(key, edge);
  }
  edge.on.add(on);
}

function graphOf(definition: ProcessDefinition): Graph {
  const graph: Graph = { edges: new Map() };
  for (const row of definition.transitions) {
    if (row.to === STAY) continue;
    const froms = row.from === OPEN ? [START_NODE] : row.from;
    for (const from of froms) {
      const path = [from, ...(row.via ?? []), row.to];
      for (let i = 0; i + 1 < path.length; i++) addEdge(graph, path[i]!, path[i + 1]!, row.on);
    }
  }
  for (const step of definition.internal) {
    if (step.to === STAY) continue;
    for (const from of step.from) addEdge(graph, from, step.to, step.event);
  }
  return graph;
}

/** One state change of an instance (its history, or the case timeline's state entries). */
export interface TakenStep {
  from: string | null;
  to: string | null;
  via?: readonly string[] | undefined;
}

/** The steps as `from→to` keys (via states included) and every state passed. */
function takenSteps(instance: ProcessInstance | undefined, taken: readonly TakenStep[]): { steps: Set<string>; visited: Set<string> } {
  const steps = new Set<string>();
  const visited = new Set<string>();
  for (const entry of [...(instance?.history ?? []), ...taken]) {
    if (entry.to === null) continue;
    const path = [entry.from ?? START_NODE, ...(entry.via ?? []), entry.to];
    for (const state of path) visited.add(state);
    for (let i = 0; i + 1 < path.length; i++) steps.add(`${path[i]}→${path[i + 1]}`);
  }
  if (instance) visited.add(instance.state);
  visited.delete(START_NODE);
  return { steps, visited };
}

/**
 * A process's state machine (standard/processes) as a layered graph: states in columns by their
 * distance from the opening message, with the instance's current state and path marked.
 */
export function processDiagram(process: Process, instance?: ProcessInstance, taken: readonly TakenStep[] = []): ProcessDiagram {
  const definition = PROCESS_DEFINITIONS[process];
  const graph = graphOf(definition);
  const outgoing = new Map<string, string[]>();
  for (const edge of graph.edges.values()) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge.to]);

  const layerOf = new Map<string, number>([[START_NODE, 0]]);
  const queue = [START_NODE];
  while (queue.length > 0) {
    const state = queue.shift()!;
    for (const next of outgoing.get(state) ?? []) {
      if (layerOf.has(next)) continue;
      layerOf.set(next, layerOf.get(state)! + 1);
      queue.push(next);
    }
  }
  const deepest = Math.max(...layerOf.values());
  const order = [START_NODE, ...definition.states];
  for (const state of definition.states) if (!layerOf.has(state)) layerOf.set(state, deepest + 1);

  const { steps, visited } = takenSteps(instance, taken);
  const rows = new Map<number, number>();
  const nodes: DiagramNode[] = order.map((id) => {
    const layer = layerOf.get(id)!;
    const row = rows.get(layer) ?? 0;
    rows.set(layer, row + 1);
    return {
      id,
      layer,
      row,
      initial: id !== START_NODE && definition.initial.includes(id),
      terminal: definition.terminal.includes(id),
      current: instance?.state === id,
      visited: visited.has(id),
    };
  });
  const edges: DiagramEdge[] = [...graph.edges.values()].map((edge) => ({
    from: edge.from,
    to: edge.to,
    on: [...edge.on].sort(),
    taken: steps.has(`${edge.from}→${edge.to}`),
  }));
  return { process, nodes, edges, layers: Math.max(...nodes.map((n) => n.layer)) + 1 };
}
