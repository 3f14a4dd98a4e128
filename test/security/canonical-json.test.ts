import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../security/canonical-json';

describe('canonical JSON', () => {
  it('sorts keys at every level, keeps array order, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: '张三' } })).toBe('{"a":{"c":"张三","d":[3,1]},"b":1}');
  });
  it('leaves out undefined properties as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/非有限数/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/cycle/);
  });
  it('gives the same text after a JSON round trip and whatever the key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
  it('writes strings and keys exactly as JSON.stringify does, lone surrogates and control characters included (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (text, key) => {
        expect(canonicalJson(text)).toBe(JSON.stringify(text));
        expect(canonicalJson({ [key]: text })).toBe(`{${JSON.stringify(key)}:${JSON.stringify(text)}}`);
      }),
      { numRuns: 500 },
    );
    expect(canonicalJson(['"\\\u0000\n\ud800x\udc00\u2028', '\ud83d\ude00'])).toBe(JSON.stringify(['"\\\u0000\n\ud800x\udc00\u2028', '\ud83d\ude00']));
  });
  it('writes holes and undefined array items as null, allows a shared (not cyclic) object, bounds the depth', () => {
    // eslint-disable-next-line no-sparse-arrays -- a hole is what is tested
    expect(canonicalJson([1, , undefined, true, false])).toBe('[1,null,null,true,false]');
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
    let deep: unknown = 1;
    for (let i = 0; i < 64; i++) deep = [deep];
    expect(canonicalJson(deep)).toBe(`${'['.repeat(64)}1${']'.repeat(64)}`);
    expect(() => canonicalJson([deep])).toThrow(/嵌套过深/);
  });
});
