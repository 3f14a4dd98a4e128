import { systemModule, type LegacyClient, type LegacyCodec } from '../adapters/index';
import { resolveSystemInstance, type SystemInstance } from './lib/system-instance';
import type { Node, NodeAPI, NodeDef } from './node-red';

/** The legacy system config node as other CaseLink nodes see it. */
export interface SystemConfigNode extends Node {
  /** The resolved instance, or undefined when the settings are incomplete (see settingsError). */
  readonly instance: SystemInstance | undefined;
  readonly settingsError: string | undefined;
  readonly codec: LegacyCodec | undefined;
  /** The one HTTP client of this instance (created on first use). */
  client(): LegacyClient;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface SystemDef extends NodeDef {
  kind: string;
  division: string;
  orgCode?: string;
  baseUrl?: string;
  timeoutMs?: string;
  receiveOnly?: boolean;
}

export default function register(RED: NodeAPI): void {
  function CaselinkSystemNode(this: Mutable<SystemConfigNode>, def: SystemDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    const resolved = resolveSystemInstance(
      {
        kind: def.kind,
        division: def.division,
        ...(def.orgCode === undefined ? {} : { orgCode: def.orgCode }),
        ...(def.baseUrl === undefined ? {} : { baseUrl: def.baseUrl }),
        ...(def.timeoutMs === undefined ? {} : { timeoutMs: def.timeoutMs }),
        ...(def.receiveOnly === undefined ? {} : { receiveOnly: def.receiveOnly }),
        credentials: { token: node.credentials?.token, appId: node.credentials?.appId, secret: node.credentials?.secret },
      },
      process.env,
    );
    node.instance = resolved.ok ? resolved.instance : undefined;
    node.settingsError = resolved.ok ? undefined : resolved.errors.join('; ');
    node.codec = resolved.ok ? systemModule(resolved.instance.kind).codec : undefined;
    let client: LegacyClient | undefined;
    node.client = () => {
      if (!resolved.ok) throw new Error(node.settingsError);
      const { baseUrl, credentials, timeoutMs, kind } = resolved.instance;
      client ??= systemModule(kind).createClient({ baseUrl, credentials, timeoutMs });
      return client;
    };
    if (!resolved.ok) node.error(RED._('caselink-system.errors.settings', { reason: node.settingsError }));
    else {
      const { kind, division, baseUrl, sources } = resolved.instance;
      node.debug(`${kind} ${division} → ${baseUrl} (url from ${sources.baseUrl}; credentials from env: ${sources.credentials.join(',') || 'none'})`);
    }
    node.on('close', (_removed: boolean, done: () => void) => {
      client = undefined;
      done();
    });
  }

  RED.nodes.registerType('caselink-system', CaselinkSystemNode, {
    credentials: {
      token: { type: 'password' },
      appId: { type: 'text' },
      secret: { type: 'password' },
    },
  });
}
