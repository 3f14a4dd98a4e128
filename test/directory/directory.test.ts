import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DIRECTORY_FILE, builtinDirectory, directoryFrom } from '../../directory';
import { OUT_OF_PILOT, PRISON_GATEWAY, routeMessage } from '../../routing/router';
import { resolveSystemInstance } from '../../nodes/lib/system-instance';
import { createAdapterRegistry } from '../../adapters/builtins';
import { demoCase } from '../../demo/demo-case';
import { validateMessage } from '../../standard/validate';
import type { UnifiedMessage } from '../../standard/schema/message';
import { PRISON_ORG_CODE, tianheAndPrison } from '../support/directory-additions';

const GUANGZHOU = ['440103', '440104', '440105', '440106', '440111', '440112', '440113', '440114', '440115', '440117', '440118'];
const shipped = JSON.parse(readFileSync(BUILTIN_DIRECTORY_FILE, 'utf8'));
const refusedWith = (input: unknown): string[] => {
  const result = directoryFrom(input);
  if (result.ok) throw new Error('the directory was taken');
  return result.errors;
};

describe('the shipped org directory', () => {
  const directory = builtinDirectory();

  it('lists all eleven Guangzhou districts with their GB/T 2260 codes, and 萝岗 440116 as a former code of 黄埔', () => {
    expect(
      directory
        .divisions()
        .filter((d) => d.level === 'district')
        .map((d) => d.code),
    ).toEqual(GUANGZHOU);
    expect(directory.division('440106')?.name).toEqual({ 'zh-CN': '天河区', 'en-US': 'Tianhe' });
    expect(directory.canonicalDivision('440116')).toBe('440112');
    expect(directory.canonicalDivision('110105')).toBeUndefined();
  });

  it('holds the pilot as its default content: sixteen system instances, four per pilot district', () => {
    expect(
      directory
        .instances()
        .map((i) => i.id)
        .sort(),
    ).toEqual(['440105', '440111', '440112', '440115'].flatMap((d) => ['psb', 'procuratorate', 'court', 'justice'].map((k) => `${k}-${d}`)).sort());
    expect(directory.instanceServing('440112050000')?.id).toBe('psb-440112');
    expect(directory.instanceServing('440116050000')?.id).toBe('psb-440112');
    expect(directory.instanceServing('440106020000')).toBeUndefined();
  });

  it('routes exactly as the pilot router did: 天河 and a prison without an instance go to the manual channel and the gateway', () => {
    const [arrest] = demoCase('440105', 1);
    expect(routeMessage(arrest!.message, { directory })).toMatchObject({ ok: true, destination: 'procuratorate-440105', rule: 'receiver' });
    const tianhe = { ...arrest!.message, receiver: { agency: 'PROCURATORATE', division: '440106', orgCode: '440106020000' } } as UnifiedMessage;
    expect(routeMessage(tianhe, { directory })).toMatchObject({ destination: OUT_OF_PILOT });
    const prison = { ...arrest!.message, receiver: { agency: 'PRISON', division: '440000', orgCode: PRISON_ORG_CODE } } as UnifiedMessage;
    expect(routeMessage(prison, { directory })).toMatchObject({ destination: PRISON_GATEWAY });
  });
});

describe('adding a district and a prison by data alone', () => {
  const loaded = directoryFrom(tianheAndPrison());
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const directory = loaded.directory;

  it('routes to the new instances', () => {
    const [arrest] = demoCase('440106', 1);
    const decision = routeMessage(arrest!.message, { directory });
    expect(decision).toMatchObject({ ok: true, destination: 'procuratorate-440106', rule: 'receiver' });
    const prison = { ...arrest!.message, receiver: { agency: 'PRISON', division: '440000', orgCode: PRISON_ORG_CODE } } as UnifiedMessage;
    expect(routeMessage(prison, { directory })).toMatchObject({ destination: 'prison-mis-440000', rule: 'receiver' });
    // The detention centre where the person is held, named in the custody place.
    const held = {
      ...arrest!.message,
      receiver: { agency: 'DETENTION_CENTER', division: '440105', orgCode: '440105050000' },
      persons: [{ ...arrest!.message.persons[0]!, custody: { measure: 'DETAINED', place: '广州市天河区看守所' } }],
    } as UnifiedMessage;
    expect(routeMessage(held, { directory })).toMatchObject({ destination: 'psb-440106', rule: 'custody-place', receiver: { orgCode: '440106050000' } });
  });

  it('lets a system config node resolve a 天河 instance, and still refuses an unlisted one', () => {
    const adapters = createAdapterRegistry();
    const settings = { kind: 'psb', division: '440106', baseUrl: 'http://127.0.0.1:1', credentials: { token: 't' } };
    const ok = resolveSystemInstance(settings, {}, adapters, directory);
    expect(ok).toMatchObject({ ok: true, instance: { destination: 'psb-440106', orgCode: '440106010000' } });
    const unlisted = resolveSystemInstance({ ...settings, kind: 'justice', credentials: { appId: 'a', secret: 's' } }, {}, adapters, directory);
    expect(unlisted).toEqual({ ok: false, errors: [expect.stringMatching(/lists no justice system instance in 440106 \(机构目录中未登记/)] });
    expect(resolveSystemInstance(settings, {}, adapters, builtinDirectory())).toMatchObject({ ok: false });
  });

  it('carries a prison’s credit code through the unified standard', () => {
    const [arrest] = demoCase('440106', 1);
    const toPrison = { ...arrest!.message, standardVersion: '1.1', receiver: { agency: 'PRISON', division: '440000', orgCode: PRISON_ORG_CODE } };
    expect(validateMessage(toPrison).ok).toBe(true);
    const badCheck = { ...toPrison, receiver: { ...toPrison.receiver, orgCode: '12440000MB2C00001Q' } };
    expect(validateMessage(badCheck).ok).toBe(false);
  });
});

describe('a malformed directory entry', () => {
  it('is refused, naming the entry and the reason in both languages', () => {
    const wrongType = tianheAndPrison();
    (wrongType.units as Array<Record<string, unknown>>)[2]!.orgCode = '440106030001';
    expect(refusedWith(wrongType)).toContain(
      'unit 440106030001: org code 440106030001 is neither a 12-digit platform code (division + type 01-06 + 0000) nor a unified social credit code with a correct check character (既不是12位平台机构代码，也不是校验位正确的统一社会信用代码)',
    );
    const notCode = tianheAndPrison();
    (notCode.units as Array<Record<string, unknown>>)[2]!.orgCode = '4401060200';
    expect(refusedWith(notCode)).toEqual([
      'units[2] 4401060200 orgCode: must be a 12-digit platform org code or an 18-character unified social credit code (应为12位平台机构代码或18位统一社会信用代码)',
    ]);
    const mismatched = tianheAndPrison();
    (mismatched.units as Array<Record<string, unknown>>)[2]!.orgCode = '440106030000';
    (mismatched.units as Array<Record<string, unknown>>)[3]!.orgCode = '440106040000';
    const errors = refusedWith(mismatched);
    expect(errors.some((e) => /unit 440106030000: type digits 03 are not those of PROCURATORATE \(02\)/.test(e) && /与人民检察院（02）不符/.test(e))).toBe(
      true,
    );
  });

  it('names an unlisted division, a duplicate code, a bad credit code and an instance serving an unknown unit', () => {
    const bad = tianheAndPrison();
    const units = bad.units as Array<Record<string, unknown>>;
    units[0]!.division = '440199';
    units[4]!.orgCode = '12440000MB2C00001Q';
    (bad.instances as Array<Record<string, unknown>>)[1]!.serves = ['440106990000'];
    const errors = refusedWith(bad).join('\n');
    expect(errors).toMatch(/unit 440106010000: division 440199 is not a listed division \(区划440199未登记\)/);
    expect(errors).toMatch(/12440000MB2C00001Q: org code 12440000MB2C00001Q is neither a 12-digit platform code/);
    expect(errors).toMatch(/instance procuratorate-440106: serves 440106990000, which is not a listed unit \(所服务的机构440106990000未登记\)/);
  });

  it('names a division listed twice and a parent not listed (a file that replaces the shipped one)', () => {
    const twice = { code: '440105', name: { 'zh-CN': '海珠区', 'en-US': 'Haizhu' }, level: 'district', parent: '440100' };
    const errors = refusedWith({ version: 1, divisions: [twice, twice] });
    expect(errors).toContain('division 440105: code 440105 is listed twice (区划代码440105重复)');
    expect(errors).toContain('division 440105: parent 440100 is not a listed division (上级区划440100未登记)');
  });

  it('names a missing name and a bad instance id', () => {
    const errors = refusedWith({
      version: 1,
      divisions: [{ code: '440106', name: { 'zh-CN': '天河区' }, level: 'district' }],
      instances: [{ id: 'PSB', kind: 'psb', division: '440106', serves: [] }],
    });
    expect(errors).toContain('divisions[0] 440106 name.en-US: Invalid input: expected string, received undefined');
    expect(errors.join('\n')).toMatch(/instances\[0\] PSB id: must be <kind>-<division>/);
    expect(errors.join('\n')).toMatch(/instances\[0\] PSB serves: must serve at least one unit/);
  });

  it('leaves the shipped file valid as it is', () => {
    expect(directoryFrom(shipped).ok).toBe(true);
  });
});
