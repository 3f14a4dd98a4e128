import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHARGE_CODES,
  CHARGE_ENTRIES,
  CHARGE_GROUPS,
  CHARGE_TABLE_INFO,
  chargeByCode,
  chargeByName,
  chineseNumber,
  statuteOf,
  validateMessage,
} from '../../standard';

/** Charges per chapter of the Specific Provisions after Amendment XI (补充规定（七）) and 补充规定（八）. */
const PER_CHAPTER: Record<string, number> = { '1': 12, '2': 54, '3': 110, '4': 43, '5': 13, '6': 146, '7': 23, '8': 14, '9': 37, '10': 31 };

describe('charge table (罪名表) of the Criminal Law through Amendment XII', () => {
  it('has 483 charges, as its data says, with unique codes and names', () => {
    expect(CHARGE_TABLE_INFO.count).toBe(483);
    expect(CHARGE_ENTRIES).toHaveLength(483);
    expect(new Set(CHARGE_CODES).size).toBe(483);
    expect(new Set(CHARGE_ENTRIES.map((c) => c.zh)).size).toBe(483);
    for (const entry of CHARGE_ENTRIES) {
      expect(entry.zh, entry.code).toMatch(/罪$/);
      expect(entry.en.length, entry.code).toBeGreaterThan(0);
      expect(entry.code).toMatch(/^(CL\d{3}(A\d)?(_\d+)?|FX1)$/);
    }
  });

  it('keeps its source and version in the data (補充规定（七）2021, （八）2024, Amendment XII)', () => {
    const raw = JSON.parse(readFileSync(new URL('../../standard/codes/data/charges.json', import.meta.url), 'utf8'));
    expect(raw.version).toBe('2024-03-01');
    expect(raw.count).toBe(raw.charges.length);
    const sources = raw.sources.map((s: { zh: string }) => s.zh).join('\n');
    expect(sources).toContain('补充规定（七）》（法释〔2021〕2号');
    expect(sources).toContain('补充规定（八）》（法释〔2024〕3号');
    expect(raw.notes[0].zh).toContain('刑法修正案（十二）');
  });

  it('counts per chapter as the provisions do', () => {
    const counts: Record<string, number> = {};
    for (const entry of CHARGE_ENTRIES) {
      const chapter = entry.group.split('.')[0]!;
      counts[chapter] = (counts[chapter] ?? 0) + 1;
    }
    expect(counts).toEqual(PER_CHAPTER);
    expect(CHARGE_GROUPS.map((g) => g.id)).toContain('6.9');
  });

  it.each([
    ['盗窃罪', '264', 'CL264', '刑法第二百六十四条'],
    ['故意杀人罪', '232', 'CL232', '刑法第二百三十二条'],
    ['危险驾驶罪', '133之一', 'CL133A1', '刑法第一百三十三条之一'],
    ['妨害安全驾驶罪', '133之二', 'CL133A2', '刑法第一百三十三条之二'],
    ['走私假币罪', '151', 'CL151_3', '刑法第一百五十一条'],
    ['徇私舞弊低价折股、出售公司、企业资产罪', '169', 'CL169', '刑法第一百六十九条'],
    ['负有照护职责人员性侵罪', '236之一', 'CL236A1', '刑法第二百三十六条之一'],
    ['袭警罪', '277', 'CL277_2', '刑法第二百七十七条'],
    ['帮助信息网络犯罪活动罪', '287之二', 'CL287A2', '刑法第二百八十七条之二'],
    ['高空抛物罪', '291之二', 'CL291A2', '刑法第二百九十一条之二'],
    ['侮辱国旗、国徽、国歌罪', '299', 'CL299', '刑法第二百九十九条'],
    ['组织参与国（境）外赌博罪', '303', 'CL303_3', '刑法第三百零三条'],
    ['虚假诉讼罪', '307之一', 'CL307A1', '刑法第三百零七条之一'],
    ['危害珍贵、濒危野生动物罪', '341', 'CL341_1', '刑法第三百四十一条'],
    ['妨害兴奋剂管理罪', '355之一', 'CL355A1', '刑法第三百五十五条之一'],
    ['贪污罪', '382', 'CL382', '刑法第三百八十二条'],
    ['单位行贿罪', '393', 'CL393', '刑法第三百九十三条'],
    ['食品、药品监管渎职罪', '408之一', 'CL408A1', '刑法第四百零八条之一'],
    ['虐待俘虏罪', '448', 'CL448', '刑法第四百四十八条'],
  ])('%s: article %s, code %s, %s', (name, article, code, statute) => {
    const entry = chargeByName(name);
    expect(entry).toMatchObject({ code, article, zh: name });
    expect(statuteOf(code)).toBe(statute);
  });

  it('puts 骗购外汇罪 under the 1998 NPCSC decision, not an article of the Criminal Law', () => {
    expect(chargeByName('骗购外汇罪')).toMatchObject({ code: 'FX1', article: null });
    expect(statuteOf('FX1')).toMatch(/^全国人民代表大会常务委员会关于惩治骗购外汇、逃汇和非法买卖外汇犯罪的决定第一条$/);
  });

  it('holds no charge name that an amendment or provision removed or replaced', () => {
    for (const gone of [
      '嫖宿幼女罪',
      '走私固体废物罪',
      '侮辱国旗、国徽罪',
      '侮辱国歌罪',
      '非法猎捕、杀害珍贵、濒危野生动物罪',
      '非法采伐、毁坏国家重点保护植物罪',
      '生产、销售假药罪',
      '徇私舞弊低价折股、出售国有资产罪',
      '强令违章冒险作业罪',
      '食品监管渎职罪',
      '欺诈发行股票、债券罪',
    ]) {
      expect(chargeByName(gone), gone).toBeUndefined();
    }
  });

  it('finds names without 罪 and with half-width brackets; THEFT is the 1.0 code of CL264', () => {
    expect(chargeByName('盗窃')?.code).toBe('CL264');
    expect(chargeByName(' 组织参与国(境)外赌博罪 ')?.code).toBe('CL303_3');
    expect(chargeByCode('THEFT')?.code).toBe('CL264');
    expect(chargeByCode('NO_SUCH')).toBeUndefined();
  });

  it('writes article numbers in Chinese as the Criminal Law does', () => {
    expect([10, 15, 20, 100, 101, 110, 114, 120, 264, 303, 448].map(chineseNumber)).toEqual([
      '十',
      '十五',
      '二十',
      '一百',
      '一百零一',
      '一百一十',
      '一百一十四',
      '一百二十',
      '二百六十四',
      '三百零三',
      '四百四十八',
    ]);
  });
});

describe('charges in a message', () => {
  const base = JSON.parse(readFileSync(new URL('../fixtures/unified/psb-arrest-request.json', import.meta.url), 'utf8'));

  it('accepts any table code in 1.1, several per person, and still THEFT in 1.0', () => {
    expect(validateMessage(base).ok).toBe(true);
    const message = structuredClone(base);
    message.standardVersion = '1.1';
    message.case.charges = [{ code: 'CL264' }, { code: 'CL293' }];
    message.persons[0].charges = [{ code: 'CL264', statute: '刑法第二百六十四条' }, { code: 'CL293' }];
    expect(validateMessage(message)).toMatchObject({ ok: true });
  });

  /** The base message charged with `code`. */
  const chargedWith = (code: string) => {
    const message = structuredClone(base);
    message.case.charge = { code };
    return message;
  };
  /** The issues of a message the schema must refuse. */
  const refusal = (message: unknown) => {
    const result = validateMessage(message);
    expect(result.ok).toBe(false);
    return result.ok ? [] : result.issues;
  };

  it('refuses an unknown code with a bilingual reason naming the table', () => {
    expect(refusal(chargedWith('MURDER'))).toEqual([
      {
        path: 'case.charge.code',
        value: 'MURDER',
        reason: 'is not a charge code of the charge table CHARGES_CN_CRIMINAL_LAW version 2024-03-01 (不是罪名表（2024-03-01版）中的罪名代码)',
      },
    ]);
  });

  it('asks a 1.0 message that uses a 1.1 charge code to say 1.1', () => {
    const message = chargedWith('CL232');
    expect(refusal(message)).toEqual([
      {
        path: 'case.charge.code',
        value: 'CL232',
        reason: 'is new in standard 1.1: declare standardVersion "1.1" (为标准1.1新增内容，standardVersion 应为 "1.1")',
      },
    ]);
    message.standardVersion = '1.1';
    expect(validateMessage(message).ok).toBe(true);
  });
});
