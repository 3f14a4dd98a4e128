/**
 * The adapter contract (docs/adapter-sdk.md): what one legacy system's adapter declares so that the
 * runtime can offer it in the system config node, use it in the inbound and delivery nodes,
 * simulate it, list it in the console and test it with the conformance kit. The four built-in
 * systems are adapters of exactly this contract (adapters/builtins.ts); an agency's own adapter,
 * published as its own npm package, registers the same object as a Node-RED plugin of type
 * `caselink-adapter`.
 *
 * Versioned: `contractVersion` says which shape of this object an adapter was written against;
 * `standardVersion` which unified-standard version its codec maps to. The registry refuses an
 * adapter whose versions this build does not read, with a bilingual error naming the adapter.
 */
import type { Agency } from '../standard/codes/agencies';
import type { Simulator, SimulatorOptions } from './simulator-types';
import type { ClientOptions, Credentials, LegacyClient, LegacyCodec } from './types';

/** The contract version this build implements. Bumped only on an incompatible change of AdapterDefinition. */
export const ADAPTER_CONTRACT_VERSION = 1;
/** Contract versions this build reads. */
export const SUPPORTED_CONTRACT_VERSIONS: readonly number[] = [1];
/** The Node-RED plugin type an adapter package registers (`RED.plugins.registerPlugin(id, { type, adapter })`). */
export const ADAPTER_PLUGIN_TYPE = 'caselink-adapter';

/** A text in both languages of the platform (Chinese first). */
export interface BilingualName {
  'zh-CN': string;
  'en-US': string;
}

/** Which credential fields the system's specification uses (token; appId + secret …). */
export type CredentialField = keyof Credentials;

/** The legacy system sends to the platform: an HTTP endpoint the inbound node mounts. */
export interface PushTransport {
  /** Default path under httpNodeRoot; `{division}` is replaced; default `/caselink/<kind>/{division}`. */
  path?: string;
}

/** The platform reads the legacy system's outbox after a cursor and acknowledges what it stored. */
export interface OutboxTransport {
  /** The client implements fetchOutbox(cursor, max) and ack(ids); the cursor is kept in a CursorStore. */
  cursor: true;
  ack: true;
  /** Largest page the system serves (default 100). */
  maxPageSize?: number;
  /** Items asked for per poll when the inbound node does not say (its default otherwise). */
  pageSize?: number;
  /** Wait between polls of an empty outbox when the inbound node does not say (ms). */
  intervalMs?: number;
}

/** The platform delivers unified messages to the legacy system (client.send). */
export interface DeliveryTransport {
  /** Whether a delivery is answered synchronously with the system's own result code. */
  synchronousAnswer?: boolean;
}

/**
 * How documents travel. Inbound is exactly one of push or outbox (what the inbound node does);
 * delivery is what the delivery node does.
 */
export interface AdapterTransports {
  push?: PushTransport;
  outbox?: OutboxTransport;
  delivery?: DeliveryTransport;
}

/** Sample legacy messages: `<directory>/valid/*` must decode, `<directory>/malformed/*` must be refused. */
export interface AdapterFixtures {
  /** Absolute path of the fixtures folder (e.g. `path.join(__dirname, 'fixtures')`). */
  directory: string;
}

/**
 * One adapter. Everything the runtime needs to know about a legacy system is here; nothing in the
 * platform outside the adapter knows its kind.
 */
export interface AdapterDefinition {
  /** The contract version the adapter was written against (ADAPTER_CONTRACT_VERSION). */
  contractVersion: number;
  /** Stable id, lower-case letters, digits and dashes, e.g. `psb`, `prison-mis`. Used in destinations (`<kind>-<division>`). */
  kind: string;
  /** The system's name, e.g. { 'zh-CN': '警务综合平台', 'en-US': 'PSB case platform' }. */
  names: BilingualName;
  /** The agency types this system serves; the first is its own (whose org code an instance answers for by default). */
  agencies: readonly [Agency, ...Agency[]];
  /** The credential fields an instance must be given. */
  credentials: readonly CredentialField[];
  transports: AdapterTransports;
  /** The unified-standard version the codec maps to, e.g. `1.0`. */
  standardVersion: string;
  /** The format: decode, encode, inbound authentication and the system's own answers. */
  codec: LegacyCodec;
  /** One HTTP client for one system instance. */
  createClient(options: ClientOptions): LegacyClient;
  /** A real HTTP server playing the system's side (for `npm start`, `caselink simulate` and tests). */
  startSimulator(options: SimulatorOptions): Promise<Simulator>;
  fixtures?: AdapterFixtures;
  /** The adapter package's name and version, for logs and the console (filled by the registry for plugins). */
  source?: { package: string; version?: string };
}

/** What an adapter package registers with Node-RED. */
export interface AdapterPlugin {
  type: typeof ADAPTER_PLUGIN_TYPE;
  adapter: AdapterDefinition;
}

/** Identity helper for adapter authors writing TypeScript: checks the object against the contract. */
export function defineAdapter<T extends AdapterDefinition>(definition: T): T {
  return definition;
}
