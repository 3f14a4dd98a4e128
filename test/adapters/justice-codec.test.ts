import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseNumberSystem, codec, justiceItem, justiceSignature } from '../../adapters/justice';
import { JUSTICE_RECEIVES, JUSTICE_SENDS } from '../../adapters/justice/codes';
import { MappingError } from '../../adapters/shared/issues';
import type { UnifiedMessage } from '../../standard';
import { codecChecks, expectIssue } from '../support/codec-checks';

const SAMPLE = fileURLToPath(new URL('../fixtures/legacy-samples/justice-outbox-page.json', import.meta.url));
const FIXTURES = new URL('../../adapters/justice/fixtures/', import.meta.url);
const UNIFIED = new URL('../fixtures/unified/', import.meta.url);
const credentials = { appId: 'GZ-PLATFORM', secret: 'sample-secret' };

const fixture = (path: string): Buffer => readFileSync(new URL(path, FIXTURES));

const { decodeOne, roundTrip, rejectedOne: rejectedBody, expectValidAndRoundTrips, expectEveryType } = codecChecks(codec, credentials);

const SAMPLE_MESSAGE = {
  standardVersion: '1.0',
  messageId: 'SFXZ-440105040000-20221207-000012',
  messageType: 'LAWYER_ASSIGNMENT',
  process: 'LEGAL_AID',
  caseUid: 'GZ-440105-2022-000001',
  localCaseNumbers: [{ system: 'PROCURATORATE', number: '穗海检刑捕受〔2022〕440105000001号' }],
  sender: { agency: 'LEGAL_AID_CENTER', division: '440105', orgCode: '440105040000' },
  receiver: { agency: 'PROCURATORATE', division: '440105', orgCode: '440105020000' },
  sentAt: '2022-12-07T14:00:00+08:00',
  inReplyTo: 'TYYW-440105020000-20221206-000019',
  case: { name: '张三盗窃案', charge: { code: 'THEFT' }, crimeDivision: '440105' },
  persons: [{ role: 'SUSPECT', name: '张三', gender: '1', birthDate: '1990-01-01', ethnicity: '01', idType: 'RESIDENT_ID', idNumber: '440105199001011239' }],
  documents: [{ docType: 'LAWYER_ASSIGNMENT', docNo: '穗海法援指〔2022〕88号', title: '指派通知书', issuedAt: '2022-12-07T14:00:00+08:00', attachments: [] }],
  payload: {
    lawyer: { name: '李四', licenceNo: '14401201510123456', firm: '广东某某律师事务所', phone: '13800138000' },
    aidType: 'DUTY_LAWYER',
    stage: 'REVIEW',
  },
};

describe('justice codec: the shared sample', () => {
  it('maps the outbox page sample: epoch ms → +08:00, lawyer, licence number, next cursor', () => {
    const result = codec.decode(readFileSync(SAMPLE));
    expect(result.rejected).toEqual([]);
    expect(result.nextCursor).toBe('c-000012');
    expect(result.messages[0]!.message).toEqual(SAMPLE_MESSAGE);
    expect(result.messages[0]!.warnings).toEqual([]);
    expect(JSON.parse(result.messages[0]!.raw)).toEqual(JSON.parse(readFileSync(SAMPLE, 'utf8')).items[0]);
  });

  it('equals the expected unified fixture justice-lawyer-assignment.json', () => {
    if (!existsSync(new URL('justice-lawyer-assignment.json', UNIFIED))) return; // written by another engineer
    const expected = JSON.parse(readFileSync(new URL('justice-lawyer-assignment.json', UNIFIED), 'utf8'));
    expect(codec.decode(readFileSync(SAMPLE)).messages[0]!.message).toEqual(expected);
  });

  it('round-trips the sample and re-encodes it to the same item', () => {
    const message = codec.decode(readFileSync(SAMPLE)).messages[0]!.message;
    expect(roundTrip(message)).toEqual(message);
    expect(justiceItem(message)).toEqual(JSON.parse(readFileSync(SAMPLE, 'utf8')).items[0]);
  });
});

describe('justice codec: fixtures', () => {
  const bodies = (dir: string) => readdirSync(new URL(`${dir}/`, FIXTURES)).filter((f) => f.endsWith('.json') && !f.endsWith('.request.json'));
  const valid = bodies('valid');

  it.each(valid)('valid/%s maps, validates and round-trips', (name) => {
    expectValidAndRoundTrips(fixture(`valid/${name}`));
  });

  it('holds a valid fixture for every message type the justice system sends or receives', () => {
    expectEveryType(
      valid.map((name) => fixture(`valid/${name}`)),
      [...Object.values(JUSTICE_SENDS), ...Object.values(JUSTICE_RECEIVES)],
    );
  });

  it('maps each detail shape to its payload', () => {
    const payload = (name: string) => codec.decode(fixture(`valid/${name}`)).messages[0]!.message.payload;
    expect(payload('outbox-LA_DECISION-page.json')).toMatchObject({ granted: true, aidType: 'DEFENDER', lawyer: { licenceNo: '14401201811234567' } });
    expect(payload('outbox-CC_RECEIPT-page.json')).toEqual({ receivedAt: '2023-01-19T15:45:00+08:00' });
    expect(payload('outbox-CC_REPORTED-page.json')).toEqual({ reportedAt: '2023-01-26T09:15:00+08:00', residenceDivision: '440115', probationMonths: 12 });
    expect(payload('outbox-CC_NOT_REPORTED-page.json')).toEqual({ residenceDivision: '440115', probationMonths: 12 });
    expect(payload('inbox-LA_NOTICE.json')).toEqual({ aidType: 'DUTY_LAWYER', stage: 'REVIEW', reasonCode: 'PLEA_SIGNING' });
    expect(payload('inbox-CC_NOTICE.json')).toEqual({ residenceDivision: '440115', probationMonths: 12 });
    expect(payload('inbox-JUDGMENT_COPY.json')).toEqual({
      sentence: { principal: 'FIXED_TERM', termMonths: 8, probationMonths: 12, fineYuan: 3000 },
      recommendationAdopted: true,
    });
  });

  it('reads files of a document, plain dates at Beijing midnight, full-width court numbers and person roles', () => {
    const reported = decodeOne(fixture('valid/outbox-CC_REPORTED-page.json'));
    expect(reported.documents[0]).toMatchObject({
      issuedAt: '2023-01-27',
      attachments: [{ fileName: '报到登记表.pdf', size: 12, content: 'JVBERi0xLjQKJcfs' }],
    });
    expect(reported.localCaseNumbers).toEqual([{ system: 'COURT', number: '(2022)粤0115刑初77号' }]);
    expect(reported.persons[0]!.role).toBe('DEFENDANT');
    expect(decodeOne(fixture('valid/inbox-LA_NOTICE.json')).persons[0]!.role).toBe('SUSPECT');
  });

  it('decides the system of case_no by its shape', () => {
    expect(caseNumberSystem('（2022）粤0105刑初123号')).toEqual({ system: 'COURT', number: '(2022)粤0105刑初123号' });
    expect(caseNumberSystem('穗海检刑捕受〔2022〕440105000001号')).toMatchObject({ system: 'PROCURATORATE' });
    expect(caseNumberSystem('A4401050100002022120001')).toMatchObject({ system: 'PSB' });
    expect(caseNumberSystem('穗海法援〔2022〕88号')).toMatchObject({ system: 'LEGAL_AID_CENTER' });
    expect(caseNumberSystem('南沙矫〔2023〕12号')).toMatchObject({ system: 'COMMUNITY_CORRECTIONS' });
    expect(caseNumberSystem('XYZ-123')).toBeUndefined();
  });

  it('decodes the mixed page in order and an empty page', () => {
    const page = codec.decode(fixture('valid/outbox-page-mixed.json'));
    expect(page.messages.map((m) => m.message.messageType)).toEqual(['LAWYER_ASSIGNMENT', 'CC_RECEIPT', 'CC_REPORTED']);
    expect(page.messages.map((m) => JSON.parse(m.raw).id)).toEqual(page.messages.map((m) => m.message.messageId));
    expect(codec.decode(fixture('valid/outbox-page-empty.json'))).toEqual({ messages: [], rejected: [], nextCursor: 'c-000014' });
  });
});

describe('justice codec: signatures', () => {
  const request = (name: string) => JSON.parse(fixture(name).toString('utf8')) as { headers: Record<string, string>; body: string };

  it('a signed inbox request verifies; a bad signature, another key, a stale timestamp or a changed body do not', () => {
    const good = request('valid/inbox-LA_NOTICE.request.json');
    const at = Number(good.headers['X-Sfxz-Timestamp']);
    const body = Buffer.from(good.body, 'utf8');
    expect(codec.verifyInbound!(body, good.headers, credentials, at)).toEqual({ ok: true });
    expect(good.headers['X-Sfxz-Signature']).toBe(justiceSignature(String(at), body, 'sample-secret'));
    expect(codec.verifyInbound!(body, good.headers, credentials, at + 301_000)).toMatchObject({ ok: false, reason: expect.stringContaining('300 s') });
    expect(codec.verifyInbound!(body, good.headers, { ...credentials, appId: 'OTHER' }, at)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('AppKey'),
    });
    expect(codec.verifyInbound!(Buffer.from(good.body.replace('张三', '张四')), good.headers, credentials, at)).toMatchObject({ ok: false });
    const bad = request('malformed/bad-signature.request.json');
    expect(codec.verifyInbound!(Buffer.from(bad.body), bad.headers, credentials, at)).toEqual({
      ok: false,
      reason: 'X-Sfxz-Signature does not match (签名不正确)',
    });
    expect(codec.decode(Buffer.from(bad.body)).messages).toHaveLength(1);
  });

  it('the encoder signs timestamp + "\\n" + body and a GET over an empty body', () => {
    const message = codec.decode(readFileSync(SAMPLE)).messages[0]!.message;
    const encoded = codec.encode(message, { credentials, now: 1_670_392_800_000 });
    expect(encoded).toMatchObject({ method: 'POST', path: '/sfxz/openapi/v1/inbox' });
    expect(encoded.headers).toMatchObject({
      'Content-Type': 'application/json; charset=utf-8',
      'X-Sfxz-AppKey': 'GZ-PLATFORM',
      'X-Sfxz-Timestamp': '1670392800000',
    });
    expect(encoded.headers['X-Sfxz-Signature']).toBe(justiceSignature('1670392800000', encoded.body, 'sample-secret'));
    expect(codec.verifyInbound!(encoded.body, encoded.headers, credentials, 1_670_392_800_000)).toEqual({ ok: true });
    expect(justiceSignature('1', Buffer.alloc(0), 's')).toBe(justiceSignature('1', '', 's'));
  });
});

describe('justice codec: malformed input', () => {
  const rejectedOne = (name: string) => rejectedBody(fixture(`malformed/${name}`));

  it.each([
    ['bad-check-digit.json', 'person.id_card', '440105199001011238', /check character/],
    ['bad-epoch.json', 'created_at', '2023-01-18 14:00:00', /epoch milliseconds/],
    ['bad-epoch.json', 'documents[0].issued_at', -5, /epoch milliseconds/],
    ['unknown-type.json', 'type', 'LA_NOTIFY', /not a known message type code/],
    ['missing-field.json', 'id', undefined, /is required/],
    ['missing-field.json', 'from_org', undefined, /is required/],
  ])('%s is rejected on %s with its value, reason and raw text', (name, field, value, reason) => {
    const rejected = rejectedOne(name);
    expectIssue(rejected, { field, value, reason });
    expect(rejected.raw).toBe(fixture(`malformed/${name}`).toString('utf8'));
  });

  it('unknown fields are warnings (path + value), the message still maps', () => {
    const [decoded] = codec.decode(fixture('malformed/extra-field.json')).messages;
    expect(decoded!.warnings.map((w) => [w.field, w.value])).toEqual([
      ['priority', 'HIGH'],
      ['person.phone', '13800000000'],
      ['detail.note', '加急'],
    ]);
  });

  it('an outbox page with one bad item still yields the good ones; the bad one keeps its exact raw text', () => {
    const text = fixture('malformed/page-one-bad.json').toString('utf8');
    const result = codec.decode(Buffer.from(text));
    expect(result.messages.map((m) => m.message.messageType)).toEqual(['LAWYER_ASSIGNMENT', 'CC_REPORTED']);
    const [bad] = result.rejected;
    expect(bad!.legacyId).toBe('SFXZ-440115060000-20230120-000006');
    expect(bad!.issues.map((i) => [i.field, i.value])).toEqual([
      ['items[1].person.sex', 'X'],
      ['items[1].person.birthday', '19951302'],
    ]);
    expect(text).toContain(bad!.raw);
    expect(JSON.parse(bad!.raw).id).toBe('SFXZ-440115060000-20230120-000006');
    expect(result.nextCursor).toBe('c-000014');
  });

  it('a person array, a non-object item and a non-array items are clear errors', () => {
    const item = JSON.parse(fixture('valid/inbox-LA_NOTICE.json').toString('utf8'));
    const twoPeople = { ...item, person: [item.person, item.person] };
    expect(codec.decode(Buffer.from(JSON.stringify(twoPeople))).rejected[0]!.issues[0]).toMatchObject({
      field: 'person',
      reason: expect.stringContaining('one person'),
    });
    expect(codec.decode(Buffer.from('{"items":[42],"next":"c-1"}')).rejected[0]!.issues[0]).toMatchObject({ field: 'items[0]', value: 42 });
    expect(codec.decode(Buffer.from('{"items":{"a":1}}')).rejected[0]!.issues[0]).toMatchObject({ field: 'items' });
    expect(codec.decode(Buffer.from('{not json')).rejected[0]!.issues[0]!.reason).toMatch(/not valid JSON/);
  });

  it('the encoder refuses, naming the field, what the justice format cannot hold', () => {
    const message = codec.decode(readFileSync(SAMPLE)).messages[0]!.message;
    const twoPeople = { ...message, persons: [...message.persons, { ...message.persons[0]!, name: '李四' }] };
    expect(() => codec.encode(twoPeople, { credentials })).toThrow(MappingError);
    const indictment = { ...message, messageType: 'INDICTMENT', process: 'PUBLIC_PROSECUTION', payload: {} } as UnifiedMessage;
    expect(() => codec.encode(indictment, { credentials })).toThrow(/messageType/);
  });
});

describe('justice codec: hostile input is refused quickly', () => {
  it('__proto__ / constructor keys, deep nesting and huge bodies are refused without pollution', () => {
    const deepBody = Buffer.from(`{"items":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const hugeBody = Buffer.from(`{"items":[],"next":"${'x'.repeat(21 * 1024 * 1024)}"}`);
    const cpuBefore = process.cpuUsage();
    const proto = codec.decode(
      Buffer.from('{"id":"x","type":"LA_NOTICE","__proto__":{"polluted":true},"person":{"constructor":{"prototype":{"polluted":true}}}}'),
    );
    expect(proto.rejected[0]!.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const deep = codec.decode(deepBody);
    expect(deep.rejected[0]!.issues[0]!.reason).toMatch(/deeper than 64/);
    const huge = codec.decode(hugeBody);
    expect(huge.rejected[0]!.issues[0]).toMatchObject({ field: 'body', reason: expect.stringMatching(/larger than/) });
    expect(huge.rejected[0]!.raw.length).toBeLessThanOrEqual(1024);
    const cpu = process.cpuUsage(cpuBefore);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(500); // CPU time: other processes on the machine do not count
  });
});
