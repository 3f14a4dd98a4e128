import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { DecodeResult, DecodedMessage, LegacyCodec } from '../../adapters/types';
import type { UnifiedMessage } from '../../standard';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const ROOT = new URL('../../', import.meta.url).pathname;

/** The folder of an adapter's `valid` or `malformed` fixtures (`adapters/<system>/fixtures/<kind>`). */
export const adapterFixtureDir = (system: string, kind: 'valid' | 'malformed'): string => `${ROOT}adapters/${system}/fixtures/${kind}`;

/** The names of an adapter's fixtures of one kind ending in `extension`, sorted. */
export function adapterFixtureNames(system: string, kind: 'valid' | 'malformed', extension: string): string[] {
  return readdirSync(adapterFixtureDir(system, kind))
    .filter((name) => name.endsWith(extension))
    .sort();
}

/** The path of a declarative system document under `adapters/declarative/systems/`. */
export const declarativeSystemPath = (name: string): string => `${ROOT}adapters/declarative/systems/${name}`;

/** A hand-mapped unified message from test/fixtures/unified/ (parsed JSON). */
export function unifiedFixture(name: string): any {
  return JSON.parse(readFileSync(new URL(`unified/${name}`, FIXTURES), 'utf8'));
}

/** The bytes of one specification sample from test/fixtures/legacy-samples/. */
export function legacySample(name: string): Buffer {
  return readFileSync(new URL(`legacy-samples/${name}`, FIXTURES));
}

/** The one message a body decoded into, failing the test with the issues when it was rejected. */
export function onlyMessage(result: DecodeResult): DecodedMessage {
  expect(result.rejected, JSON.stringify(result.rejected[0]?.issues)).toEqual([]);
  expect(result.messages).toHaveLength(1);
  return result.messages[0]!;
}

/** The bytes of a valid fixture of a built-in adapter (adapters/<kind>/fixtures/valid/). */
export function validFixture(kind: string, name: string): Buffer {
  return readFileSync(new URL(`../../adapters/${kind}/fixtures/valid/${name}`, import.meta.url));
}

/** The unified messages of a valid fixture of a built-in adapter. */
export function validFixtureMessages(codec: LegacyCodec, kind: string, name: string): UnifiedMessage[] {
  return codec.decode(validFixture(kind, name)).messages.map((m) => m.message);
}

/** A copy of `message` under another message id. */
export function withMessageId(message: UnifiedMessage, messageId: string): UnifiedMessage {
  return { ...structuredClone(message), messageId };
}

/** A built-in adapter's fixtures (adapters/<kind>/fixtures/): one read by its path, and the sorted names of the valid ones ending in `ext`. */
export function adapterFixtures(kind: string, ext: string): { fixture(path: string): Buffer; validFiles: string[] } {
  const root = new URL(`../../adapters/${kind}/fixtures/`, import.meta.url);
  return {
    fixture: (path) => readFileSync(new URL(path, root)),
    validFiles: adapterFixtureNames(kind, 'valid', ext),
  };
}
