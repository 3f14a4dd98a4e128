import type { UnifiedMessage } from '../standard/schema/message';
import { AtRestCipher } from './at-rest';
import { AtRestError, TamperedMessageError } from './errors';
import { MessageIntegrity, type Seal } from './integrity';

/**
 * What the forwarding core stores for one message to one destination: the message with its
 * integrity seal, encrypted at rest when a key is configured. One call each side, either on the
 * payload string the core writes and reads:
 *   enqueue:  payload = codec.encode(message, destination)
 *   delivery: message = codec.decode(payload, destination, messageId)   // throws when tampered
 * or, without touching the core, on the object handed to forwarder.enqueue / received by the handler:
 *   forwarder.enqueue(destination, codec.wrap(message, destination), { orderKey })
 *   const message = codec.unwrap(delivery.message, destination)          // throws when tampered
 */

/** The object the core stores when the seal is applied outside it (opaque to the core). */
export interface SealedForward {
  messageId: string;
  sealed: string;
}

interface SealedEnvelope {
  v: 1;
  seal: Seal;
  message: UnifiedMessage;
}

export interface StoredMessageCodecOptions {
  integrity: MessageIntegrity;
  atRest?: AtRestCipher;
  /** Refuse stored payloads that are not encrypted; default: true when `atRest` is given. */
  requireEncryption?: boolean;
}

/** AAD binding an encrypted payload to its place: destination and messageId. */
export function storageAad(destination: string, messageId: string): string {
  return `${destination}/${messageId}`;
}

export class StoredMessageCodec {
  private readonly integrity: MessageIntegrity;
  private readonly atRest: AtRestCipher | undefined;
  private readonly requireEncryption: boolean;

  constructor(options: StoredMessageCodecOptions) {
    this.integrity = options.integrity;
    this.atRest = options.atRest;
    this.requireEncryption = options.requireEncryption ?? options.atRest !== undefined;
  }

  /** CASELINK_INTEGRITY_KEY (required) and CASELINK_AT_REST_KEY (optional). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): StoredMessageCodec {
    return new StoredMessageCodec({ integrity: MessageIntegrity.fromEnv(env), atRest: AtRestCipher.fromEnv(env) });
  }

  encode(message: UnifiedMessage, destination: string): string {
    const envelope: SealedEnvelope = { v: 1, seal: this.integrity.sign(message), message };
    const text = JSON.stringify(envelope);
    return this.atRest ? this.atRest.seal(text, storageAad(destination, message.messageId)) : text;
  }

  /** Throws TamperedMessageError (seal or messageId mismatch) or AtRestError (decryption). */
  decode(stored: string, destination: string, messageId: string): UnifiedMessage {
    let text = stored;
    if (AtRestCipher.isSealed(stored)) {
      if (!this.atRest) {
        throw new AtRestError('AT_REST_UNKNOWN_KEY', `stored payload is encrypted but ${'CASELINK_AT_REST_KEY'} is not set (存储内容已加密，但未配置CASELINK_AT_REST_KEY)`);
      }
      text = this.atRest.open(stored, storageAad(destination, messageId));
    } else if (this.requireEncryption) {
      throw new AtRestError('AT_REST_REQUIRED', 'stored payload is not encrypted although encryption at rest is on (已启用静态加密，但存储内容未加密)');
    }
    let envelope: Partial<SealedEnvelope>;
    try {
      envelope = JSON.parse(text) as Partial<SealedEnvelope>;
    } catch {
      throw new TamperedMessageError('stored payload is not JSON (存储内容不是JSON)');
    }
    if (envelope === null || typeof envelope !== 'object' || envelope.v !== 1 || envelope.message === undefined) {
      throw new TamperedMessageError('stored payload is not a sealed message envelope (存储内容不是带签名的报文)');
    }
    this.integrity.assertIntact(envelope.message, envelope.seal);
    if (envelope.message.messageId !== messageId) {
      throw new TamperedMessageError(
        `stored payload holds message ${String(envelope.message.messageId)}, not ${messageId} (存储内容属于其他报文)`,
      );
    }
    return envelope.message;
  }

  /** The object to enqueue: the core sees only the messageId and an opaque sealed text. */
  wrap(message: UnifiedMessage, destination: string): SealedForward {
    return { messageId: message.messageId, sealed: this.encode(message, destination) };
  }

  /** The message back from what the core delivered; throws TamperedMessageError or AtRestError. */
  unwrap(forwarded: { messageId: string; [field: string]: unknown }, destination: string): UnifiedMessage {
    if (typeof forwarded.sealed !== 'string') {
      throw new TamperedMessageError(`stored message ${forwarded.messageId} carries no integrity seal (存储的报文没有完整性签名)`);
    }
    return this.decode(forwarded.sealed, destination, forwarded.messageId);
  }
}
