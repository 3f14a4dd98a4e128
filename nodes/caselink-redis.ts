import { Forwarder } from '../core/index';
import { SharedForwarder } from './lib/shared-forwarder';
import { toForwarderOptions, type RedisSettings } from './lib/redis-settings';
import { adminAuditOf } from './lib/admin-audit';
import { maskedText } from '../security/log-mask';
import { claimCryptoProfile, cryptoProfileFromEnv, CryptoProfileError } from '../security/crypto-profile';
import type { Redis } from 'ioredis';
import { registerLiveSecurity, securityOf } from './lib/security';
import type { Node, NodeAPI, NodeDef, TlsConfigNode } from './node-red';

/** The Redis config node as other CaseLink nodes see it. */
export interface RedisConfigNode extends Node {
  readonly shared: SharedForwarder;
  /** Where Redis is (no secrets), for status and logs. */
  readonly where: string;
  /** Why the settings cannot be used (English and Chinese), if they cannot. */
  readonly settingsError: string | undefined;
}

interface RedisDef extends NodeDef, Omit<RedisSettings, 'credentials' | 'tls' | 'checkServer'> {
  usetls?: boolean;
  tls?: string;
  checkServer?: boolean | string;
}

export default function register(RED: NodeAPI): void {
  const adminAudit = adminAuditOf(RED);
  adminAudit.onProblem((text) => RED.log.warn(`[caselink] ${maskedText(text)}`));
  function CaselinkRedisNode(this: RedisConfigNode & { shared: SharedForwarder; where: string; settingsError: string | undefined }, def: RedisDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    let tls: Record<string, unknown> | boolean | undefined;
    if (def.usetls) {
      const tlsNode = def.tls ? (RED.nodes.getNode(def.tls) as TlsConfigNode | null) : null;
      if (tlsNode) {
        tls = {};
        tlsNode.addTLSOptions(tls);
      } else tls = true;
    }
    const { tls: _tlsId, ...form } = def;
    const resolved = toForwarderOptions(
      {
        ...form,
        checkServer: def.checkServer !== false && def.checkServer !== 'false',
        credentials: {
          username: node.credentials?.username,
          password: node.credentials?.password,
          sentinelPassword: node.credentials?.sentinelPassword,
        },
        ...(tls === undefined ? {} : { tls }),
      },
      process.env,
    );
    node.settingsError = resolved.ok ? undefined : resolved.errors.join('; ');
    node.where = resolved.ok ? resolved.where : '?';
    let profileRefusal = '';
    node.shared = new SharedForwarder({
      create: async () => {
        if (!resolved.ok) throw new Error(node.settingsError);
        const forwarder = await Forwarder.create(resolved.options);
        // One cryptography profile per Redis, for every runtime on it (with or without attachments):
        // a runtime of the other profile never uses it until an operator migrates it.
        try {
          await claimCryptoProfile(forwarder.client as unknown as Redis, cryptoProfileFromEnv(), {
            prefix: forwarder.prefix,
            migrate: process.env.CASELINK_CRYPTO_PROFILE_MIGRATE === '1',
          });
        } catch (err) {
          await forwarder.close().catch(() => undefined);
          if (err instanceof CryptoProfileError && err.message !== profileRefusal) {
            profileRefusal = err.message;
            node.error(RED._('caselink-redis.errors.crypto-profile', { where: node.where, reason: err.message }));
          }
          throw err;
        }
        profileRefusal = '';
        return forwarder;
      },
    });
    if (node.settingsError) node.error(RED._('caselink-redis.errors.settings', { reason: node.settingsError }));
    let lastLogged = '';
    // While connected, this Redis' audit log takes Node-RED's admin audit events (deploys, logins)
    // and the audit records of nodes that have no Redis of their own.
    let detach: Array<() => void> = [];
    const detachAll = () => {
      for (const d of detach) d();
      detach = [];
    };
    node.shared.on('state', (state) => {
      detachAll();
      if (state.state === 'connected' && node.shared.current) {
        try {
          const security = securityOf(RED, node.shared.current);
          detach = [adminAudit.attach((entry) => security.audit.append(entry)), registerLiveSecurity(RED, security)];
        } catch (err) {
          node.error(maskedText(err instanceof Error ? err.message : String(err)));
        }
      }
      if (state.state === 'connected') {
        lastLogged = '';
        node.log(RED._('caselink-redis.log.connected', { where: node.where }));
      } else if (state.state === 'connecting' && state.lastError && state.lastError !== lastLogged) {
        lastLogged = state.lastError;
        node.warn(RED._('caselink-redis.log.unavailable', { where: node.where, reason: maskedText(state.lastError) }));
      }
    });

    node.on('close', (_removed: boolean, done: () => void) => {
      detachAll();
      node.shared.removeAllListeners('state');
      node.shared.close().then(done, done);
    });
  }

  RED.nodes.registerType('caselink-redis', CaselinkRedisNode, {
    credentials: {
      username: { type: 'text' },
      password: { type: 'password' },
      sentinelPassword: { type: 'password' },
    },
  });
}
