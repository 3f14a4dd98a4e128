/**
 * The four built-in systems of the pilot, each an adapter of the public contract (contract.ts) and
 * registered through exactly the same path as an adapter package. This file and the adapter
 * folders are the only places that name them.
 */
import { join } from 'node:path';
import { CURRENT_STANDARD_VERSION } from '../standard/schema/message';
import { ADAPTER_CONTRACT_VERSION, type AdapterDefinition } from './contract';
import { AdapterRegistry } from './registry';
import * as psb from './psb';
import * as procuratorate from './procuratorate';
import * as court from './court';
import * as justice from './justice';

const fixtures = (folder: string) => ({ directory: join(__dirname, folder, 'fixtures') });

export const BUILTIN_ADAPTERS: readonly AdapterDefinition[] = [
  {
    contractVersion: ADAPTER_CONTRACT_VERSION,
    kind: 'psb',
    names: { 'zh-CN': '公安 · 警务综合平台', 'en-US': 'Police (PSB) case platform' },
    agencies: ['PSB', 'DETENTION_CENTER'],
    credentials: ['token'],
    transports: { push: {}, delivery: { synchronousAnswer: true } },
    standardVersion: CURRENT_STANDARD_VERSION,
    codec: psb.codec,
    createClient: psb.createClient,
    startSimulator: psb.startSimulator,
    fixtures: fixtures('psb'),
  },
  {
    contractVersion: ADAPTER_CONTRACT_VERSION,
    kind: 'procuratorate',
    names: { 'zh-CN': '检察院 · 检察业务应用系统', 'en-US': 'Procuratorate case system' },
    agencies: ['PROCURATORATE'],
    credentials: ['token'],
    transports: { push: {}, delivery: { synchronousAnswer: true } },
    standardVersion: CURRENT_STANDARD_VERSION,
    codec: procuratorate.codec,
    createClient: procuratorate.createClient,
    startSimulator: procuratorate.startSimulator,
    fixtures: fixtures('procuratorate'),
  },
  {
    contractVersion: ADAPTER_CONTRACT_VERSION,
    kind: 'court',
    names: { 'zh-CN': '法院 · 审判流程管理系统', 'en-US': 'Court trial management system' },
    agencies: ['COURT'],
    credentials: ['appId', 'secret'],
    transports: { outbox: { cursor: true, ack: true }, delivery: { synchronousAnswer: true } },
    standardVersion: CURRENT_STANDARD_VERSION,
    codec: court.codec,
    createClient: court.createClient,
    startSimulator: court.startSimulator,
    fixtures: fixtures('court'),
  },
  {
    contractVersion: ADAPTER_CONTRACT_VERSION,
    kind: 'justice',
    names: { 'zh-CN': '司法局 · 司法行政综合平台', 'en-US': 'Justice bureau platform' },
    agencies: ['LEGAL_AID_CENTER', 'COMMUNITY_CORRECTIONS'],
    credentials: ['appId', 'secret'],
    transports: { outbox: { cursor: true, ack: true }, delivery: { synchronousAnswer: true } },
    standardVersion: CURRENT_STANDARD_VERSION,
    codec: justice.codec,
    createClient: justice.createClient,
    startSimulator: justice.startSimulator,
    fixtures: fixtures('justice'),
  },
];

/** A new registry holding the four built-ins (registered through the contract check like any adapter). */
export function createAdapterRegistry(): AdapterRegistry {
  const registry = new AdapterRegistry();
  for (const adapter of BUILTIN_ADAPTERS) registry.register(adapter);
  return registry;
}

/** A built-in adapter by kind (for the demo and the benchmarks, which play the built-in systems). */
export function builtinAdapter(kind: string): AdapterDefinition {
  const adapter = BUILTIN_ADAPTERS.find((a) => a.kind === kind);
  if (!adapter) throw new Error(`no built-in adapter "${kind}" (无此内置适配器)`);
  return adapter;
}

export const BUILTIN_KINDS: readonly string[] = BUILTIN_ADAPTERS.map((a) => a.kind);
