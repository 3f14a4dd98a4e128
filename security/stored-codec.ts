import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AtRestCipher } from './at-rest';
import { KeyConfigurationError } from './errors';
import { INTEGRITY_KEY_ENV, MessageIntegrity } from './integrity';
import { parseKeyring } from './keyring';
import { storageAad, StoredMessageCodec } from './stored-message';

/**
 * The platform's one StoredMessageCodec: the integrity seal put on every message at ingress and
 * checked before delivery, plus encryption at rest when CASELINK_AT_REST_KEY is set.
 *
 * Where the integrity key comes from, first found wins:
 *   1. CASELINK_INTEGRITY_KEY (`kid:base64[,kid:base64…]`) — production;
 *   2. CASELINK_INTEGRITY_KEY_FILE, a file holding the same text;
 *   3. a per-deployment key file, generated once (32 random bytes, mode 0600) when the runtime has a
 *      user directory: `<userDir>/caselink/integrity.key` (what `npm start` uses in demo mode);
 *   4. an ephemeral key for this process only (test harnesses without a user directory).
 * 3 and 4 come with a warning. The shipped settings refuse to start outside demo mode without 1 or 2.
 */

export const INTEGRITY_KEY_FILE_ENV = 'CASELINK_INTEGRITY_KEY_FILE';

export type IntegrityKeySource = 'env' | 'file' | 'generated' | 'ephemeral';

export interface PlatformCodec {
  codec: StoredMessageCodec;
  /** The at-rest cipher when CASELINK_AT_REST_KEY is set (also used for the raw archive). */
  atRest: AtRestCipher | undefined;
  source: IntegrityKeySource;
  /** The key file read or written (sources `file` and `generated`). */
  path?: string;
  /** Bilingual warning for sources `generated` and `ephemeral`. */
  warning?: string;
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new KeyConfigurationError(`${INTEGRITY_KEY_FILE_ENV}: cannot read ${path}: ${(error as Error).message} (无法读取完整性密钥文件)`);
  }
}

/** Reads the key file, or writes a fresh one when there is none (never overwrites). */
function readOrCreate(path: string): { text: string; created: boolean } {
  try {
    return { text: readFileSync(path, 'utf8').trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const text = randomBytes(32).toString('base64');
  try {
    writeFileSync(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
    return { text, created: true };
  } catch (error) {
    // Another process created it first: use that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { text: readFileSync(path, 'utf8').trim(), created: false };
    throw error;
  }
}

export function createPlatformCodec(env: NodeJS.ProcessEnv = process.env, options: { generatedKeyFile?: string } = {}): PlatformCodec {
  const atRest = AtRestCipher.fromEnv(env);
  const build = (text: string) =>
    new StoredMessageCodec({
      integrity: new MessageIntegrity(parseKeyring(text, { variable: INTEGRITY_KEY_ENV, minBytes: 32 })),
      ...(atRest ? { atRest } : {}),
    });

  const fromEnv = env[INTEGRITY_KEY_ENV]?.trim();
  if (fromEnv) return { codec: build(fromEnv), atRest, source: 'env' };
  const file = env[INTEGRITY_KEY_FILE_ENV]?.trim();
  if (file) return { codec: build(readKeyFile(file)), atRest, source: 'file', path: file };
  if (options.generatedKeyFile) {
    const { text, created } = readOrCreate(options.generatedKeyFile);
    return {
      codec: build(text),
      atRest,
      source: 'generated',
      path: options.generatedKeyFile,
      warning:
        `${INTEGRITY_KEY_ENV} is not set: stored messages are sealed with the per-deployment key ${created ? 'just generated in' : 'from'} ${options.generatedKeyFile}. ` +
        `Set ${INTEGRITY_KEY_ENV} (the same on every instance sharing the Redis) for production ` +
        `(未设置${INTEGRITY_KEY_ENV}：使用本部署自动生成的密钥文件；生产环境及多实例共享Redis时必须设置)`,
    };
  }
  return {
    codec: build(randomBytes(32).toString('base64')),
    atRest,
    source: 'ephemeral',
    warning:
      `${INTEGRITY_KEY_ENV} is not set and the runtime has no user directory: stored messages are sealed with a key of this process only; ` +
      `what it stored cannot be verified after a restart (未设置${INTEGRITY_KEY_ENV}且无用户目录：使用仅限本进程的临时密钥)`,
  };
}

/**
 * A stored (wrapped) message for operators to look at: the message when its seal holds; when it
 * does not (a tampered dead letter), what the stored text says, unverified, with `integrity` naming
 * the problem; anything else as it is. Never used on the delivery path.
 */
export function openForDisplay(platform: Pick<PlatformCodec, 'codec' | 'atRest'>, stored: unknown, destination: string): unknown {
  if (stored === null || typeof stored !== 'object') return stored;
  const forwarded = stored as { messageId: string; sealed?: unknown; [field: string]: unknown };
  const sealed = forwarded.sealed;
  const isEnvelope = sealed !== null && typeof sealed === 'object' && !Array.isArray(sealed);
  if (typeof sealed !== 'string' && !isEnvelope) return stored;
  try {
    return platform.codec.unwrap(forwarded, destination);
  } catch (error) {
    const integrity = (error as Error).message;
    try {
      let message: unknown;
      if (typeof sealed === 'string') {
        const text = AtRestCipher.isSealed(sealed) ? platform.atRest?.open(sealed, storageAad(destination, forwarded.messageId)) : sealed;
        message = text === undefined ? undefined : (JSON.parse(text) as { message?: unknown }).message;
      } else {
        message = (sealed as { message?: unknown }).message;
      }
      if (message !== null && typeof message === 'object') return { ...(message as object), integrity };
    } catch {
      // unreadable: shown as stored
    }
    return { messageId: forwarded.messageId, integrity };
  }
}
