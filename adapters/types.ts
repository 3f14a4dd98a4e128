import type { Readable } from 'node:stream';
import type { DeliveryOutcome } from '../standard/delivery-outcome';
import type { UnifiedMessage } from '../standard/schema/message';
import type { MappingIssue } from './shared/issues';
import type { LegacyTlsOptions } from './shared/http-client';

/** An adapter's kind (contract.ts): the built-ins and any registered adapter package. */
export type SystemKind = string;

export type Headers = Record<string, string | undefined>;

/** Secrets of one legacy system instance; which fields apply depends on the system. */
export interface Credentials {
  /** PSB X-JZPT-Token, procuratorate bearer token. */
  token?: string;
  /** Court AppId, justice AppKey. */
  appId?: string;
  /** Court and justice HMAC secret. */
  secret?: string;
}

/** One legacy message read and mapped: the unified message, what was noticed, and the raw text. */
export interface DecodedMessage {
  message: UnifiedMessage;
  /** Unknown legacy fields and other things kept but not mapped; never silently dropped. */
  warnings: MappingIssue[];
  /** The legacy text of this message (for the raw archive). */
  raw: string;
}

/** One legacy message that could not be mapped, with every issue and the raw text kept. */
export interface RejectedMessage {
  legacyId?: string;
  issues: MappingIssue[];
  raw: string;
}

/** What a body (one pushed message, or one outbox page) decoded into. */
export interface DecodeResult {
  messages: DecodedMessage[];
  rejected: RejectedMessage[];
  /** Outbox pages: the cursor to ask for next. */
  nextCursor?: string;
}

/** Bytes and headers exactly as the legacy system expects them. */
export interface EncodedRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface EncodeContext {
  credentials: Credentials;
  /** Epoch ms, for signatures; defaults to Date.now(). */
  now?: number;
}

/** An HTTP answer in the legacy system's own format (for ingress of push systems). */
export interface LegacyAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** How the platform answers a system that pushes to it, in that system's format. */
export interface IngressAnswers {
  accepted(legacyId: string | undefined): LegacyAnswer;
  duplicate(legacyId: string | undefined): LegacyAnswer;
  /** Bad input: the system's "format/content error, do not retry" answer. */
  rejected(legacyId: string | undefined, issues: MappingIssue[]): LegacyAnswer;
  /** Backpressure or store unavailable: the system's "busy, retry later" answer. */
  busy(legacyId: string | undefined, reason: string): LegacyAnswer;
  unauthorized(reason: string): LegacyAnswer;
}

export type AuthResult = { ok: true } | { ok: false; reason: string };

/** Everything the platform knows about one legacy system's format, independent of transport. */
export interface LegacyCodec {
  kind: SystemKind;
  decode(body: Buffer, headers?: Headers): DecodeResult;
  encode(message: UnifiedMessage, context: EncodeContext): EncodedRequest;
  /** Checks a request the system pushed to the platform, per its specification. */
  verifyInbound?(body: Buffer, headers: Headers, credentials: Credentials, now: number, request?: InboundRequestLine): AuthResult;
  answers?: IngressAnswers;
  /**
   * Where a pushed request carries what identifies it, for the replay guard: a signature and the
   * timestamp it covers, or a token. Absent: the Authorization header is taken as the token.
   */
  requestIdentity?(headers: Headers, body: Buffer): RequestIdentity;
}

/** The request line of a pushed request, for signatures that cover the method and path (path with its query, as received). */
export interface InboundRequestLine {
  method: string;
  path: string;
}

/** What identifies one pushed request (its signature + timestamp, or its token). */
export interface RequestIdentity {
  signature?: string | undefined;
  timestamp?: string | undefined;
  token?: string | undefined;
  /** A nonce the signature covers: a second request with the same nonce is refused, whatever its signature. */
  nonce?: string | undefined;
}

export interface ClientOptions {
  baseUrl: string;
  credentials: Credentials;
  timeoutMs?: number;
  /** For https systems: their CA, a client certificate, a server name (see shared/http-client.ts). */
  tls?: LegacyTlsOptions;
  now?: () => number;
}

export interface OutboxPage {
  decoded: DecodeResult;
  /** Legacy ids of every item on the page (mapped or not), for acknowledgement. */
  ids: string[];
  nextCursor: string | undefined;
}

/** Talks to one legacy system instance over HTTP. */
export interface LegacyClient {
  send(message: UnifiedMessage): Promise<DeliveryOutcome>;
  /** Court and justice only: read the outbox after a cursor. */
  fetchOutbox?(cursor: string | undefined, max: number): Promise<OutboxPage>;
  ack?(ids: string[]): Promise<void>;
  /**
   * An attachment sent by reference: the file at `url` (under this system's address only) as a
   * stream, fetched with this system's credentials. Throws AttachmentSourceError (shared/attachment-source.ts).
   */
  fetchAttachment?(url: string, maxBytes: number): Promise<Readable>;
}

/** Where an outbox poller keeps its cursor so it survives restarts. */
export interface CursorStore {
  load(): Promise<string | undefined>;
  save(cursor: string): Promise<void>;
}
