/** The districts, systems and system instances the console lists, as the API's directory gives them. */
import { state } from './state.js';

export function districts() {
  return state.directory ? state.directory.divisions.map((d) => d.code) : [];
}

export function systems() {
  return state.directory ? state.directory.systems.map((x) => x.kind) : [];
}

/** The listed instance for a destination id, or undefined. */
export function instance(id) {
  return state.directory ? state.directory.instances.find((i) => i.id === id) : undefined;
}

export function destinations() {
  return state.directory ? state.directory.instances.map((i) => i.id) : [];
}
