/**
 * The security controls as the nodes reach them: the runtime's one stored-message codec (integrity
 * seal + optional encryption at rest), the audit log / replay guard / raw archive of each Redis
 * (PlatformSecurity, one per forwarder), and where the route node asks tracking about
 * jurisdiction transfers.
 */
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Forwarder } from '../../core/index';
import { PlatformSecurity } from '../../ingress/ingress-security';
import { createPlatformCodec, type PlatformCodec } from '../../security/stored-codec';
import type { NodeAPI } from '../node-red';

interface CaselinkSettings {
  /** How long a pushed request is remembered by the replay guard (ms, default 600 000). */
  replayWindowMs?: number;
  /** Deadline of one audit write (ms, default 2000); past it the ingress answers busy. */
  auditTimeoutMs?: number;
}

let platformCodec: PlatformCodec | undefined;

/** The runtime's codec; the first call resolves the key (and logs where it came from). Throws KeyConfigurationError. */
export function codecOf(RED: Pick<NodeAPI, 'settings' | 'log'>): PlatformCodec {
  if (platformCodec) return platformCodec;
  const userDir = typeof RED.settings.userDir === 'string' && RED.settings.userDir ? RED.settings.userDir : undefined;
  const created = createPlatformCodec(process.env, userDir ? { generatedKeyFile: join(userDir, 'caselink', 'integrity.key') } : {});
  if (created.warning) RED.log.warn(`[caselink] ${created.warning}`);
  else RED.log.info(`[caselink] stored messages are sealed with the key from ${created.source === 'env' ? 'CASELINK_INTEGRITY_KEY' : created.path}${created.atRest ? ' and encrypted at rest' : ''} (存储报文已加完整性签名${created.atRest ? '并加密' : ''})`);
  platformCodec = created;
  return created;
}

const bundles = new WeakMap<Forwarder, PlatformSecurity>();

/** The security controls of the Redis behind `forwarder` (created on first use). Throws KeyConfigurationError. */
export function securityOf(RED: Pick<NodeAPI, 'settings' | 'log'>, forwarder: Forwarder): PlatformSecurity {
  let bundle = bundles.get(forwarder);
  if (!bundle) {
    const { codec, atRest } = codecOf(RED);
    const settings = (RED.settings.caselink ?? {}) as CaselinkSettings;
    bundle = new PlatformSecurity(forwarder.client as unknown as Redis, forwarder.prefix, codec, atRest, {
      ...(Number(settings.replayWindowMs) > 0 ? { replayWindowMs: Number(settings.replayWindowMs) } : {}),
      ...(Number(settings.auditTimeoutMs) > 0 ? { auditTimeoutMs: Number(settings.auditTimeoutMs) } : {}),
    });
    bundles.set(forwarder, bundle);
  }
  return bundle;
}

/** The security controls of the Redis behind `forwarder` if an inbound node made them (for the metrics: never creates one). */
export function existingSecurityOf(forwarder: Forwarder): PlatformSecurity | undefined {
  return bundles.get(forwarder);
}

/** Live bundles (registered by the Redis config nodes while connected): for nodes without a Redis of their own. */
const live = new Set<PlatformSecurity>();

export function registerLiveSecurity(bundle: PlatformSecurity): () => void {
  live.add(bundle);
  return () => live.delete(bundle);
}

/** Any connected audit log (the route node audits refusals of messages that did not come through an inbound node). */
export function anyLiveSecurity(): PlatformSecurity | undefined {
  return live.values().next().value;
}

/** What tracking knows of a case's jurisdiction (its district changes on a JURISDICTION_TRANSFER). */
export type JurisdictionSource = (caseUid: string) => Promise<string | undefined>;

const jurisdictionSources = new Set<JurisdictionSource>();

export function registerJurisdictionSource(source: JurisdictionSource): () => void {
  jurisdictionSources.add(source);
  return () => jurisdictionSources.delete(source);
}

/** The district tracking holds for the case, if any tracker knows it. */
export async function trackedDistrict(caseUid: string): Promise<string | undefined> {
  for (const source of jurisdictionSources) {
    const district = await source(caseUid).catch(() => undefined);
    if (district) return district;
  }
  return undefined;
}
