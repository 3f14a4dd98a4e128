import { STAY, type ProcessDefinition } from './definition';
import type { CaseProcessState, HistoryEntry, InstanceKey, ProcessAttributes, ProcessChange, ProcessInstance } from './types';

interface Target {
  to: string;
  via?: readonly string[];
}

/** Move (or open) an instance; shared by messages, follows and internal events. */
export function advance(
  definition: ProcessDefinition,
  key: InstanceKey,
  instance: ProcessInstance | undefined,
  target: Target,
  attributes: ProcessAttributes,
  entry: Omit<HistoryEntry, 'from' | 'to' | 'via'>,
): { instance: ProcessInstance; change: ProcessChange } {
  const from = instance?.state ?? null;
  const stays = target.to === STAY;
  const to = stays ? (from as string) : target.to;
  const merged = mergeAttributes(instance?.attributes ?? {}, attributes);
  const via = target.via && target.via.length > 0 ? [...target.via] : undefined;
  const next: ProcessInstance = {
    process: definition.process,
    key,
    state: to,
    closed: (definition.terminal as readonly string[]).includes(to),
    openedAt: instance?.openedAt ?? entry.at,
    updatedAt: entry.at,
    attributes: merged.attributes,
    history: [...(instance?.history ?? []), { ...entry, from, to, ...(via && { via }), ...(stays && !entry.note && { note: 'NO_STATE_CHANGE' as const }) }],
  };
  const change: ProcessChange = {
    kind: !instance ? 'OPENED' : stays ? 'STAYED' : 'TRANSITION',
    process: definition.process,
    key,
    from,
    to,
    ...(via && { via }),
    ...(Object.keys(merged.changed).length > 0 && { attributes: merged.changed }),
    ...(entry.note === 'FOLLOW' && { follow: true }),
    ...(entry.event && { event: entry.event }),
  };
  return { instance: next, change };
}

export function definedOnly(attributes: ProcessAttributes): ProcessAttributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined)) as ProcessAttributes;
}

/** `undefined` in `set` removes the attribute. */
function mergeAttributes(base: ProcessAttributes, set: ProcessAttributes): { attributes: ProcessAttributes; changed: ProcessAttributes } {
  const attributes: Record<string, unknown> = { ...base };
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(set)) {
    if (attributes[name] === value) continue;
    if (value === undefined) {
      if (!(name in attributes)) continue;
      delete attributes[name];
    } else {
      attributes[name] = value;
    }
    changed[name] = value;
  }
  return { attributes: attributes as ProcessAttributes, changed: changed as ProcessAttributes };
}

export function putInstance(state: CaseProcessState, instance: ProcessInstance): CaseProcessState {
  return { ...state, processes: { ...state.processes, [instance.key]: instance } };
}
