import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { codec, courtSign, renderCourtMessage, verifyCourtText } from '../../adapters/court';
import { courtBodyText } from '../../adapters/court/decode';
import { signedEnvelope } from '../../adapters/court/envelope';
import { COURT_RECEIVES, COURT_SENDS } from '../../adapters/court/codes';
import { soapBodyText } from '../../adapters/shared/soap';
import { MappingError } from '../../adapters/shared/issues';
import { validateMessage, type UnifiedMessage } from '../../standard';
import { codecChecks, expectIssue } from '../support/codec-checks';
import { withCpuTime } from '../support/timing';

const SAMPLES = fileURLToPath(new URL('../fixtures/legacy-samples', import.meta.url));
const FIXTURES = new URL('../../adapters/court/fixtures/', import.meta.url);
const UNIFIED = new URL('../fixtures/unified/', import.meta.url);
const credentials = { appId: 'GZ-PLATFORM', secret: 'sample-secret' };

const fixture = (path: string): Buffer => readFileSync(new URL(path, FIXTURES));
const sample = (name: string): Buffer => readFileSync(`${SAMPLES}/${name}`);
const timestampOf = (body: Buffer): number => Number(/Timestamp>(\d+)</.exec(body.toString('utf8'))![1]);
/** The Auth check of any signed court text (request or answer); codec.verifyInbound is the push ingress's, which takes requests only. */
const verifySigned = (body: Buffer, headers: Record<string, string>, creds: { appId: string; secret: string }, now: number) =>
  verifyCourtText(courtBodyText(body, headers), creds, now);
const unifiedFixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, UNIFIED), 'utf8'));

const { decodeOne, roundTrip, rejectedOne: rejectedBody, expectValidAndRoundTrips, expectEveryType } = codecChecks(codec, credentials);

const ZHANG_SAN = {
  role: 'DEFENDANT',
  name: '张三',
  gender: '1',
  birthDate: '1990-01-01',
  ethnicity: '01',
  idType: 'RESIDENT_ID',
  idNumber: '440105199001011239',
  address: '广州市海珠区新港中路100号',
  custody: { measure: 'ARRESTED', since: '2022-12-09', place: '广州市海珠区看守所' },
};

describe('court codec: the shared samples', () => {
  it('maps the receiveDocument sample (default namespace) to the indictment with its three documents', () => {
    const message = decodeOne(sample('court-receive-indictment.soap.xml'));
    expect(message).toMatchObject({
      messageId: 'TYYW-440105020000-20221223-000102',
      messageType: 'INDICTMENT',
      process: 'PUBLIC_PROSECUTION',
      caseUid: 'GZ-440105-2022-000001',
      localCaseNumbers: [{ system: 'PROCURATORATE', number: '穗海检刑诉受〔2022〕440105000057号' }],
      sender: { agency: 'PROCURATORATE', division: '440105', orgCode: '440105020000' },
      receiver: { agency: 'COURT', division: '440105', orgCode: '440105030000' },
      sentAt: '2022-12-23T15:40:00+08:00',
      case: { name: '张三盗窃案', charge: { code: 'THEFT' }, amountYuan: 5000, guiltyPlea: true, track: 'FAST' },
      persons: [ZHANG_SAN],
      payload: {},
    });
    expect(message.documents.map((d) => [d.docType, d.docNo, d.issuedAt])).toEqual([
      ['INDICTMENT', '穗海检刑诉〔2022〕57号', '2022-12-23'],
      ['SENTENCING_RECOMMENDATION', '穗海检量建〔2022〕57号', '2022-12-23'],
      ['PLEA_AFFIDAVIT', '穗海检具结〔2022〕57号', '2022-12-20'],
    ]);
  });

  it('maps the outbox sample (ce: prefix, full-width 案号) to CASE_ACCEPTED with the normalised court number', () => {
    const result = codec.decode(sample('court-fetch-outbox-response.soap.xml'));
    expect(result.nextCursor).toBe('000088');
    const message = result.messages[0]!.message;
    expect(message.localCaseNumbers).toEqual([
      { system: 'COURT', number: '(2022)粤0105刑初123号' },
      { system: 'PROCURATORATE', number: '穗海检刑诉受〔2022〕440105000057号' },
    ]);
    expect(message).toMatchObject({ messageType: 'CASE_ACCEPTED', inReplyTo: 'TYYW-440105020000-20221223-000102', persons: [ZHANG_SAN] });
    expect(message.documents[0]).toMatchObject({ docType: 'CASE_ACCEPTED', docNo: '(2022)粤0105刑初123号' });
    expect(result.messages[0]!.raw).toMatch(/^<ce:Message id="SPLC-440105030000-20221226-000088"[\s\S]*<\/ce:Message>$/);
  });

  it.each([
    ['court-receive-indictment.soap.xml', 'court-receive-indictment.json'],
    ['court-fetch-outbox-response.soap.xml', 'court-fetch-outbox-case-accepted.json'],
  ])('%s equals the expected unified fixture %s', (legacy, unified) => {
    if (!existsSync(new URL(unified, UNIFIED))) return; // written by another engineer; the inline expectations above still hold
    expect(decodeOne(sample(legacy))).toEqual(unifiedFixture(unified));
  });

  it('verifies both sample signatures with sample-secret, and refuses a changed body, another secret or a stale timestamp', () => {
    for (const name of ['court-receive-indictment.soap.xml', 'court-fetch-outbox-response.soap.xml']) {
      const body = sample(name);
      const text = body.toString('utf8');
      const at = timestampOf(body);
      expect(verifySigned(body, {}, credentials, at)).toEqual({ ok: true });
      expect(courtSign('GZ-PLATFORM', String(at), soapBodyText(text)!, 'sample-secret')).toBe(/Sign>([0-9a-f]+)</.exec(text)![1]);
      expect(verifySigned(body, {}, credentials, at + 299_000)).toEqual({ ok: true });
      expect(verifySigned(body, {}, credentials, at + 301_000)).toMatchObject({ ok: false, reason: expect.stringContaining('300 s') });
      expect(verifySigned(body, {}, { ...credentials, secret: 'other' }, at)).toMatchObject({ ok: false, reason: expect.stringContaining('Sign') });
      const changed = Buffer.from(text.replace('张三盗窃案', '张三盗窃案 '), 'utf8');
      expect(verifySigned(changed, {}, credentials, at)).toMatchObject({ ok: false });
    }
  });

  it('the envelope is located before the Auth check: tags that do not match, or a Header after the Body, are refused', () => {
    const now = 1_700_000_000_000;
    const broken = Buffer.from(signedEnvelope('<ce:receiveDocument><ce:Message id="X"><ce:Case></ce:Message></ce:receiveDocument>', credentials, now));
    expect(verifySigned(broken, {}, credentials, now)).toMatchObject({ ok: false, reason: expect.stringMatching(/closes <ce:Case>/) });
    expect(codec.decode(broken).rejected[0]!.issues[0]!.reason).toMatch(/closes <ce:Case>/);
    const text = sample('court-receive-indictment.soap.xml').toString('utf8');
    const header = /<(\w+:)?Header>[\s\S]*<\/\1?Header>/.exec(text)![0];
    const headerAfterBody = text.replace(header, '').replace(/(<\/(?:\w+:)?Body>)/, `$1${header}`);
    expect(verifySigned(Buffer.from(headerAfterBody), {}, credentials, timestampOf(Buffer.from(text)))).toEqual({
      ok: false,
      reason: 'comes after the Body (Header须在Body之前)',
    });
  });

  it('round-trips both samples and their unified fixtures through encode → decode', () => {
    for (const name of ['court-receive-indictment.soap.xml', 'court-fetch-outbox-response.soap.xml']) {
      const message = decodeOne(sample(name));
      expect(roundTrip(message)).toEqual(message);
    }
    for (const name of ['court-receive-indictment.json', 'court-fetch-outbox-case-accepted.json']) {
      if (!existsSync(new URL(name, UNIFIED))) continue;
      const checked = validateMessage(unifiedFixture(name));
      expect(checked.ok).toBe(true);
      if (checked.ok) expect(roundTrip(checked.message)).toEqual(checked.message);
    }
  });
});

describe('court codec: fixtures', () => {
  const valid = readdirSync(new URL('valid/', FIXTURES)).filter((f) => f.endsWith('.xml'));

  it.each(valid)('valid/%s maps, validates, carries a good signature and round-trips', (name) => {
    const body = fixture(`valid/${name}`);
    expect(verifySigned(body, {}, credentials, timestampOf(body))).toEqual({ ok: true });
    expectValidAndRoundTrips(body);
  });

  it('holds a valid fixture for every message type the court sends or receives', () => {
    expectEveryType(
      valid.map((name) => fixture(`valid/${name}`)),
      [...Object.values(COURT_SENDS), ...Object.values(COURT_RECEIVES)],
    );
  });

  it('reads repeated defendants, inline files (wrapped base64, upper-case digest) and files without content', () => {
    const message = decodeOne(fixture('valid/receive-QSS-indictment.soap.xml'));
    expect(message.persons.map((p) => [p.name, p.gender, p.ethnicity, p.custody?.measure])).toEqual([
      ['李明', '1', '01', 'ARRESTED'],
      ['王芳', '2', '03', 'BAIL'],
    ]);
    expect(message.case.amountYuan).toBe(12800.5);
    expect(message.case.track).toBe('SIMPLIFIED');
    expect(message.documents[0]!.attachments[0]).toEqual({
      fileName: '起诉书.pdf',
      mediaType: 'application/pdf',
      size: 12,
      sha256: '84b27dc2220dc135f1233bb314cb829745408e4d8c7a90edb6418cf80e601d21',
      content: 'JVBERi0xLjQKJcfs',
    });
    expect(message.documents[3]).toMatchObject({ docType: 'CASE_FILE', attachments: [{ fileName: '卷宗1.pdf', size: 12 }] });
    expect(message.documents[3]!.attachments[0]).not.toHaveProperty('content');
    const judgment = decodeOne(fixture('valid/outbox-PJS-judgment.soap.xml'));
    expect(judgment.documents[0]!.attachments[0]!.content).toBe('JVBERi0xLjQKJcfs');
  });

  it('maps <Sentence> of a judgment and of an execution notice', () => {
    expect(decodeOne(fixture('valid/outbox-PJS-judgment.soap.xml')).payload).toEqual({
      sentence: { principal: 'FIXED_TERM', termMonths: 8, probationMonths: 12, fineYuan: 3000 },
      recommendationAdopted: true,
    });
    expect(decodeOne(fixture('valid/outbox-ZXTZS-execution-notice.soap.xml')).payload).toEqual({
      sentence: { principal: 'SHORT_DETENTION', termMonths: 4, fineYuan: 2000 },
    });
  });

  it('reads soapenv:/SOAP-ENV:/ns2:/case: prefixes, any element and attribute order, and zone-less time', () => {
    expect(decodeOne(fixture('valid/outbox-KTTZ-hearing-notice.soap.xml'))).toMatchObject({
      messageType: 'HEARING_NOTICE',
      sender: { orgCode: '440105030000' },
      localCaseNumbers: [{ system: 'COURT', number: '(2022)粤0105刑初123号' }, { system: 'PROCURATORATE' }],
    });
    expect(decodeOne(fixture('valid/receive-ZXHZ-execution-receipt.soap.xml')).documents[0]!.issuedAt).toBe('2023-01-19T11:30:00+08:00');
    const zoneless = fixture('valid/receive-ZPTZ-lawyer-assignment.soap.xml').toString('utf8').replace('2022-12-28T14:00:00+08:00', '2022-12-28T06:00:00Z');
    expect(decodeOne(Buffer.from(zoneless)).sentAt).toBe('2022-12-28T14:00:00+08:00');
  });

  it('decodes a multi-message page with each message raw text, and an empty page', () => {
    const page = codec.decode(fixture('valid/outbox-page-three.soap.xml'));
    expect(page.messages.map((m) => m.message.messageType)).toEqual(['CASE_ACCEPTED', 'LEGAL_AID_NOTICE', 'JUDGMENT_EFFECTIVE']);
    expect(page.messages.map((m) => /id="([^"]+)"/.exec(m.raw)![1])).toEqual(page.messages.map((m) => m.message.messageId));
    expect(page.nextCursor).toBe('000131');
    expect(codec.decode(fixture('valid/outbox-empty.soap.xml'))).toEqual({ messages: [], rejected: [], nextCursor: '000044' });
  });
});

describe('court codec: malformed input', () => {
  const rejectedOne = (name: string) => rejectedBody(fixture(`malformed/${name}`));

  it('the push ingress takes only a signed receiveDocument: a signed answer page or another operation is refused', () => {
    const now = 1_700_000_000_000;
    const request = Buffer.from(signedEnvelope('<ce:receiveDocument><ce:Message id="X"/></ce:receiveDocument>', credentials, now));
    expect(codec.verifyInbound!(request, {}, credentials, now)).toEqual({ ok: true });
    for (const operation of [
      '<ce:fetchOutboxResponse><ce:NextCursor>1</ce:NextCursor></ce:fetchOutboxResponse>',
      '<ce:fetchOutbox><ce:Cursor/><ce:Max>50</ce:Max></ce:fetchOutbox>',
      '<!-- x --><ce:receiveDocument/>',
    ]) {
      const body = Buffer.from(signedEnvelope(operation, credentials, now));
      expect(verifySigned(body, {}, credentials, now)).toEqual({ ok: true });
      expect(codec.verifyInbound!(body, {}, credentials, now)).toMatchObject({ ok: false, reason: expect.stringContaining('must hold receiveDocument') });
    }
  });

  it('a wrapped envelope (signed Body in a comment, forged Body after it) fails verification and decodes to nothing', () => {
    const now = 1_700_000_000_000;
    const signed = signedEnvelope('<ce:receiveDocument></ce:receiveDocument>', credentials, now);
    const signedBody = /<soap:Body>[\s\S]*<\/soap:Body>/.exec(signed)![0];
    const forged = signedBody.replace('<ce:receiveDocument></ce:receiveDocument>', '<ce:receiveDocument><ce:Message id="F" type="PJS"/></ce:receiveDocument>');
    const wrapped = Buffer.from(signed.replace(signedBody, `<!--${signedBody}-->${forged}`));
    expect(codec.verifyInbound!(wrapped, {}, credentials, now)).toMatchObject({ ok: false, reason: expect.stringContaining('comment') });
    expect(codec.decode(wrapped).messages).toEqual([]);
  });

  it('bad signature: decodes, but the Auth check refuses it', () => {
    const body = fixture('malformed/bad-signature.soap.xml');
    expect(codec.decode(body).messages).toHaveLength(1);
    expect(verifySigned(body, {}, credentials, timestampOf(body))).toEqual({ ok: false, reason: 'Sign does not match (签名不正确)' });
  });

  it.each([
    ['bad-check-digit.soap.xml', 'Message[0]/Case/Defendant[0]/@idNo', '440111198807200032', /check character/],
    ['bad-date.soap.xml', 'Message[0]/Case/Defendant[0]/@birth', '1990-02-30', /yyyy-MM-dd/],
    ['bad-date.soap.xml', 'Message[0]/Document[0]/@issued', '2022-12-26 10:00', /yyyy-MM-dd/],
    ['unknown-type.soap.xml', 'Message[0]/@type', 'ZPTZS', /not a known message type code/],
    ['missing-attribute.soap.xml', 'Message[0]/@id', undefined, /is required/],
    ['missing-attribute.soap.xml', 'Message[0]/From/@org', undefined, /is required/],
  ])('%s is rejected on %s with its value, reason and raw text', (name, field, value, reason) => {
    const rejected = rejectedOne(name);
    expectIssue(rejected, { field, value, reason });
    // receiveDocument keeps the whole request; an outbox page keeps the message's own text.
    expect(fixture(`malformed/${name}`).toString('utf8')).toContain(rejected.raw);
    expect(rejected.raw).toMatch(/Message[\s\S]*<\/(?:ce:)?Message>/);
  });

  it('an unknown element and attribute are warnings, kept in raw, and the message still maps', () => {
    const result = codec.decode(fixture('malformed/extra-element.soap.xml'));
    expect(result.rejected).toEqual([]);
    const [decoded] = result.messages;
    expect(decoded!.warnings.map((w) => [w.field, w.value])).toEqual([
      ['Message[0]/Remark', ['当庭认罪']],
      ['Message[0]/Case/@court', '海珠区人民法院'],
    ]);
    expect(decoded!.raw).toContain('<ce:Remark>当庭认罪</ce:Remark>');
  });

  it('an outbox page with one bad message still yields the good ones; the bad one is rejected with its own raw text', () => {
    const result = codec.decode(fixture('malformed/page-one-bad.soap.xml'));
    expect(result.messages.map((m) => m.message.messageType)).toEqual(['CASE_ACCEPTED', 'JUDGMENT_EFFECTIVE']);
    expect(result.rejected).toHaveLength(1);
    const [bad] = result.rejected;
    expect(bad!.legacyId).toBe('SPLC-440105030000-20221227-000090');
    expect(bad!.issues.map((i) => i.field)).toEqual(['Message[1]/Case/@amount', 'Message[1]/Case/Defendant[0]/@idNo']);
    expect(bad!.raw).toMatch(/^<ce:Message id="SPLC-440105030000-20221227-000090"[\s\S]*<\/ce:Message>$/);
    expect(result.nextCursor).toBe('000131');
  });

  it('bodies that are not court envelopes are one rejected entry with a clear reason, never a throw', () => {
    for (const [body, field] of [
      ['not xml at all', 'body'],
      [
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ce:other xmlns:ce="urn:gz-court:case-exchange:1.0"/></soap:Body></soap:Envelope>',
        'Envelope/Body',
      ],
      [
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><receiveDocument/></soap:Body></soap:Envelope>',
        'receiveDocument/Message',
      ],
      [
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>boom</faultstring></soap:Fault></soap:Body></soap:Envelope>',
        'Envelope/Body/Fault',
      ],
      [Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x3e]), 'body'],
    ] as const) {
      const result = codec.decode(typeof body === 'string' ? Buffer.from(body) : body);
      expect(result.messages).toEqual([]);
      expect(result.rejected[0]!.issues[0]!.field).toBe(field);
    }
  });
});

describe('court codec: encoder', () => {
  const indictment = () => decodeOne(sample('court-receive-indictment.soap.xml'));

  it('writes one receiveDocument with exactly one Message, the SOAP headers and a Sign over the Body as sent', () => {
    const encoded = codec.encode(indictment(), { credentials, now: 1_671_781_200_000 });
    expect(encoded).toMatchObject({
      method: 'POST',
      path: '/splc/services/CaseExchange',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:receiveDocument"' },
    });
    const text = encoded.body.toString('utf8');
    expect(text.match(/<ce:Message /g)).toHaveLength(1);
    expect(text).toContain('<ce:Timestamp>1671781200000</ce:Timestamp>');
    expect(/<ce:Sign>([0-9a-f]{64})<\/ce:Sign>/.exec(text)![1]).toBe(courtSign('GZ-PLATFORM', '1671781200000', soapBodyText(text)!, 'sample-secret'));
    expect(verifySigned(encoded.body, encoded.headers, credentials, 1_671_781_200_000)).toEqual({ ok: true });
  });

  it('escapes XML special characters and keeps them through the round trip', () => {
    const message = indictment();
    message.case.name = `A&B <"引号"> 'x'`;
    message.persons[0]!.address = '路<1>&"2"';
    const xml = renderCourtMessage(message);
    expect(xml).toContain('ajmc="A&amp;B &lt;&quot;引号&quot;&gt; &apos;x&apos;"');
    expect(roundTrip(message)).toEqual(message);
  });

  it('refuses, naming the unified field, what the court format cannot hold', () => {
    const message = indictment();
    const arrest = { ...message, messageType: 'ARREST_REQUEST', process: 'ARREST_REVIEW', payload: {} } as UnifiedMessage;
    expect(() => codec.encode(arrest, { credentials })).toThrow(MappingError);
    try {
      codec.encode(arrest, { credentials });
    } catch (error) {
      expect((error as MappingError).issues[0]).toMatchObject({ field: 'messageType', value: 'ARREST_REQUEST' });
    }
    expect(() => codec.encode(message, { credentials: {} })).toThrow(/appId and secret/);
  });
});

describe('court codec: hostile input is refused quickly', () => {
  async function trapServer(): Promise<{ server: Server; port: number; hits: () => number }> {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('<!ENTITY x "pwned">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return { server, port: typeof address === 'object' && address ? address.port : 0, hits: () => hits };
  }

  /** The decode and the CPU time it took (other processes on the machine do not count). */
  const timed = (body: string) => {
    const { result, cpuMs } = withCpuTime(() => codec.decode(Buffer.from(body, 'utf8')));
    return { result, ms: cpuMs };
  };

  it('DOCTYPE with an external entity (XXE) fetches nothing from the loopback trap', async () => {
    const trap = await trapServer();
    try {
      const body = `<?xml version="1.0"?><!DOCTYPE Envelope [<!ENTITY xxe SYSTEM "http://127.0.0.1:${trap.port}/trap"><!ENTITY % p SYSTEM "http://127.0.0.1:${trap.port}/p"> %p;]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><receiveDocument><Message id="&xxe;"/></receiveDocument></soap:Body></soap:Envelope>`;
      const { result, ms } = timed(body);
      expect(result.rejected[0]!.issues[0]).toMatchObject({ field: 'DOCTYPE', reason: expect.stringContaining('refused') });
      expect(verifySigned(Buffer.from(body), {}, credentials, Date.now())).toMatchObject({ ok: false });
      expect(ms).toBeLessThan(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(trap.hits()).toBe(0);
    } finally {
      trap.server.close();
    }
  });

  it('an entity bomb, 100 000-deep nesting and a __proto__ element are refused', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><Message id="&lol9;"/>`;
    const bomb = timed(laughs);
    expect(bomb.result.rejected[0]!.issues[0]!.field).toBe('DOCTYPE');
    expect(bomb.ms).toBeLessThan(200);

    const deep = timed(
      `<soap:Envelope><soap:Body><receiveDocument><Message id="x">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</Message></receiveDocument></soap:Body></soap:Envelope>`,
    );
    expect(deep.result.rejected[0]!.issues[0]!.reason).toMatch(/deeper than 64/);
    expect(deep.ms).toBeLessThan(1000);

    const proto = timed(
      '<soap:Envelope><soap:Body><receiveDocument><Message id="x"><__proto__ polluted="1"/></Message></receiveDocument></soap:Body></soap:Envelope>',
    );
    expect(proto.result.rejected[0]!.issues[0]!.reason).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
