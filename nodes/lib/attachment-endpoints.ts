/**
 * The attachment endpoints of one system instance, beside its push path (docs/dossier-and-evidence.md):
 *   PUT <path>/attachments/<sha256>    a sender uploads a large file, streamed into the store (caselink-in)
 *   GET <path>/attachments/<address>   a receiver that takes files by link fetches one (caselink-deliver)
 * Both authenticate the request the way the system's pushes are authenticated (its codec's
 * verifyInbound on the headers: token systems send the same token header) and are audited.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { flattenHeaders } from '../../adapters/shared/http-request';
import type { Credentials, LegacyCodec } from '../../adapters/types';
import { serveBlobLink } from '../../dossier/delivery';
import { blobErrors } from '../../dossier/errors';
import { handleAttachmentUpload } from '../../dossier/transfer';
import type { PlatformSecurity } from '../../ingress/ingress-security';
import { maskedText } from '../../security/log-mask';
import type { NodeAPI } from '../node-red';
import type { PlatformDossier } from './dossier';
import { mountStreamEndpoint, type EndpointOptions } from './http-endpoints';

/** The push path of a system instance: its adapter's, else `/caselink/<kind>/<division>`. */
export function systemPathOf(pushPath: string | undefined, kind: string, division: string): string {
  return (pushPath ?? `/caselink/${kind}/{division}`).replace('{division}', division);
}

/** The options every CaseLink endpoint of a runtime is mounted with. */
export function endpointOptionsOf(RED: Pick<NodeAPI, 'settings'>, maxBodyBytes: number, bodyTimeoutMs: number): EndpointOptions {
  return {
    nodeRoot: typeof RED.settings.httpNodeRoot === 'string' ? RED.settings.httpNodeRoot : '/',
    maxBodyBytes,
    bodyTimeoutMs,
    nodeAuth: RED.settings.httpNodeAuth,
    nodeMiddleware: RED.settings.httpNodeMiddleware,
  };
}

export interface AttachmentEndpointOptions {
  /** The system's push path (without `/attachments`). */
  path: string;
  /** The system instance, e.g. `psb-440105`: the actor of the audit records, the receiver of links. */
  actor: string;
  codec: LegacyCodec;
  credentials: Credentials;
  /** The dossier and security of the Redis currently connected (undefined: answer busy). */
  current: () => { dossier: PlatformDossier; security: PlatformSecurity } | undefined;
  endpoint: EndpointOptions;
  /** Counting and logging (unauthorized, busy …). */
  onEvent?: (event: 'unauthorized' | 'busy' | 'stored' | 'served', detail: string) => void;
}

function busy(res: ServerResponse, reason: string): void {
  if (res.headersSent) return;
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
  res.end(JSON.stringify({ code: 'BUSY', error: `${reason} (平台暂不可用，请稍后重试)` }));
}

/** Who the request's headers say it is: the system instance when they authenticate it, else undefined (noted). */
function authenticated(req: IncomingMessage, options: AttachmentEndpointOptions, security: PlatformSecurity): string | undefined {
  const verdict = options.codec.verifyInbound?.(Buffer.alloc(0), flattenHeaders(req), options.credentials, Date.now()) ?? {
    ok: false as const,
    reason: 'the adapter cannot authenticate this system (适配器无法验证该系统身份)',
  };
  if (verdict.ok) return options.actor;
  security.note({ actor: options.actor, action: 'refusal', subject: '(attachment)', outcome: 'unauthorized', detail: { reason: verdict.reason } });
  options.onEvent?.('unauthorized', maskedText(verdict.reason));
  return undefined;
}

/** PUT <path>/attachments/<sha256>: the upload ingress of a sending system. Returns its removal. */
export function mountAttachmentUpload(RED: Pick<NodeAPI, 'httpNode'>, options: AttachmentEndpointOptions): () => void {
  return mountStreamEndpoint(
    RED.httpNode!,
    'PUT',
    `${options.path}/attachments`,
    (req, res) => {
      const current = options.current();
      if (!current) {
        options.onEvent?.('busy', 'Redis or the attachment store is not connected');
        req.resume();
        return busy(res, 'Redis or the attachment store is not connected');
      }
      const { dossier, security } = current;
      handleAttachmentUpload(req, res, dossier.runtime.store, {
        limits: dossier.runtime.limits,
        authenticate: (request) => authenticated(request, options, security),
        onStored: async (blob, system) => {
          // Fail closed: an upload not audited is answered busy (the blob, content-addressed, may stay).
          const gate = await security.gate({
            actor: system,
            action: 'ingress',
            subject: blob.address,
            outcome: 'attachment-stored',
            detail: { size: blob.size, sha256: blob.sha256 },
          });
          if (!gate.ok) throw blobErrors.unavailable('audit log', gate.reason);
          await dossier.index.noteUpload(system, blob).catch((err: unknown) => {
            throw blobErrors.unavailable('Redis', err);
          });
          options.onEvent?.('stored', blob.address);
        },
      }).catch((err: unknown) => busy(res, err instanceof Error ? err.message : String(err)));
    },
    options.endpoint,
  );
}

/** GET <path>/attachments/<address>?r&e&s: the links of a receiver that takes files by link. Returns its removal. */
export function mountAttachmentLinks(RED: Pick<NodeAPI, 'httpNode'>, options: AttachmentEndpointOptions): () => void {
  return mountStreamEndpoint(
    RED.httpNode!,
    'GET',
    `${options.path}/attachments`,
    (req, res, address) => {
      const current = options.current();
      if (!current) return busy(res, 'Redis or the attachment store is not connected');
      const { dossier, security } = current;
      const who = authenticated(req, options, security);
      serveBlobLink(req, res, dossier.runtime.store, dossier.runtime.links().signer, who)
        .then(() => {
          const served = res.statusCode === 200 && res.writableFinished;
          security.note({
            actor: options.actor,
            action: 'dossier-access',
            subject: address.slice(0, 256),
            outcome: served ? 'link-served' : 'link-refused',
            detail: { status: res.statusCode },
          });
          if (served) options.onEvent?.('served', address);
        })
        .catch((err: unknown) => busy(res, err instanceof Error ? err.message : String(err)));
    },
    // Every deliver node of the receiver offers the same links: one serves, the others stand by.
    { ...options.endpoint, shared: true },
  );
}
