/**
 * The checks every adapter's codec tests make the same way: one message per body, encode → decode
 * gives the message back, a fixture for every message type, and a malformed body rejected with a
 * bilingual issue naming field and value while its raw text is kept.
 */
import { expect } from 'vitest';
import type { Credentials, DecodeResult, DecodedMessage, EncodedRequest, LegacyCodec, RejectedMessage } from '../../adapters/types';
import { validateMessage, type UnifiedMessage } from '../../standard';
import { onlyMessage } from './fixtures';

/** Signing time of the encode → decode round trips (signatures must not depend on the clock). */
const ROUND_TRIP_NOW = 1_700_000_000_000;

export interface CodecChecks {
  /** The one message a body decodes into, with nothing rejected. */
  decodeOne(body: Buffer): UnifiedMessage;
  /** The message after encode → decode (every field the format carries comes back unchanged). */
  roundTrip(message: UnifiedMessage): UnifiedMessage;
  /** The one rejected message of a body that maps to none. */
  rejectedOne(body: Buffer): RejectedMessage;
  /** Every message of a valid body has no warnings, passes the schema and round-trips. */
  expectValidAndRoundTrips(body: Buffer): void;
  /** The valid bodies together carry every one of `types`. */
  expectEveryType(bodies: Buffer[], types: readonly string[]): void;
}

export function codecChecks(codec: LegacyCodec, credentials: Credentials): CodecChecks {
  const decodeOne = (body: Buffer) => onlyMessage(codec.decode(body)).message;
  const roundTrip = (message: UnifiedMessage) => decodeOne(codec.encode(message, { credentials, now: ROUND_TRIP_NOW }).body);
  return {
    decodeOne,
    roundTrip,
    rejectedOne(body) {
      const result = codec.decode(body);
      expect(result.messages).toEqual([]);
      expect(result.rejected).toHaveLength(1);
      return result.rejected[0]!;
    },
    expectValidAndRoundTrips(body) {
      const result = codec.decode(body);
      expect(result.rejected).toEqual([]);
      for (const decoded of result.messages) {
        expect(decoded.warnings).toEqual([]);
        expect(validateMessage(decoded.message)).toMatchObject({ ok: true });
        expect(roundTrip(decoded.message)).toEqual(decoded.message);
      }
    },
    expectEveryType(bodies, types) {
      const carried = new Set(bodies.flatMap((body) => codec.decode(body).messages.map((m) => m.message.messageType)));
      for (const type of types) expect(carried).toContain(type);
    },
  };
}

/** The one message of a body, exactly `expected` and without warnings. */
export function expectDecodesTo(result: DecodeResult, expected: unknown): DecodedMessage {
  const decoded = onlyMessage(result);
  expect(decoded.message).toEqual(expected);
  expect(decoded.warnings).toEqual([]);
  return decoded;
}

/** The one message of a valid body: no warnings, and it passes the schema. */
export function validOnlyMessage(result: DecodeResult): DecodedMessage {
  const decoded = onlyMessage(result);
  expect(decoded.warnings).toEqual([]);
  expect(validateMessage(decoded.message).ok).toBe(true);
  return decoded;
}

/** The request a codec encoded decodes back (with its own headers) to exactly `message`. */
export function expectDecodesBack(codec: LegacyCodec, request: EncodedRequest, message: UnifiedMessage): DecodedMessage {
  const again = onlyMessage(codec.decode(request.body, request.headers));
  expect(again.message).toEqual(message);
  return again;
}

/** A token-authenticated system's encoder refuses a message naming a victim, and encoding without a token. */
export function expectRefusesVictimAndNoToken(codec: LegacyCodec, base: () => UnifiedMessage, credentials: Credentials): void {
  const victim = base();
  victim.persons.push({ role: 'VICTIM', name: '李五' });
  expect(() => codec.encode(victim, { credentials })).toThrow(/victim/);
  expect(() => codec.encode(base(), { credentials: {} })).toThrow(/token/);
}

/** An issue a rejected message must carry: its field, its reason (text or pattern) and, when named, its value. */
export interface ExpectedIssue {
  field: string;
  reason: string | RegExp;
  value?: unknown;
}

/** The rejected message names the field with a bilingual reason (and the value, when one is expected). */
export function expectIssue(rejected: RejectedMessage, expected: ExpectedIssue): void {
  const issue = rejected.issues.find((i) => i.field === expected.field);
  expect(issue, `${expected.field} in ${JSON.stringify(rejected.issues)}`).toBeDefined();
  if ('value' in expected) expect(issue!.value).toEqual(expected.value);
  expect(issue!.reason).toMatch(expected.reason);
  expect(issue!.reason).toMatch(/[\u4e00-\u9fff]/); // bilingual
}

/** What a malformed fixture decodes into (the adapters' fixtures/malformed/expectations.json). */
export interface MalformedExpectation {
  errors?: Array<{ field: string; value?: unknown; reason: string }>;
  warnings?: Array<{ field: string; value?: unknown }>;
}

/** The adapter's fixtures/malformed/expectations.json: what each malformed fixture decodes into. */
export function malformedExpectations(fixture: (path: string) => Buffer): Record<string, MalformedExpectation> {
  return JSON.parse(fixture('malformed/expectations.json').toString('utf8')) as Record<string, MalformedExpectation>;
}

/**
 * A body with errors is one rejected message (raw text kept) carrying every expected issue; a body
 * with only warnings still maps, and the decoded message is returned.
 */
export function expectMalformed(result: DecodeResult, expected: MalformedExpectation): DecodedMessage | undefined {
  if (expected.errors) {
    expect(result.messages).toEqual([]);
    expect(result.rejected).toHaveLength(1);
    const rejected = result.rejected[0]!;
    expect(rejected.raw.length).toBeGreaterThan(0);
    for (const error of expected.errors) expectIssue(rejected, error);
    return undefined;
  }
  const decoded = onlyMessage(result);
  expect(decoded.warnings.map((w) => (w as { field: string }).field).sort()).toEqual(expected.warnings!.map((w) => w.field).sort());
  for (const warning of expected.warnings!) expect(decoded.warnings).toContainEqual(expect.objectContaining(warning));
  return decoded;
}
