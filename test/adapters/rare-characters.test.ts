/**
 * Rare characters (生僻字) end to end through every built-in adapter: names with CJK Extension A
 * and B characters arrive as numeric character references or GB18030 bytes and leave in the form
 * the receiving system holds — references into GBK systems (PSB), characters into UTF-8 systems
 * (procuratorate, court, justice) — through the codecs and through the real clients and HTTP
 * simulators.
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as court from '../../adapters/court';
import * as justice from '../../adapters/justice';
import * as procuratorate from '../../adapters/procuratorate';
import * as psb from '../../adapters/psb';
import { decodeBody, jsonTextFor, xmlTextFor } from '../../adapters/shared/charset';
import type { BaseSimulator } from '../../adapters/shared/simulator-base';
import type { LegacyClient, LegacyCodec } from '../../adapters/types';
import type { UnifiedMessage } from '../../standard/schema/message';

/** 㛃 U+36C3 (Extension A, not in GBK), 䶮 U+4DAE (Extension A, GBK's FE9F), 𠮷 U+20BB7 and 𪚥 U+2A6A5 (Extension B). */
const RARE_NAME = '王㛃䶮𠮷';
const RARE_ADDRESS = '广州市𪚥街1号';

const fixture = (system: string, name: string): Buffer => readFileSync(new URL(`../../adapters/${system}/fixtures/valid/${name}`, import.meta.url));
const first = (codec: LegacyCodec, bytes: Buffer): UnifiedMessage => {
  const result = codec.decode(bytes);
  expect(result.rejected, JSON.stringify(result.rejected[0]?.issues)).toEqual([]);
  return result.messages[0]!.message;
};

/** The message with its first person renamed (and given a rare address where it has one). */
function withRareName(message: UnifiedMessage, id: string): UnifiedMessage {
  const copy = structuredClone(message) as UnifiedMessage & { persons: Array<Record<string, unknown>> };
  copy.messageId = id;
  const person = copy.persons[0]!;
  person['name'] = RARE_NAME;
  if (typeof person['address'] === 'string') person['address'] = RARE_ADDRESS;
  return copy;
}

interface System {
  name: string;
  codec: LegacyCodec;
  sample: UnifiedMessage;
  /** What the system's bytes hold for RARE_NAME. */
  expectInBody(body: Buffer): void;
}

const SYSTEMS: System[] = [
  {
    name: 'PSB (GBK XML): references for what GBK cannot hold',
    codec: psb.codec,
    sample: first(psb.codec, fixture('psb', 'PZDBJDS.gbk.xml')),
    expectInBody: (body) => {
      const text = iconv.decode(body, 'gbk');
      expect(text).toContain('王&#x36C3;䶮&#x20BB7;');
      expect(body.includes(Buffer.from([0xfe, 0x9f]))).toBe(true); // 䶮 as GBK bytes
      expect(text).toContain('<HJDZ>广州市&#x2A6A5;街1号</HJDZ>');
    },
  },
  {
    name: 'procuratorate (UTF-8 JSON): characters',
    codec: procuratorate.codec,
    sample: first(procuratorate.codec, fixture('procuratorate', 'TQPZDB.json')),
    expectInBody: (body) => expect(body.toString('utf8')).toContain(`"${RARE_NAME}"`),
  },
  {
    name: 'court (UTF-8 SOAP): characters',
    codec: court.codec,
    sample: first(court.codec, fixture('court', 'receive-QSS-indictment.soap.xml')),
    expectInBody: (body) => expect(body.toString('utf8')).toContain(`"${RARE_NAME}"`),
  },
  {
    name: 'justice (UTF-8 JSON): characters',
    codec: justice.codec,
    sample: first(justice.codec, fixture('justice', 'inbox-LA_NOTICE.json')),
    expectInBody: (body) => expect(body.toString('utf8')).toContain(`"${RARE_NAME}"`),
  },
];

const CREDENTIALS = { token: 't', appId: 'GZ-PLATFORM', secret: 'sample-secret' };

describe('rare characters leave in the form the system holds and come back unchanged (codecs)', () => {
  it.each(SYSTEMS.map((s) => [s.name, s] as const))('%s', (_name, system) => {
    const message = withRareName(system.sample, 'RARE-1');
    const request = system.codec.encode(message, { credentials: CREDENTIALS, now: Date.parse(message.sentAt) });
    system.expectInBody(request.body);
    const back = first(system.codec, request.body);
    expect((back.persons[0] as { name: string }).name).toBe(RARE_NAME);
    expect(back).toEqual(message);
  });
});

describe('rare characters as a GBK system sends them', () => {
  const psbWith = (name: string): string => iconv.decode(fixture('psb', 'TQPZDBS.gbk.xml'), 'gbk').replace('<XM>张三</XM>', `<XM>${name}</XM>`);
  const nameOf = (bytes: Buffer): string => {
    const result = psb.codec.decode(bytes, { 'content-type': 'application/xml; charset=GBK' });
    expect(result.rejected, JSON.stringify(result.rejected[0]?.issues)).toEqual([]);
    return (result.messages[0]!.message.persons[0] as { name: string }).name;
  };

  it('numeric character references (hexadecimal and decimal) become the characters', () => {
    expect(psbWith('x')).toContain('<XM>x</XM>');
    const body = iconv.encode(psbWith('王&#x36C3;&#19886;&#x20BB7;'), 'gbk');
    expect(nameOf(body)).toBe('王㛃䶮𠮷');
  });

  it('GB18030 four-byte sequences in a body labelled GBK (header and prolog) still decode', () => {
    const body = iconv.encode(psbWith(RARE_NAME), 'gb18030');
    expect(body.includes(iconv.encode('𠮷', 'gb18030'))).toBe(true);
    expect(nameOf(body)).toBe(RARE_NAME);
    expect(decodeBody(body, 'application/xml; charset=GBK', { xml: true })).toContain(RARE_NAME);
    expect(decodeBody(body, 'application/xml; charset=GB2312', { xml: true })).toContain(RARE_NAME);
  });

  it('a body declared GB18030 decodes too; bytes that are not GB18030 are still refused naming the charset', () => {
    const text = psbWith(RARE_NAME).replace('encoding="GBK"', 'encoding="GB18030"');
    expect(decodeBody(iconv.encode(text, 'gb18030'), undefined, { xml: true })).toContain(RARE_NAME);
    expect(() => decodeBody(Buffer.from([0x3c, 0x41, 0x3e, 0x81, 0x20, 0x3c, 0x2f, 0x41, 0x3e]), 'application/xml; charset=GBK', { xml: true })).toThrow(/gbk/);
  });

  it('the shared writers: references for GBK, characters for GB18030 and UTF-8; JSON escapes for a GBK JSON system', () => {
    expect(xmlTextFor(`<XM>${RARE_NAME}</XM>`, 'GBK')).toBe('<XM>王&#x36C3;䶮&#x20BB7;</XM>');
    expect(xmlTextFor(RARE_NAME, 'GB18030')).toBe(RARE_NAME);
    expect(xmlTextFor(RARE_NAME, 'utf-8')).toBe(RARE_NAME);
    const json = jsonTextFor(JSON.stringify({ name: RARE_NAME }), 'gbk');
    expect(json).toBe('{"name":"王\\u36C3䶮\\uD842\\uDFB7"}');
    expect(JSON.parse(iconv.decode(iconv.encode(json, 'gbk'), 'gbk'))).toEqual({ name: RARE_NAME });
    expect(() => xmlTextFor('a\uD800b', 'gbk')).toThrow(/lone surrogate/);
  });
});

describe('rare characters through the real clients and HTTP simulators', () => {
  const started: BaseSimulator[] = [];
  let simulators: Array<{ name: string; sim: BaseSimulator; client: LegacyClient; sample: UnifiedMessage }> = [];
  beforeAll(async () => {
    const psbSim = await psb.startPsbSimulator({ credentials: { token: 't' } });
    const procSim = await procuratorate.startProcuratorateSimulator({ credentials: { token: 't' } });
    const courtSim = await court.startSimulator({ credentials: { appId: 'GZ-PLATFORM', secret: 'sample-secret' } });
    const justiceSim = await justice.startSimulator({ credentials: { appId: 'GZ-PLATFORM', secret: 'sample-secret' } });
    started.push(psbSim, procSim, courtSim, justiceSim);
    const options = (sim: BaseSimulator) => ({ baseUrl: sim.url, credentials: CREDENTIALS, timeoutMs: 5000 });
    simulators = [
      { name: 'PSB', sim: psbSim, client: psb.createClient(options(psbSim)), sample: SYSTEMS[0]!.sample },
      { name: 'procuratorate', sim: procSim, client: procuratorate.createClient(options(procSim)), sample: SYSTEMS[1]!.sample },
      { name: 'court', sim: courtSim, client: court.createClient(options(courtSim)), sample: SYSTEMS[2]!.sample },
      { name: 'justice', sim: justiceSim, client: justice.createClient(options(justiceSim)), sample: SYSTEMS[3]!.sample },
    ];
  });
  afterAll(async () => {
    await Promise.all(started.map((sim) => sim.close()));
  });

  it('every system receives the name intact (PSB as references on the wire)', async () => {
    for (const { name, sim, client, sample } of simulators) {
      const message = withRareName(sample, `RARE-${name}`);
      expect(await client.send(message), name).toMatchObject({ kind: 'accepted' });
      expect((sim.acceptedMessages()[0]!.persons[0] as { name: string }).name, name).toBe(RARE_NAME);
      if (name === 'PSB') expect(sim.received[0]!.body).toContain('王&#x36C3;䶮&#x20BB7;');
    }
  });

  it('the court and justice outboxes hand rare names to the platform intact', async () => {
    for (const { name, sim, client, sample } of simulators.filter((s) => s.client.fetchOutbox)) {
      sim.addToOutbox!(withRareName(sample, `OUT-${name}`));
      const page = await client.fetchOutbox!(undefined, 10);
      expect(page.decoded.rejected, name).toEqual([]);
      expect((page.decoded.messages.at(-1)!.message.persons[0] as { name: string }).name, name).toBe(RARE_NAME);
    }
  });
});
