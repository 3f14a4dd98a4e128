/**
 * The adapter registry of one Node-RED runtime: the built-ins, plus every adapter package that
 * registered a `caselink-adapter` plugin (RED.plugins). Kept per runtime (keyed by the runtime's
 * event bus, which every node set of one runtime shares), never per module. A refused adapter
 * (contract or standard version this build does not read) is logged once, in both languages.
 */
import { createAdapterRegistry } from '../../adapters/builtins';
import { ADAPTER_PLUGIN_TYPE, type AdapterDefinition } from '../../adapters/contract';
import type { AdapterRegistry } from '../../adapters/registry';
import type { NodeAPI } from '../node-red';

interface AdapterPluginDefinition {
  adapter?: unknown;
  /** Set by Node-RED: the package that registered the plugin. */
  module?: string;
}

const registries = new WeakMap<object, AdapterRegistry>();

function runtimeKey(RED: NodeAPI): object {
  return (RED.events as object | undefined) ?? RED;
}

/** The runtime's registry, brought up to date with the adapter plugins registered so far. */
export function adaptersOf(RED: NodeAPI): AdapterRegistry {
  const key = runtimeKey(RED);
  let registry = registries.get(key);
  if (!registry) {
    registry = createAdapterRegistry();
    registries.set(key, registry);
  }
  const plugins = (RED.plugins?.getByType?.(ADAPTER_PLUGIN_TYPE) ?? []) as AdapterPluginDefinition[];
  const candidates = plugins.map((plugin) => {
    const adapter = plugin.adapter as AdapterDefinition | undefined;
    if (adapter && typeof adapter === 'object' && !adapter.source && plugin.module) adapter.source = { package: plugin.module };
    return adapter;
  });
  for (const refused of registry.registerNew(candidates)) RED.log.error(`[caselink] ${refused.message}`);
  return registry;
}
