import { describe, expect, it } from 'vitest';
import { BUILTIN_ADAPTERS, createAdapterRegistry } from '../../adapters/builtins';
import { ADAPTER_CONTRACT_VERSION, type AdapterDefinition } from '../../adapters/contract';
import { AdapterRefusedError, AdapterRegistry } from '../../adapters/registry';

const psb = BUILTIN_ADAPTERS.find((a) => a.kind === 'psb')!;
const variant = (changes: Partial<AdapterDefinition>): AdapterDefinition => ({ ...psb, kind: 'other', codec: { ...psb.codec, kind: 'other' }, ...changes });

describe('the adapter registry', () => {
  it('holds the four built-ins, registered through the contract check', () => {
    const registry = createAdapterRegistry();
    expect(registry.kinds()).toEqual(['psb', 'procuratorate', 'court', 'justice']);
    for (const adapter of registry.list()) {
      expect(adapter.contractVersion).toBe(ADAPTER_CONTRACT_VERSION);
      expect(adapter.names['zh-CN']).toMatch(/\p{Script=Han}/u);
      expect(Boolean(adapter.transports.push) !== Boolean(adapter.transports.outbox)).toBe(true);
    }
    expect(registry.kindsServing('DETENTION_CENTER')).toEqual(['psb']);
  });

  it('keeps registries apart: one runtime’s adapter is not seen by another', () => {
    const a = createAdapterRegistry();
    const b = createAdapterRegistry();
    a.register(variant({}));
    expect(a.has('other')).toBe(true);
    expect(b.has('other')).toBe(false);
  });

  it('refuses a standard version this build does not read, naming the adapter, in both languages', () => {
    const registry = new AdapterRegistry();
    const error = (() => {
      try {
        registry.register(variant({ standardVersion: '9.0' }));
      } catch (err) {
        return err as AdapterRefusedError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AdapterRefusedError);
    expect(error!.adapter).toBe('other');
    expect(error!.message).toMatch(/adapter "other" refused: standardVersion: maps to standard version 9\.0, this CaseLink reads 1\.0, 1\.1/);
    expect(error!.message).toMatch(/适配的标准版本为9\.0/);
    expect(error!.message).toMatch(/适配器“other”未被加载/);
  });

  it('refuses a newer contract, a bad kind, a taken kind, a codec of another kind and an incomplete push adapter', () => {
    const registry = createAdapterRegistry();
    expect(() => registry.register(variant({ contractVersion: 2 }))).toThrow(/contract version 2 is not supported/);
    expect(() => registry.register(variant({ kind: 'Bad Kind', codec: { ...psb.codec, kind: 'Bad Kind' } }))).toThrow(/kind must be 2-32 lower-case/);
    expect(() => registry.register({ ...psb, codec: { ...psb.codec } })).toThrow(/kind "psb" is already registered/);
    expect(() => registry.register(variant({ codec: psb.codec }))).toThrow(/codec\.kind "psb" differs from kind "other"/);
    expect(() => registry.register(variant({ codec: { kind: 'other', decode: psb.codec.decode, encode: psb.codec.encode } }))).toThrow(
      /push adapter needs codec\.answers/,
    );
    expect(() => registry.register(variant({ agencies: ['NOBODY' as never] }))).toThrow(/agencies\.0: is not a known agency type/);
    expect(() => registry.register(null)).toThrow(/adapter "\?" refused/);
  });

  it('registers each new plugin once and reports each refusal once', () => {
    const registry = createAdapterRegistry();
    const good = variant({});
    const bad = variant({ kind: 'late', codec: { ...psb.codec, kind: 'late' }, standardVersion: '0.9' });
    expect(registry.registerNew([good, bad]).map((e) => e.adapter)).toEqual(['late']);
    expect(registry.registerNew([good, bad])).toEqual([]);
    expect(registry.require('other')).toMatchObject({ kind: 'other', names: good.names });
    expect(registry.require('other').codec).not.toBe(good.codec); // a package's codec is guarded by the standard's validation
    expect(() => registry.require('late')).toThrow(/unknown system "late"/);
  });
});
