/**
 * Text that is not text, and JSON that says two things, refused at ingress naming the field
 * (issue 17, items 3 and 4); what the destination cannot encode found when the message is stored.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodingIssues, encodingProblem } from '../../adapters/encodability';
import { codec as procuratorate } from '../../adapters/procuratorate';
import { codec as psb } from '../../adapters/psb';
import { parseJson } from '../../adapters/shared/safe-json';
import { demoCase } from '../../demo/demo-case';
import { validateMessage } from '../../standard/validate';
import type { UnifiedMessage } from '../../standard/schema/message';

const credentials = { token: 't' };
const steps = demoCase('440105', 7, { idPrefix: 'TXT' });
const fromPsb = steps.find((s) => s.from === 'psb')!.message;
const fromProcuratorate = steps.find((s) => s.from === 'procuratorate')!.message;

function procuratorateJson(message: UnifiedMessage): string {
  return procuratorate.encode(message, { credentials }).body.toString('utf8');
}

describe('text hygiene in the standard', () => {
  it.each([
    ['NUL', 'a\u0000b', /U\+0000/],
    ['a vertical tab', 'a\u000bb', /U\+000B/],
    ['U+FFFF', 'a\uffffb', /U\+FFFF/],
    ['a lone high surrogate', 'a\ud800b', /lone surrogate U\+D800/],
    ['a lone low surrogate', '\udc00', /lone surrogate U\+DC00/],
  ])('%s in a field is refused, naming the field', (_case, text, reason) => {
    const message = structuredClone(fromPsb);
    message.case.name = text;
    const result = validateMessage(message);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.find((i) => i.path === 'case.name')?.reason).toMatch(reason);
  });

  it('tab, line feed, carriage return and a surrogate pair (𠀀) are text', () => {
    const message = structuredClone(fromPsb);
    message.case.name = '张三\t盗窃\r\n案 𠀀';
    expect(validateMessage(message).ok).toBe(true);
  });
});

describe('text hygiene at the JSON ingress (procuratorate)', () => {
  it('a JSON \\u0000 and a lone \\ud800 are refused naming the legacy field; the message is not taken', () => {
    for (const [escape, reason] of [
      ['\\u0000', /U\+0000/],
      ['\\ud800', /lone surrogate/],
    ] as const) {
      const json = procuratorateJson(fromProcuratorate).replace(/"ajmc":"([^"]*)"/, `"ajmc":"$1${escape}"`);
      const decoded = procuratorate.decode(Buffer.from(json));
      expect(decoded.messages).toEqual([]);
      expect(decoded.rejected[0]!.issues).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'body.ajmc', reason: expect.stringMatching(reason) })]),
      );
    }
  });

  it('a duplicated key (msgId twice) is refused naming it; the same key in two objects is fine', () => {
    const json = procuratorateJson(fromProcuratorate).replace('"msgId":', '"msgId":"SQUAT-1","msgId":');
    const decoded = procuratorate.decode(Buffer.from(json));
    expect(decoded.messages).toEqual([]);
    expect(decoded.rejected[0]!.issues[0]).toMatchObject({ field: 'head.msgId', reason: expect.stringContaining('appears twice') });
    expect(() => parseJson('{"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":2}]}')).not.toThrow();
    expect(() => parseJson('{"a":1,"\\u0061":2}')).toThrow(/appears twice/);
    expect(() => parseJson('{"c":[{"x":1,"y":{"x":3},"x":2}]}')).toThrow(/c\[\]\.x/);
  });
});

describe('text hygiene at the XML ingress (PSB)', () => {
  it('a raw NUL byte in PSB XML is refused naming the field', () => {
    const { body } = psb.encode(fromPsb, { credentials });
    const text = iconv.decode(body, 'gbk');
    const withNul = iconv.encode(text.replace(/<AJMC>([^<]*)<\/AJMC>/, '<AJMC>$1\u0000</AJMC>'), 'gbk');
    const decoded = psb.decode(withNul, { 'content-type': 'application/xml; charset=GBK' });
    expect(decoded.messages).toEqual([]);
    expect(JSON.stringify(decoded.rejected[0]!.issues)).toMatch(/AJMC[\s\S]*(U\+0000|not well-formed)|not well-formed/);
  });
});

describe('encodability for the destination, found when the message is stored', () => {
  it('what the PSB format cannot carry is named for a PSB destination; a rare character is carried (issue 14: as a numeric character reference)', () => {
    const message = structuredClone(fromProcuratorate);
    message.persons.push({ role: 'VICTIM', name: '李五' });
    expect(encodingProblem('psb-440105', message)).toMatch(/cannot be written for psb-440105[\s\S]*victim/);
    const rare = structuredClone(fromProcuratorate);
    rare.case.name = '张三𠀀盗窃案';
    expect(encodingIssues('psb-440105', rare)).toEqual([]);
    const toProcuratorate = structuredClone(fromPsb);
    toProcuratorate.case.name = '张三𠀀盗窃案';
    expect(encodingIssues('procuratorate-440105', toProcuratorate)).toEqual([]);
    expect(encodingIssues('quarantine-psb-440105', message)).toEqual([]);
    expect(encodingProblem('psb-440105', fromProcuratorate)).toBeUndefined();
  });
});
