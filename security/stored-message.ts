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
 * or, without touching the core, on the object handed to forwarder.enqueue / received by the handler
 * (the cheaper way: the core serialises the message once):
 *   forwarder.enqueue(destination, codec.wrap(message, destination), { orderKey })
 *   const message = codec.unwrap(delivery.message, destination)          // throws when tampered
 */

/**
 * The object the core stores when the seal is applied outside it (opaque to the core). `sealed` is
 * the envelope itself when nothing is encrypted, so the core serialises (and parses) the message
 * once instead of escaping an already serialised text; it is text when encrypted at rest, and in
 * what older versions stored (both still read).
 */
export interface SealedForward {
  messageId: string;
  sealed: string | SealedEnvelope;
}

export interface SealedEnvelope {
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

function notEncrypted(): AtRestError {
  return new AtRestError('AT_REST_REQUIRED', 'stored payload is not encrypted although encryption at rest is on (已启用静态加密，但存储内容未加密)');
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
    const text = JSON.stringify(this.envelope(message));
    return this.atRest ? this.atRest.seal(text, storageAad(destination, message.messageId)) : text;
  }

  private envelope(message: UnifiedMessage): SealedEnvelope {
    return { v: 1, seal: this.integrity.sign(message), message };
  }

  /** Throws TamperedMessageError (seal or messageId mismatch) or AtRestError (decryption). */
  decode(stored: string, destination: string, messageId: string): UnifiedMessage {
    let text = stored;
    if (AtRestCipher.isSealed(stored)) {
      if (!this.atRest) {
        throw new AtRestError(
          'AT_REST_UNKNOWN_KEY',
          `stored payload is encrypted but ${'CASELINK_AT_REST_KEY'} is not set (存储内容已加密，但未配置CASELINK_AT_REST_KEY)`,
        );
      }
      text = this.atRest.open(stored, storageAad(destination, messageId));
    } else if (this.requireEncryption) {
      throw notEncrypted();
    }
    let envelope: Partial<SealedEnvelope>;
    try {
      envelope = JSON.parse(text) as Partial<SealedEnvelope>;
    } catch {
      throw new TamperedMessageError('stored payload is not JSON (存储内容不是JSON)');
    }
    return this.open(envelope, messageId);
  }

  private open(envelope: Partial<SealedEnvelope>, messageId: string): UnifiedMessage {
    if (envelope === null || typeof envelope !== 'object' || envelope.v !== 1 || envelope.message === undefined) {
      throw new TamperedMessageError('stored payload is not a sealed message envelope (存储内容不是带签名的报文)');
    }
    this.integrity.assertIntact(envelope.message, envelope.seal);
    if (envelope.message.messageId !== messageId) {
      throw new TamperedMessageError(`stored payload holds message ${String(envelope.message.messageId)}, not ${messageId} (存储内容属于其他报文)`);
    }
    return envelope.message;
  }

  /**
   * The object to enqueue: the core sees only the messageId and an opaque `sealed`. Without
   * encryption `sealed` refers to `message`: enqueue it before anything changes the message (a
   * change makes delivery refuse it as tampered).
   */
  wrap(message: UnifiedMessage, destination: string): SealedForward {
    return { messageId: message.messageId, sealed: this.atRest ? this.encode(message, destination) : this.envelope(message) };
  }

  /** The message back from what the core delivered; throws TamperedMessageError or AtRestError. */
  unwrap(forwarded: { messageId: string; [field: string]: unknown }, destination: string): UnifiedMessage {
    const sealed = forwarded.sealed;
    if (typeof sealed === 'string') return this.decode(sealed, destination, forwarded.messageId);
    if (sealed === null || typeof sealed !== 'object' || Array.isArray(sealed)) {
      throw new TamperedMessageError(`stored message ${forwarded.messageId} carries no integrity seal (存储的报文没有完整性签名)`);
    }
    if (this.requireEncryption) throw notEncrypted();
    return this.open(sealed as Partial<SealedEnvelope>, forwarded.messageId);
  }
}
