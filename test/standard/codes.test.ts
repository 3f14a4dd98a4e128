import { describe, expect, it } from 'vitest';
import {
  AGENCIES,
  AGENCY_IDS,
  ATTACHED_DOCUMENT_TYPES,
  canonicalDivision,
  CUSTODY_MEASURE_IDS,
  CUSTODY_MEASURES,
  custodyMeasureByLabel,
  DIVISION_ALIASES,
  DIVISION_CODES,
  DIVISIONS,
  DOCUMENT_TYPE_IDS,
  ETHNICITIES,
  ETHNICITY_CODES,
  ethnicityCodeByName,
  GENDER_CODES,
  ID_TYPE_IDS,
  MESSAGE_TYPE_IDS,
  MESSAGE_TYPES,
  ORG_CODE_PATTERN,
  orgCodeOf,
  parseOrgCode,
  PROCESS_IDS,
  processesOf,
} from '../../standard';

describe('ethnicities (GB/T 3304)', () => {
  it('has the 56 groups 01–56 in order, then 97 and 98', () => {
    const expected = [...Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')), '97', '98'];
    expect(ETHNICITY_CODES).toEqual(expected);
    expect(Object.keys(ETHNICITIES).sort()).toEqual(expected);
  });
  it('has unique names, 01 = 汉族', () => {
    const names = ETHNICITY_CODES.map((code) => ETHNICITIES[code]);
    expect(new Set(names).size).toBe(names.length);
    expect(ETHNICITIES['01']).toBe('汉族');
    expect(names.filter((name) => name.endsWith('族'))).toHaveLength(56);
  });
  it('finds every code by its name, with or without the trailing 族', () => {
    for (const code of ETHNICITY_CODES) {
      const name = ETHNICITIES[code];
      expect(ethnicityCodeByName(name)).toBe(code);
      expect(ethnicityCodeByName(` ${name} `)).toBe(code);
      if (name.endsWith('族')) expect(ethnicityCodeByName(name.slice(0, -1))).toBe(code);
    }
    expect(ethnicityCodeByName('火星族')).toBeUndefined();
  });
});

describe('message types and processes', () => {
  it('gives every message type at least one known process, sender and receiver agency', () => {
    for (const type of MESSAGE_TYPE_IDS) {
      const info = MESSAGE_TYPES[type];
      expect(info.processes.length, type).toBeGreaterThanOrEqual(1);
      for (const process of processesOf(type)) expect(PROCESS_IDS).toContain(process);
      expect(info.from.length, type).toBeGreaterThanOrEqual(1);
      expect(info.to.length, type).toBeGreaterThanOrEqual(1);
      for (const agency of [...info.from, ...info.to]) expect(AGENCY_IDS).toContain(agency);
      expect(info.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(info.en).toMatch(/[A-Za-z]/);
    }
  });
  it('gives every process at least one message type', () => {
    for (const process of PROCESS_IDS) {
      expect(
        MESSAGE_TYPE_IDS.some((type) => processesOf(type).includes(process)),
        process,
      ).toBe(true);
    }
  });
  it('has unique Chinese names and 58 types (49 of 1.0, 3 second-instance types of 1.1, DEADLINE_EXTENSION, 3 trial and 2 legal-aid objection types of 1.x)', () => {
    expect(MESSAGE_TYPE_IDS).toHaveLength(58);
    expect(new Set(MESSAGE_TYPE_IDS.map((type) => MESSAGE_TYPES[type].zh)).size).toBe(MESSAGE_TYPE_IDS.length);
  });
  it('documents types are the message types plus attached-only documents, without duplicates', () => {
    expect(new Set(DOCUMENT_TYPE_IDS).size).toBe(DOCUMENT_TYPE_IDS.length);
    expect(DOCUMENT_TYPE_IDS).toEqual([...MESSAGE_TYPE_IDS, ...Object.keys(ATTACHED_DOCUMENT_TYPES)]);
    expect(DOCUMENT_TYPE_IDS).toContain('PLEA_AFFIDAVIT');
    expect(DOCUMENT_TYPE_IDS).toContain('SENTENCING_RECOMMENDATION');
  });
});

describe('divisions and org codes', () => {
  it('has the four pilot districts with their court codes', () => {
    expect(DIVISION_CODES).toEqual(['440105', '440111', '440112', '440115']);
    for (const code of DIVISION_CODES) expect(DIVISIONS[code].courtCode).toBe(`粤${code.slice(2)}`);
  });
  it('maps the legacy 萝岗 440116 to 黄埔 440112', () => {
    expect(canonicalDivision('440116')).toBe('440112');
    expect(canonicalDivision('440112')).toBe('440112');
    // Every Guangzhou district is a division of the standard; which ones are served is the org directory's (directory/).
    expect(canonicalDivision('440106')).toBe('440106');
    expect(canonicalDivision('440199')).toBeUndefined();
    for (const [alias, target] of Object.entries(DIVISION_ALIASES)) {
      expect(DIVISION_CODES).not.toContain(alias);
      expect(DIVISION_CODES).toContain(target);
    }
  });
  it('gives each agency a distinct org type, PRISON none', () => {
    const types = AGENCY_IDS.map((agency) => AGENCIES[agency].orgType).filter((type) => type !== null);
    expect(new Set(types).size).toBe(types.length);
    expect(AGENCIES.PRISON.orgType).toBeNull();
  });
  it('round-trips orgCodeOf → parseOrgCode for every agency and division', () => {
    for (const agency of AGENCY_IDS) {
      for (const division of DIVISION_CODES) {
        const orgCode = orgCodeOf(agency, division);
        if (agency === 'PRISON') {
          expect(orgCode).toBeUndefined();
          continue;
        }
        expect(orgCode).toMatch(ORG_CODE_PATTERN);
        expect(orgCode!.startsWith(division)).toBe(true);
        expect(parseOrgCode(orgCode!)).toEqual({ agency, division, orgCode });
      }
    }
    expect(orgCodeOf('PROCURATORATE', '440105')).toBe('440105020000');
  });
  it('reads an org code of the legacy division 440116 as 440112', () => {
    expect(parseOrgCode('440116010000')).toEqual({ agency: 'PSB', division: '440112', orgCode: '440112010000' });
  });
  it('refuses malformed org codes and codes outside the pilot', () => {
    for (const bad of ['', '44010502000', '4401050200000', '440105070000', '440105020001', '440199020000', 'A40105020000']) {
      expect(parseOrgCode(bad), bad).toBeUndefined();
    }
  });
});

describe('other code tables', () => {
  it('genders are the GB/T 2261.1 codes', () => {
    expect(GENDER_CODES).toEqual(['0', '1', '2', '9']);
  });
  it('id types and custody measures', () => {
    expect(ID_TYPE_IDS).toEqual(['RESIDENT_ID', 'PASSPORT', 'OTHER']);
    expect(CUSTODY_MEASURE_IDS).toEqual(['SUMMONED', 'BAIL', 'RESIDENTIAL_SURVEILLANCE', 'DETAINED', 'ARRESTED', 'RELEASED']);
    for (const id of CUSTODY_MEASURE_IDS) expect(custodyMeasureByLabel(CUSTODY_MEASURES[id].zh)).toBe(id);
    expect(custodyMeasureByLabel('刑事拘留')).toBe('DETAINED');
    expect(custodyMeasureByLabel('逮捕')).toBe('ARRESTED');
    expect(custodyMeasureByLabel('软禁')).toBeUndefined();
  });
});
