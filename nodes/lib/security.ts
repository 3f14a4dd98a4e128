/**
 * The security controls as the nodes reach them: the runtime's one stored-message codec (integrity
 * seal + optional encryption at rest), the audit log / replay guard / raw archive of each Redis
 * (PlatformSecurity, one per forwarder), and where the route node asks tracking about
 * jurisdiction transfers.
 */
import { join } from 'node:path';
import type { Forwarder } from '../../core/index';
import { PlatformSecurity } from '../../ingress/ingress-security';
import { createPlatformCodec, type PlatformCodec } from '../../security/stored-codec';
import { cryptoProfileFromEnv, profileDigest } from '../../security/crypto-profile';
import type { NodeAPI } from '../node-red';
import { runtimeState, type RuntimeHandle } from './runtime-state';

interface CaselinkSettings {
  /** How long a pushed request is remembered by the replay guard (ms, default 600 000). */
  replayWindowMs?: number;
  /** Deadline of one audit write (ms, default 2000); past it the ingress answers busy. */
  auditTimeoutMs?: number;
}

/** What one runtime's nodes share (see runtime-state.ts). */
interface RuntimeSecurity {
  codec: PlatformCodec | undefined;
  /** One bundle per forwarder (the Redis behind it). */
  bundles: WeakMap<Forwarder, PlatformSecurity>;
  /** Bundles of the Redis config nodes while connected. */
  live: Set<PlatformSecurity>;
  jurisdictionSources: Set<JurisdictionSource>;
}

function stateOf(RED: RuntimeHandle): RuntimeSecurity {
  return runtimeState(RED, 'security', () => ({ codec: undefined, bundles: new WeakMap(), live: new Set(), jurisdictionSources: new Set() }));
}

type Runtime = RuntimeHandle & Pick<NodeAPI, 'settings' | 'log'>;

/** The runtime's codec; the first call resolves the key (and logs where it came from). Throws KeyConfigurationError. */
export function codecOf(RED: Runtime): PlatformCodec {
  const state = stateOf(RED);
  if (state.codec) return state.codec;
  const userDir = typeof RED.settings.userDir === 'string' && RED.settings.userDir ? RED.settings.userDir : undefined;
  const created = createPlatformCodec(process.env, userDir ? { generatedKeyFile: join(userDir, 'caselink', 'integrity.key') } : {});
  if (created.warning) RED.log.warn(`[caselink] ${created.warning}`);
  else
    RED.log.info(
      `[caselink] stored messages are sealed with the key from ${created.source === 'env' ? 'CASELINK_INTEGRITY_KEY' : created.path}${created.atRest ? ' and encrypted at rest' : ''} (存储报文已加完整性签名${created.atRest ? '并加密' : ''})`,
    );
  state.codec = created;
  return created;
}

/** The security controls of the Redis behind `forwarder` (created on first use). Throws KeyConfigurationError. */
export function securityOf(RED: Runtime, forwarder: Forwarder): PlatformSecurity {
  const { bundles } = stateOf(RED);
  let bundle = bundles.get(forwarder);
  if (!bundle) {
    const { codec, atRest } = codecOf(RED);
    const settings = (RED.settings.caselink ?? {}) as CaselinkSettings;
    bundle = new PlatformSecurity(forwarder.client, forwarder.prefix, codec, atRest, {
      ...(Number(settings.replayWindowMs) > 0 ? { replayWindowMs: Number(settings.replayWindowMs) } : {}),
      ...(Number(settings.auditTimeoutMs) > 0 ? { auditTimeoutMs: Number(settings.auditTimeoutMs) } : {}),
      auditHash: profileDigest(cryptoProfileFromEnv()),
    });
    bundles.set(forwarder, bundle);
  }
  return bundle;
}

/** The security controls of the Redis behind `forwarder` if an inbound node made them (for the metrics: never creates one). */
export function existingSecurityOf(RED: RuntimeHandle, forwarder: Forwarder): PlatformSecurity | undefined {
  return stateOf(RED).bundles.get(forwarder);
}

/** Registers a connected bundle (by the Redis config nodes): for nodes without a Redis of their own. */
export function registerLiveSecurity(RED: RuntimeHandle, bundle: PlatformSecurity): () => void {
  const { live } = stateOf(RED);
  live.add(bundle);
  return () => live.delete(bundle);
}

/** Any connected audit log (the route node audits refusals of messages that did not come through an inbound node). */
export function anyLiveSecurity(RED: RuntimeHandle): PlatformSecurity | undefined {
  return stateOf(RED).live.values().next().value;
}

/** What tracking knows of a case's jurisdiction (its district changes on a JURISDICTION_TRANSFER). */
export type JurisdictionSource = (caseUid: string) => Promise<string | undefined>;

export function registerJurisdictionSource(RED: RuntimeHandle, source: JurisdictionSource): () => void {
  const { jurisdictionSources } = stateOf(RED);
  jurisdictionSources.add(source);
  return () => jurisdictionSources.delete(source);
}

/** The district tracking holds for the case, if any tracker of this runtime knows it. */
export async function trackedDistrict(RED: RuntimeHandle, caseUid: string): Promise<string | undefined> {
  for (const source of stateOf(RED).jurisdictionSources) {
    const district = await source(caseUid).catch(() => undefined);
    if (district) return district;
  }
  return undefined;
}
