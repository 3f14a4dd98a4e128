import type { AdapterDefinition } from '../adapters/contract';
import type { LegacyClient, LegacyCodec } from '../adapters/types';
import { adaptersOf } from './lib/adapters';
import { attachmentSourcesOf } from './lib/attachment-sources';
import { directoryOf, markConfigured } from './lib/directory';
import { resolveSystemInstance, type SystemInstance } from './lib/system-instance';
import type { Node, NodeAPI, NodeDef } from './node-red';

/** The legacy system config node as other CaseLink nodes see it. */
export interface SystemConfigNode extends Node {
  /** The resolved instance, or undefined when the settings are incomplete (see settingsError). */
  readonly instance: SystemInstance | undefined;
  readonly settingsError: string | undefined;
  readonly codec: LegacyCodec | undefined;
  /** The adapter of the instance's kind (from the runtime's registry). */
  readonly adapter: AdapterDefinition | undefined;
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
  attachments?: string;
}

export default function register(RED: NodeAPI): void {
  // At load: adapter packages registered so far are checked (a refused one is logged now), the directory read.
  adaptersOf(RED);
  directoryOf(RED);
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
        ...(def.attachments === undefined ? {} : { attachments: def.attachments }),
        credentials: { token: node.credentials?.token, appId: node.credentials?.appId, secret: node.credentials?.secret },
      },
      process.env,
      adaptersOf(RED),
      directoryOf(RED),
    );
    node.instance = resolved.ok ? resolved.instance : undefined;
    node.settingsError = resolved.ok ? undefined : resolved.errors.join('; ');
    node.adapter = resolved.ok ? adaptersOf(RED).get(resolved.instance.kind) : undefined;
    node.codec = node.adapter?.codec;
    let client: LegacyClient | undefined;
    node.client = () => {
      if (!resolved.ok) throw new Error(node.settingsError);
      const { baseUrl, credentials, timeoutMs, kind } = resolved.instance;
      client ??= adaptersOf(RED).require(kind).createClient({ baseUrl, credentials, timeoutMs });
      return client;
    };
    const unmark = resolved.ok ? markConfigured(RED, resolved.instance.destination, node.id) : () => undefined;
    // A system with an address can hand over files it names by URL (attachments sent by reference).
    const unregisterSource =
      resolved.ok && resolved.instance.baseUrl !== ''
        ? attachmentSourcesOf(RED).add(`${resolved.instance.kind}-${resolved.instance.division}`, (url, maxBytes) => {
            const fetchAttachment = node.client().fetchAttachment;
            if (!fetchAttachment) throw new Error(`the ${resolved.instance.kind} adapter cannot fetch files by URL (该系统适配器不支持按地址取件)`);
            return fetchAttachment.call(node.client(), url, maxBytes);
          })
        : () => undefined;
    if (!resolved.ok) node.error(RED._('caselink-system.errors.settings', { reason: node.settingsError }));
    else {
      const { kind, division, baseUrl, sources } = resolved.instance;
      node.debug(`${kind} ${division} → ${baseUrl} (url from ${sources.baseUrl}; credentials from env: ${sources.credentials.join(',') || 'none'})`);
    }
    node.on('close', (_removed: boolean, done: () => void) => {
      client = undefined;
      unmark();
      unregisterSource();
      done();
    });
  }

  // What the editor dialog offers: the registered adapters and the org directory of this runtime.
  RED.httpAdmin?.get('/caselink/system-options', RED.auth?.needsPermission('caselink-system.read') ?? ((_req, _res, next) => next()), (_req, res) => {
    const directory = directoryOf(RED);
    res.json({
      systems: adaptersOf(RED)
        .list()
        .map((a) => ({ kind: a.kind, names: a.names, agencies: a.agencies, credentials: a.credentials, push: Boolean(a.transports.push) })),
      divisions: directory.divisions().map((d) => ({ code: d.code, name: d.name, level: d.level })),
      instances: directory.instances().map((i) => ({ id: i.id, kind: i.kind, division: i.division, serves: i.serves })),
    });
  });

  RED.nodes.registerType('caselink-system', CaselinkSystemNode, {
    credentials: {
      token: { type: 'password' },
      appId: { type: 'text' },
      secret: { type: 'password' },
    },
  });
}
