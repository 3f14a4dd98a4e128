/**
 * Attachments by reference and delivery evidence as the nodes reach them (docs/dossier-and-evidence.md).
 * Off unless CASELINK_ATTACHMENT_STORE is set (`npm start` sets `fs:./data/attachments`):
 *   CASELINK_ATTACHMENT_STORE   fs:<folder> | s3  (s3: CASELINK_S3_ENDPOINT, CASELINK_S3_BUCKET, CASELINK_S3_REGION,
 *                               CASELINK_S3_ACCESS_KEY_ID, CASELINK_S3_SECRET_ACCESS_KEY)
 *   CASELINK_ATTACHMENT_MAX_FILE_BYTES / _MAX_MESSAGE_BYTES / CASELINK_ATTACHMENT_INLINE_MAX_BYTES
 *   CASELINK_SM4_AT_REST_KEY (fs store: files SM4-CTR + HMAC-SM3 encrypted at rest; kid:base64(32 bytes), newest first)
 *   CASELINK_CRYPTO_PROFILE, CASELINK_EVIDENCE_KEY, CASELINK_EVIDENCE_BUSINESS_MS, CASELINK_EVIDENCE_SERVICE_MS
 * One `PlatformDossier` per forwarder (Redis), created on first use, like the security bundle.
 */
import { isAbsolute, join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Forwarder } from '../../core/index';
import { attachmentLimitsFromEnv, externaliseAttachments, type AttachmentLimits, type SenderFetch } from '../../dossier/attachments';
import type { BlobStore } from '../../dossier/blob-store';
import type { ContentAddress } from '../../dossier/digests';
import { DossierIndex, dossierEntriesOf } from '../../dossier/dossier-index';
import { BlobError, blobErrors } from '../../dossier/errors';
import { BlobLinkSigner } from '../../dossier/delivery';
import { randomBytes } from 'node:crypto';
import { FsBlobStore } from '../../dossier/fs-blob-store';
import type { S3BlobStore } from '../../dossier/s3-blob-store';
import { EvidenceLedger } from '../../evidence/ledger';
import { createSealer, sealAlgorithmOf, sealDigest } from '../../evidence/seal';
import { cryptoProfileFromEnv, type CryptoProfile } from '../../security/crypto-profile';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { NodeAPI } from '../node-red';
import { securityOf } from './security';
import { runtimeState, type RuntimeHandle } from './runtime-state';
import type { OrgDirectory } from '../../directory/org-directory';
import { Sm4StreamKeys } from '../../security/sm/sm4-stream';

function storeFromEnv(env: NodeJS.ProcessEnv, profile: CryptoProfile, userDir: string | undefined): BlobStore | undefined {
  const spec = (env.CASELINK_ATTACHMENT_STORE ?? '').trim();
  if (spec === '' || spec === 'off') return undefined;
  if (spec.startsWith('fs:')) {
    const folder = spec.slice(3);
    const sm4 = env.CASELINK_SM4_AT_REST_KEY ? new Sm4StreamKeys(env.CASELINK_SM4_AT_REST_KEY) : undefined;
    return new FsBlobStore(isAbsolute(folder) || !userDir ? folder : join(userDir, folder), profile, sm4 ? { sm4 } : {});
  }
  if (spec === 's3') {
    const need = (name: string) => {
      const value = env[name];
      if (!value) throw new Error(`${name} is required for CASELINK_ATTACHMENT_STORE=s3 (使用S3存储须设置${name})`);
      return value;
    };
    // The AWS SDK is an optional peer dependency: loaded only for an S3 store.
    let S3Store: typeof S3BlobStore;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      S3Store = (require('../../dossier/s3-blob-store') as { S3BlobStore: typeof S3BlobStore }).S3BlobStore;
    } catch (error) {
      throw new Error(
        `CASELINK_ATTACHMENT_STORE=s3 needs @aws-sdk/client-s3, @aws-sdk/lib-storage and @aws-sdk/s3-request-presigner installed beside CaseLink: ${(error as Error).message} (使用S3存储须安装AWS SDK)`,
      );
    }
    return new S3Store(
      {
        bucket: need('CASELINK_S3_BUCKET'),
        client: {
          endpoint: env.CASELINK_S3_ENDPOINT,
          region: env.CASELINK_S3_REGION ?? 'us-east-1',
          ...(env.CASELINK_S3_ACCESS_KEY_ID
            ? { credentials: { accessKeyId: env.CASELINK_S3_ACCESS_KEY_ID, secretAccessKey: need('CASELINK_S3_SECRET_ACCESS_KEY') } }
            : {}),
        },
      },
      profile,
    );
  }
  throw new Error(`CASELINK_ATTACHMENT_STORE="${spec}": use fs:<folder> or s3 (附件存储配置无效)`);
}

/** Time-limited links for receivers that take files by link, served on the platform's HTTP endpoint. */
interface RuntimeLinks {
  signer: BlobLinkSigner;
  /** Where receivers reach this runtime's HTTP endpoints (CASELINK_PUBLIC_URL + httpNodeRoot). */
  baseUrl: string;
  ttlSeconds: number;
}

interface RuntimeDossier {
  profile: CryptoProfile;
  store: BlobStore;
  limits: AttachmentLimits;
  inlineMaxBytes: number;
  /** Made on first use (only receivers taking files by link need them). */
  links: () => RuntimeLinks;
}

/**
 * CASELINK_ATTACHMENT_LINK_KEY (base64, at least 32 bytes; the same on every runtime behind one
 * address), else a key of this runtime only; CASELINK_PUBLIC_URL, else this runtime's own port on
 * 127.0.0.1; CASELINK_ATTACHMENT_LINK_TTL_S (default a day).
 */
function linksFromEnv(env: NodeJS.ProcessEnv, RED: Runtime): RuntimeLinks {
  const keyText = env.CASELINK_ATTACHMENT_LINK_KEY?.trim();
  const key = keyText ? Buffer.from(keyText, 'base64') : randomBytes(32);
  if (!keyText)
    RED.log.warn(
      '[caselink] CASELINK_ATTACHMENT_LINK_KEY is not set: attachment links are signed with a key of this runtime only (未设置CASELINK_ATTACHMENT_LINK_KEY：附件链接仅本实例可验证)',
    );
  const nodeRoot = typeof RED.settings.httpNodeRoot === 'string' ? RED.settings.httpNodeRoot.replace(/\/+$/, '') : '';
  const publicUrl = (env.CASELINK_PUBLIC_URL?.trim() || `http://127.0.0.1:${Number(RED.settings.uiPort) || 1880}`).replace(/\/+$/, '');
  const ttl = Number(env.CASELINK_ATTACHMENT_LINK_TTL_S ?? 86_400);
  return { signer: new BlobLinkSigner(key), baseUrl: `${publicUrl}${nodeRoot}`, ttlSeconds: Number.isInteger(ttl) && ttl > 0 ? ttl : 86_400 };
}

type Runtime = RuntimeHandle & Pick<NodeAPI, 'settings' | 'log'>;

/** What one runtime's nodes share (runtime-state.ts): the store (null: not configured) and one PlatformDossier per Redis. */
interface RuntimeDossierState {
  runtime: RuntimeDossier | null | undefined;
  perForwarder: WeakMap<Forwarder, PlatformDossier>;
}

function stateOf(RED: Runtime): RuntimeDossierState {
  return runtimeState(RED, 'dossier', () => ({ runtime: undefined, perForwarder: new WeakMap() }));
}

/** The runtime's attachment store, or undefined when attachments stay inline (not configured). Throws on a bad configuration. */
export function runtimeDossierOf(RED: Runtime): RuntimeDossier | undefined {
  const state = stateOf(RED);
  if (state.runtime !== undefined) return state.runtime ?? undefined;
  const profile = cryptoProfileFromEnv();
  const userDir = typeof RED.settings.userDir === 'string' ? RED.settings.userDir : undefined;
  const store = storeFromEnv(process.env, profile, userDir);
  const inlineMax = Number(process.env.CASELINK_ATTACHMENT_INLINE_MAX_BYTES ?? 20 * 1024 * 1024);
  const made = store
    ? {
        profile,
        store,
        limits: attachmentLimitsFromEnv(),
        inlineMaxBytes: inlineMax > 0 ? inlineMax : 20 * 1024 * 1024,
        links: once(() => linksFromEnv(process.env, RED)),
      }
    : null;
  state.runtime = made;
  return made ?? undefined;
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

function ms(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : undefined;
}

type Attachment = UnifiedMessage['documents'][number]['attachments'][number];

const byReferenceOnly = (a: Attachment): boolean => Boolean(a.contentRef) && a.content === undefined;

/** The message with each attachment `pick` selects replaced by what `change` makes of it (one at a time). */
async function mapAttachments(
  message: UnifiedMessage,
  pick: (a: Attachment) => boolean,
  change: (a: Attachment) => Promise<Attachment>,
): Promise<UnifiedMessage> {
  if (!message.documents.some((d) => d.attachments.some(pick))) return message;
  const documents = [];
  for (const doc of message.documents) {
    const attachments = [];
    for (const a of doc.attachments) attachments.push(pick(a) ? await change(a) : a);
    documents.push({ ...doc, attachments });
  }
  return { ...message, documents };
}

/** The dossier index and evidence ledger of one Redis (its profile is claimed by the Redis config node). */
export class PlatformDossier {
  readonly index: DossierIndex;
  readonly ledger: EvidenceLedger;

  constructor(
    readonly runtime: RuntimeDossier,
    redis: Redis,
    prefix: string,
    audit: ConstructorParameters<typeof EvidenceLedger>[1]['audit'],
    onAlert: (text: string) => void,
  ) {
    this.index = new DossierIndex(redis, prefix);
    this.ledger = new EvidenceLedger(redis, {
      prefix,
      audit,
      sealer: createSealer(runtime.profile, { keyText: process.env.CASELINK_EVIDENCE_KEY }),
      timeouts: { businessAnswerMs: ms(process.env.CASELINK_EVIDENCE_BUSINESS_MS), serviceMs: ms(process.env.CASELINK_EVIDENCE_SERVICE_MS) },
      onAlert: (a) =>
        onAlert(
          `no ${a.expectedStage} receipt from ${a.receiver} for message ${a.messageId} (case ${a.caseUid}) by ${a.dueAt}: non-delivery evidence recorded (${a.receiver} 未在期限内回执，已记录未送达证明)`,
        ),
    });
  }

  /**
   * Ingress: inline attachments into the store, replaced by references, listed in the case's
   * dossier. A file `sender` uploaded first (named in its message by SHA-256 and size, no content)
   * becomes a reference to the upload; a file it names by URL on its own system (`sourceUrl`) is
   * fetched with `fetchFromSender` (its system's address and credentials).
   */
  async externalise(message: UnifiedMessage, sender?: string, fetchFromSender?: SenderFetch): Promise<UnifiedMessage> {
    const referred = sender ? await this.uploadsNamed(message, sender) : message;
    const carriesFiles = (a: Attachment) => a.content !== undefined || a.contentRef !== undefined || a.sourceUrl !== undefined;
    if (!referred.documents.some((d) => d.attachments.some(carriesFiles))) return message;
    const { message: out, stored } = await externaliseAttachments(referred, this.runtime.store, this.runtime.limits, fetchFromSender);
    await this.index.add(message.caseUid ?? `message:${message.messageId}`, dossierEntriesOf(out, stored, Date.now()));
    return out;
  }

  private uploadsNamed(message: UnifiedMessage, sender: string): Promise<UnifiedMessage> {
    return mapAttachments(
      message,
      (a) => a.content === undefined && a.contentRef === undefined,
      async (a) => {
        const upload = await this.index.uploadOf(sender, a.sha256);
        return upload ? { ...a, contentRef: upload.address, ...(upload.sm3 ? { sm3: upload.sm3 } : {}) } : a;
      },
    );
  }

  /** Delivery to a receiver that takes files inline: referenced files read back (verified) as base64. */
  inlineFor(message: UnifiedMessage, destination: string): Promise<UnifiedMessage> {
    return mapAttachments(message, byReferenceOnly, async (a) => {
      if (a.size > this.runtime.inlineMaxBytes) {
        throw new BlobError(
          'BLOB_TOO_LARGE',
          `${a.fileName} (${a.size} bytes) is over the inline delivery limit of ${this.runtime.inlineMaxBytes} bytes for ${destination}: deliver it by link (附件超过内联投递上限，请改用链接投递)`,
        );
      }
      const chunks: Buffer[] = [];
      for await (const chunk of await this.runtime.store.open(a.contentRef as ContentAddress)) chunks.push(chunk as Buffer);
      const { contentRef: _ref, ...rest } = a;
      return { ...rest, content: Buffer.concat(chunks).toString('base64') };
    });
  }

  /**
   * Delivery to a receiver that takes files by link: each referenced file (it must be in the store)
   * gets a link to `<path>/attachments/<address>` on this runtime, signed for that receiver only
   * and time-limited; the receiver fetches it with its own credentials (served verified, streamed).
   */
  linksFor(message: UnifiedMessage, destination: string, path: string): Promise<UnifiedMessage> {
    return mapAttachments(message, byReferenceOnly, async (a) => {
      const { signer, baseUrl, ttlSeconds } = this.runtime.links();
      const address = a.contentRef as ContentAddress;
      if ((await this.runtime.store.size(address)) === undefined) throw blobErrors.missing(address);
      const { url, expires } = signer.issue(`${baseUrl}${path}/attachments`, address, destination, ttlSeconds);
      return { ...a, link: { url, expiresAt: new Date(expires).toISOString() } };
    });
  }

  /** After a delivery the receiver's system took: the sealed technical receipt (its files' hashes), chained in the audit log. */
  async technicalReceipt(message: UnifiedMessage, destination: string, outcome: DeliveryOutcome): Promise<void> {
    const files = message.documents.flatMap((d) =>
      d.attachments.map((a) => ({ fileName: a.fileName, size: a.size, sha256: a.sha256, ...(a.sm3 ? { sm3: a.sm3 } : {}) })),
    );
    const { content: _c, ...answer } = outcome as DeliveryOutcome & { content?: unknown };
    await this.ledger.technicalReceipt(
      {
        caseUid: message.caseUid ?? `message:${message.messageId}`,
        messageId: message.messageId,
        sender: `${message.sender.agency} ${message.sender.orgCode}`,
        receiver: destination,
      },
      {
        files,
        messageDigest: sealDigest(sealAlgorithmOf(this.runtime.profile), message),
        receiverAnswer: JSON.stringify(answer).slice(0, 500),
        businessAnswer: EXPECTS_BUSINESS_ANSWER.has(message.messageType),
        courtService: message.sender.agency === 'COURT' && message.receiver.agency === 'PROCURATORATE' && SERVED_BY_COURT.has(message.messageType),
      },
    );
  }
}

/** Deliveries the receiving agency answers with 受理/退回 (ACCEPTANCE_ACK, CASE_ACCEPTED/RETURNED, SUPP_INV_RETURN). */
const EXPECTS_BUSINESS_ANSWER = new Set(['ARREST_REQUEST', 'PROSECUTION_OPINION', 'INDICTMENT']);
/** Court documents served on the procuratorate, answered by SERVICE_RECEIPT (送达回执). */
const SERVED_BY_COURT = new Set(['JUDGMENT', 'HEARING_NOTICE', 'JUDGMENT_EFFECTIVE', 'PROCEDURE_CONVERSION', 'SUPPLEMENT_REQUEST']);

/** Message types that answer an earlier delivery (`inReplyTo`): the receiving agency's 受理/退回. */
const BUSINESS_ANSWERS: Readonly<Record<string, 'ACCEPTED' | 'RETURNED'>> = {
  ACCEPTANCE_ACK: 'ACCEPTED',
  CASE_ACCEPTED: 'ACCEPTED',
  CASE_RETURNED: 'RETURNED',
  SUPP_INV_RETURN: 'RETURNED',
};

/**
 * An incoming answer to an earlier delivery becomes evidence of that delivery: 受理/退回 as the
 * business answer, SERVICE_RECEIPT as the 送达回证. The answering system is the receiver of the
 * answered delivery: the system instance the org directory lists as serving the answering unit
 * (`<system>-<division>`, the deliver node's default destination).
 */
export async function recordAnswerEvidence(dossier: PlatformDossier, message: UnifiedMessage, directory: OrgDirectory): Promise<void> {
  const decision = BUSINESS_ANSWERS[message.messageType];
  if (!message.inReplyTo || (!decision && message.messageType !== 'SERVICE_RECEIPT')) return;
  const answerer = directory.instanceServing(message.sender.orgCode)?.id;
  if (!answerer) return;
  const parties = (await dossier.ledger.partiesOf(message.inReplyTo, answerer)) ?? {
    caseUid: message.caseUid ?? `message:${message.inReplyTo}`,
    messageId: message.inReplyTo,
    sender: `${message.receiver.agency} ${message.receiver.orgCode}`,
    receiver: answerer,
  };
  const payload = (message.payload ?? {}) as { reason?: string; servedAt?: string };
  if (decision) {
    await dossier.ledger.businessAnswer(parties, {
      decision,
      ...(decision === 'RETURNED' ? { reason: payload.reason ?? `${message.messageType} (no reason given, 未说明理由)` } : {}),
    });
  } else {
    await dossier.ledger.serviceReceipt(parties, {
      servedAt: payload.servedAt ?? new Date().toISOString(),
      servedTo: `${message.sender.agency} ${message.sender.orgCode}`,
      method: 'electronic (电子送达)',
    });
  }
}

export function platformDossierOf(RED: Runtime, forwarder: Forwarder): PlatformDossier | undefined {
  const runtime = runtimeDossierOf(RED);
  if (!runtime) return undefined;
  const { perForwarder } = stateOf(RED);
  let dossier = perForwarder.get(forwarder);
  if (!dossier) {
    dossier = new PlatformDossier(runtime, forwarder.client as unknown as Redis, forwarder.prefix, securityOf(RED, forwarder).audit, (text) =>
      RED.log.warn(`[caselink] ${text}`),
    );
    perForwarder.set(forwarder, dossier);
  }
  return dossier;
}

/** How the deliver node answers a store problem: busy (retry) when the store is down, else a dead letter with the reason. */
export function blobOutcome(error: BlobError): DeliveryOutcome {
  return error.retryable ? { kind: 'retryable', reason: error.message } : { kind: 'permanent', reason: error.message, code: error.code };
}
