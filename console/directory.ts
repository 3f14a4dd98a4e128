/**
 * The districts, systems and system instances the console lists, in the shape of the org
 * directory's console route (`GET <admin>/caselink/api/directory`): the four pilot districts and
 * four legacy systems until the city-wide org directory replaces this table.
 */
import { DIVISIONS, DIVISION_CODES } from '../standard/codes/divisions';
import { SYSTEM_KINDS, type SystemKind } from '../adapters/types';
import { AGENCIES_OF_SYSTEM, systemDestination } from '../routing/systems';
import { SYSTEM_LABELS } from './labels';

export interface LocalName {
  'zh-CN': string;
  'en-US': string;
}

export interface DirectoryView {
  divisions: Array<{ code: string; name: LocalName }>;
  systems: Array<{ kind: string; name: LocalName; agencies: string[] }>;
  /** One per listed link; `configured` false: listed, but no address or flow serves it yet. */
  instances: Array<{ id: string; kind: string; division: string; configured: boolean }>;
}

/** Whether a listed system instance has what it needs to be reached (an address, or a flow that serves it). */
export type InstanceConfigured = (kind: SystemKind, division: string) => boolean;

export function directoryView(configured: InstanceConfigured = () => true): DirectoryView {
  return {
    divisions: DIVISION_CODES.map((code) => ({ code, name: { 'zh-CN': DIVISIONS[code].zh, 'en-US': DIVISIONS[code].en } })),
    systems: SYSTEM_KINDS.map((kind) => ({ kind, name: { 'zh-CN': SYSTEM_LABELS[kind].zh, 'en-US': SYSTEM_LABELS[kind].en }, agencies: [...AGENCIES_OF_SYSTEM[kind]] })),
    instances: DIVISION_CODES.flatMap((division) =>
      SYSTEM_KINDS.map((kind) => ({ id: systemDestination(kind, division), kind, division, configured: configured(kind, division) })),
    ),
  };
}
