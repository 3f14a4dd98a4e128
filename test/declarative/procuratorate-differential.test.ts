/**
 * The procuratorate's JSON system re-expressed as a declarative adapter (a document, no code)
 * gives the same unified messages and the same legacy bytes as the built-in adapter on every
 * fixture, and refuses what the built-in refuses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDeclarativeAdapter } from '../../adapters/declarative/adapter';
import { codec as builtin } from '../../adapters/procuratorate';
import { adapterFixtureDir, adapterFixtureNames, declarativeSystemPath } from '../support/fixtures';

const declarative = loadDeclarativeAdapter(declarativeSystemPath('procuratorate.json')).codec;
const dir = (kind: 'valid' | 'malformed') => adapterFixtureDir('procuratorate', kind);
const files = (kind: 'valid' | 'malformed') => adapterFixtureNames('procuratorate', kind, '.json');
const credentials = { token: 'tyyw-secret-token' };
const HEADERS = { 'content-type': 'application/json; charset=utf-8' };

describe('declarative procuratorate = built-in procuratorate', () => {
  it.each(files('valid'))('valid/%s: same unified message, same legacy bytes', (name) => {
    const bytes = readFileSync(`${dir('valid')}/${name}`);
    const expected = builtin.decode(bytes, HEADERS);
    const actual = declarative.decode(bytes, HEADERS);
    expect(actual.rejected, JSON.stringify(actual.rejected[0]?.issues)).toEqual([]);
    expect(actual.messages.map((m) => m.message)).toEqual(expected.messages.map((m) => m.message));
    const message = expected.messages[0]!.message;
    const builtinRequest = builtin.encode(message, { credentials });
    const declarativeRequest = declarative.encode(message, { credentials });
    expect(declarativeRequest.body.toString('utf8')).toBe(builtinRequest.body.toString('utf8'));
    expect(declarativeRequest.body.equals(builtinRequest.body)).toBe(true);
    expect(declarativeRequest.headers).toEqual(builtinRequest.headers);
    expect(declarativeRequest.path).toBe(builtinRequest.path);
  });

  it.each(files('malformed'))('malformed/%s: refused by both', (name) => {
    const bytes = readFileSync(`${dir('malformed')}/${name}`);
    const expected = builtin.decode(bytes, HEADERS);
    const actual = declarative.decode(bytes, HEADERS);
    expect(actual.messages.length).toBe(expected.messages.length);
    expect(actual.rejected.length).toBe(expected.rejected.length);
    if (expected.rejected.length > 0) {
      expect(actual.rejected[0]!.raw).toBe(expected.rejected[0]!.raw);
      expect(actual.rejected[0]!.issues.length).toBeGreaterThan(0);
    }
  });
});
