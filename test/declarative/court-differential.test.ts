/**
 * The court's SOAP system re-expressed as a declarative adapter (a document, no code) gives the
 * same unified messages and the same legacy bytes (signed SOAP requests, the same headers) as the
 * built-in court adapter on every fixture, and refuses what the built-in refuses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDeclarativeAdapter } from '../../adapters/declarative/adapter';
import { codec as builtin } from '../../adapters/court';
import { adapterFixtureDir, adapterFixtureNames, declarativeSystemPath } from '../support/fixtures';

const declarative = loadDeclarativeAdapter(declarativeSystemPath('court.json')).codec;
const dir = (kind: 'valid' | 'malformed') => adapterFixtureDir('court', kind);
const files = (kind: 'valid' | 'malformed') => adapterFixtureNames('court', kind, '.xml');
const credentials = { appId: 'GZ-PLATFORM', secret: 'sample-secret' };
const NOW = Date.parse('2023-01-05T10:00:00+08:00');

describe('declarative court = built-in court', () => {
  it.each(files('valid'))('valid/%s: same unified messages, same legacy bytes', (name) => {
    const bytes = readFileSync(`${dir('valid')}/${name}`);
    const expected = builtin.decode(bytes);
    const actual = declarative.decode(bytes);
    expect(actual.rejected, JSON.stringify(actual.rejected[0]?.issues)).toEqual([]);
    expect(actual.messages.map((m) => m.message)).toEqual(expected.messages.map((m) => m.message));
    expect(actual.messages.map((m) => m.raw)).toEqual(expected.messages.map((m) => m.raw));
    expect(actual.nextCursor).toBe(expected.nextCursor);
    for (const { message } of expected.messages) {
      const builtinRequest = builtin.encode(message, { credentials, now: NOW });
      const declarativeRequest = declarative.encode(message, { credentials, now: NOW });
      expect(declarativeRequest.body.toString('utf8')).toBe(builtinRequest.body.toString('utf8'));
      expect(declarativeRequest.body.equals(builtinRequest.body)).toBe(true);
      expect(declarativeRequest.headers).toEqual(builtinRequest.headers);
      expect(declarativeRequest.path).toBe(builtinRequest.path);
      // Each signs and checks the other's request.
      expect(declarative.verifyInbound!(builtinRequest.body, {}, credentials, NOW)).toEqual({ ok: true });
      expect(builtin.verifyInbound!(declarativeRequest.body, {}, credentials, NOW)).toEqual({ ok: true });
      expect(declarative.requestIdentity!({}, declarativeRequest.body)).toEqual(builtin.requestIdentity!({}, builtinRequest.body));
    }
  });

  it.each(files('malformed'))('malformed/%s: refused by both', (name) => {
    const bytes = readFileSync(`${dir('malformed')}/${name}`);
    if (name.startsWith('bad-signature')) {
      expect(builtin.verifyInbound!(bytes, {}, credentials, NOW).ok).toBe(false);
      expect(declarative.verifyInbound!(bytes, {}, credentials, NOW).ok).toBe(false);
      return;
    }
    const expected = builtin.decode(bytes);
    const actual = declarative.decode(bytes);
    expect(actual.messages.map((m) => m.message)).toEqual(expected.messages.map((m) => m.message));
    expect(actual.rejected.length).toBe(expected.rejected.length);
    expected.rejected.forEach((rejected, i) => {
      expect(actual.rejected[i]!.raw).toBe(rejected.raw);
      expect(actual.rejected[i]!.legacyId).toBe(rejected.legacyId);
      expect(actual.rejected[i]!.issues.length).toBeGreaterThan(0);
    });
    // Unknown elements and attributes are warned about by both, never silently dropped.
    expect(actual.messages.map((m) => m.warnings.length > 0)).toEqual(expected.messages.map((m) => m.warnings.length > 0));
  });
});
