import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { codec as psb, PSB_RECEIVE_PATH, parseFhxx, startPsbSimulator } from '../../adapters/psb';
import { codec as procuratorate } from '../../adapters/procuratorate';
import type { DecodeResult } from '../../adapters/types';
import { trapForFile } from '../support/trap-server';
import { withCpuTime } from '../support/timing';

const trap = trapForFile('<secret>leaked</secret>');

const gbk = (text: string): Buffer => iconv.encode(text, 'gbk');
const PROLOG = '<?xml version="1.0" encoding="GBK"?>\n';

/** Decodes and checks the body was refused quickly (CPU time: other processes do not count) with a clear, bilingual reason. */
function refusedFast(run: () => DecodeResult, field: string | RegExp, reason: RegExp): void {
  const { result, cpuMs } = withCpuTime(run);
  expect(cpuMs).toBeLessThan(1000);
  expect(result.messages).toEqual([]);
  expect(result.rejected).toHaveLength(1);
  const issue = result.rejected[0]!.issues[0]!;
  if (typeof field === 'string') expect(issue.field).toBe(field);
  else expect(issue.field).toMatch(field);
  expect(issue.reason).toMatch(reason);
  expect(issue.reason).toMatch(/[\u4e00-\u9fff]/);
  expect(result.rejected[0]!.raw.length).toBeGreaterThan(0);
}

describe('hostile XML (PSB decoder)', () => {
  it('refuses an XXE DOCTYPE reading a local file', () => {
    const body = gbk(`${PROLOG}<!DOCTYPE PACKAGE [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<PACKAGE><HEAD><BWBH>&xxe;</BWBH></HEAD></PACKAGE>`);
    refusedFast(() => psb.decode(body), 'DOCTYPE', /DOCTYPE/);
  });

  it('refuses an XXE DOCTYPE pointing at a loopback URL, which receives nothing', async () => {
    const body = gbk(`${PROLOG}<!DOCTYPE PACKAGE SYSTEM "${trap.url()}">\n<PACKAGE/>`);
    refusedFast(() => psb.decode(body), 'DOCTYPE', /DOCTYPE/);
    const entity = gbk(`${PROLOG}<!DOCTYPE PACKAGE [<!ENTITY % remote SYSTEM "${trap.url()}"> %remote;]>\n<PACKAGE/>`);
    refusedFast(() => psb.decode(entity), 'DOCTYPE', /DOCTYPE/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(trap.hits()).toBe(0);
  });

  it('refuses a billion-laughs entity bomb', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i < 10; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const body = gbk(`${PROLOG}<!DOCTYPE PACKAGE [${lol.join('')}]>\n<PACKAGE><HEAD><BWBH>&lol9;</BWBH></HEAD></PACKAGE>`);
    refusedFast(() => psb.decode(body), 'DOCTYPE', /DOCTYPE/);
  });

  it('refuses an entity declaration hidden without a DOCTYPE', () => {
    refusedFast(() => psb.decode(gbk(`${PROLOG}<PACKAGE><!ENTITY x "y"></PACKAGE>`)), 'DOCTYPE', /DOCTYPE/);
  });

  it('refuses 10,000-deep nesting', () => {
    const body = gbk(`${PROLOG}${'<A>'.repeat(10_000)}x${'</A>'.repeat(10_000)}`);
    refusedFast(() => psb.decode(body), /A|body/, /deeper than 64/);
  });

  it('refuses 100,000-deep nesting and a 50,000-attribute flood, the process alive', () => {
    const deep = gbk(`${PROLOG}<PACKAGE>${'<A>'.repeat(100_000)}${'</A>'.repeat(100_000)}</PACKAGE>`);
    refusedFast(() => psb.decode(deep), /A|body/, /deeper than 64/);
    const flood = gbk(`${PROLOG}<PACKAGE${Array.from({ length: 50_000 }, (_, i) => ` a${i}="1"`).join('')}/>`);
    refusedFast(() => psb.decode(flood), 'body', /more than 256 attributes/);
  });

  it('refuses a 60 MB body before decoding it', () => {
    const body = Buffer.concat([gbk(`${PROLOG}<PACKAGE><BODY>`), Buffer.alloc(60 * 1024 * 1024, 0x61), gbk('</BODY></PACKAGE>')]);
    refusedFast(() => psb.decode(body), 'body', /larger than/);
  });

  it('refuses a truncated body and mismatched tags', () => {
    refusedFast(() => psb.decode(gbk(`${PROLOG}<PACKAGE><HEAD><BWBH>1</BWBH>`)), 'body', /not closed/);
    refusedFast(() => psb.decode(gbk(`${PROLOG}<PACKAGE><HEAD></BODY></PACKAGE>`)), 'body', /does not match/);
  });

  it('refuses a __proto__ element without polluting prototypes', () => {
    const body = gbk(`${PROLOG}<PACKAGE><HEAD><__proto__><polluted>yes</polluted></__proto__></HEAD></PACKAGE>`);
    const result = psb.decode(body);
    expect(result.messages).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a GBK body labelled UTF-8 and bytes that are not GBK', () => {
    const body = gbk('<PACKAGE><HEAD><BWBH>张三</BWBH></HEAD></PACKAGE>');
    refusedFast(() => psb.decode(body, { 'content-type': 'application/xml; charset=utf-8' }), 'body', /UTF-8/);
    refusedFast(() => psb.decode(Buffer.concat([gbk(PROLOG), Buffer.from([0x3c, 0x41, 0x3e, 0x81, 0x20, 0x3c, 0x2f, 0x41, 0x3e])])), 'body', /gbk/);
  });

  it('refuses an oversize body', () => {
    const body = Buffer.concat([gbk(`${PROLOG}<PACKAGE><BODY><AJXX><JYAQ>`), Buffer.alloc(21 * 1024 * 1024, 0x61), gbk('</JYAQ></AJXX></BODY></PACKAGE>')]);
    refusedFast(() => psb.decode(body), 'body', /larger than/);
  });

  it('the PSB simulator answers an XXE push with FHDM 1 and the trap stays untouched', async () => {
    const sim = await startPsbSimulator({ credentials: { token: 't' } });
    try {
      const body = gbk(`${PROLOG}<!DOCTYPE PACKAGE [<!ENTITY xxe SYSTEM "${trap.url()}">]>\n<PACKAGE>&xxe;</PACKAGE>`);
      const response = await fetch(`${sim.url}${PSB_RECEIVE_PATH}`, { method: 'POST', headers: { 'X-JZPT-Token': 't' }, body });
      const fhxx = parseFhxx(Buffer.from(await response.arrayBuffer()));
      expect(fhxx).toMatchObject({ fhdm: '1' });
      expect(fhxx!.fhms).toContain('DOCTYPE');
      expect(trap.hits()).toBe(0);
    } finally {
      await sim.close();
    }
  });
});

describe('hostile JSON (procuratorate decoder)', () => {
  const json = (text: string): Buffer => Buffer.from(text, 'utf8');

  it('refuses __proto__, constructor and prototype keys without polluting prototypes', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const body = json(`{"head":{"msgId":"X","${key}":{"polluted":"yes"}},"body":{}}`);
      refusedFast(() => procuratorate.decode(body), key, /refused/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses those keys written with escapes, inside arrays, or after a string that holds one as text', () => {
    // The structure scan decides whether JSON.parse needs its checking reviver: it must see every key as JSON.parse will.
    for (const [text, key] of [
      ['{"head":{"msgId":"X","\\u005f_proto__":{"polluted":"yes"}},"body":{}}', '__proto__'],
      ['{"head":{"msgId":"X"},"body":{"ws":[{"a":1},{"constructor":1}]}}', 'constructor'],
      ['{"head":{"msgId":"X","note":"\\"prototype\\": 1"},"body":{"prototype":1}}', 'prototype'],
    ] as const) {
      refusedFast(() => procuratorate.decode(json(text)), key, /refused/);
    }
    // The same words as values only are ordinary text.
    const plain = procuratorate.decode(json('{"head":{"msgId":"X","note":"__proto__ constructor prototype"},"body":{}}'));
    expect(plain.rejected.flatMap((r) => r.issues).some((i) => /prototype pollution/.test(i.reason))).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses 10,000-deep nesting', () => {
    refusedFast(() => procuratorate.decode(json(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)), 'body', /deeper than 64/);
    refusedFast(() => procuratorate.decode(json(`{"head":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`)), 'body', /deeper than 64/);
  });

  it('refuses a GBK body labelled UTF-8', () => {
    const body = iconv.encode('{"head":{"msgId":"张三"},"body":{}}', 'gbk');
    refusedFast(() => procuratorate.decode(body, { 'content-type': 'application/json; charset=utf-8' }), 'body', /UTF-8/);
  });

  it('refuses an oversize body', () => {
    const body = Buffer.concat([json('{"head":{},"body":{"ajqk":"'), Buffer.alloc(21 * 1024 * 1024, 0x61), json('"}}')]);
    refusedFast(() => procuratorate.decode(body), 'body', /larger than/);
  });
});
