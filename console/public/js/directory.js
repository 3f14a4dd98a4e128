/** The districts, systems and system instances the console lists, as the API's directory gives them. */
import { state } from './state.js';

/** The divisions that have at least one system instance (a division without one has no links), in the directory's order. */
export function districts() {
  if (!state.directory) return [];
  const served = new Set(state.directory.instances.map((i) => i.division));
  return state.directory.divisions.map((d) => d.code).filter((code) => served.has(code));
}

/** The systems that have at least one instance, in the directory's order. */
export function systems() {
  if (!state.directory) return [];
  const used = new Set(state.directory.instances.map((i) => i.kind));
  return state.directory.systems.map((x) => x.kind).filter((kind) => used.has(kind));
}

/** The listed instance for a destination id, or undefined. */
export function instance(id) {
  return state.directory ? state.directory.instances.find((i) => i.id === id) : undefined;
}

export function destinations() {
  return state.directory ? state.directory.instances.map((i) => i.id) : [];
}
