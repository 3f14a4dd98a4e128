export * from './types';
export * from './simulator-types';
export * from './shared/issues';
export * from './contract';
export { AdapterRegistry, AdapterRefusedError, checkAdapter, ADAPTER_KIND_PATTERN } from './registry';
export { BUILTIN_ADAPTERS, BUILTIN_KINDS, builtinAdapter, createAdapterRegistry } from './builtins';
