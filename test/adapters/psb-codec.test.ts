import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { codec, FHDM, MESSAGE_TYPE_BY_BWLX, parseFhxx, PSB_RECEIVE_PATH } from '../../adapters/psb';
import { MappingError } from '../../adapters/shared/issues';
import type { UnifiedMessage } from '../../standard/schema/message';
import * as check from '../support/codec-checks';
import { adapterFixtures, legacySample, onlyMessage, unifiedFixture } from '../support/fixtures';

const { fixture, validFiles } = adapterFixtures('psb', '.xml');
const credentials = { token: 'psb-secret-token' };
const GBK = { 'content-type': 'application/xml; charset=GBK' };

const only = onlyMessage;

describe('PSB decoder: the sample', () => {
  it('maps the sample arrest request to the expected unified message', () => {
    check.expectDecodesTo(codec.decode(legacySample('psb-arrest-request.gbk.xml'), GBK), unifiedFixture('psb-arrest-request.json'));
  });

  it('reads the charset from the XML prolog when there is no header', () => {
    expect(only(codec.decode(fixture('valid/TQPZDBS.gbk.xml'))).message.persons[0]!.name).toBe('张三');
  });

  it('keeps the raw GBK-decoded text with the result', () => {
    const result = codec.decode(fixture('valid/TQPZDBS.gbk.xml'), GBK);
    expect(result.messages[0]!.raw).toContain('<XM>张三</XM>');
  });
});

describe('PSB fixtures: every valid fixture maps, validates and round-trips', () => {
  it('has a fixture for every BWLX the PSB sends or receives', () => {
    const covered = new Set(validFiles.map((f) => f.split(/[.-]/)[0]));
    expect([...covered].sort()).toEqual(Object.keys(MESSAGE_TYPE_BY_BWLX).sort());
  });

  for (const file of validFiles) {
    it(file, () => {
      const decoded = check.validOnlyMessage(codec.decode(fixture(`valid/${file}`), GBK));
      expect(decoded.message.messageType).toBe(MESSAGE_TYPE_BY_BWLX[file.split(/[.-]/)[0]!]);

      const request = codec.encode(decoded.message, { credentials });
      expect(request.method).toBe('POST');
      expect(request.path).toBe(PSB_RECEIVE_PATH);
      expect(request.headers).toEqual({ 'Content-Type': 'application/xml; charset=GBK', 'X-JZPT-Token': 'psb-secret-token' });
      expect(request.body.subarray(0, 38).toString('latin1')).toBe('<?xml version="1.0" encoding="GBK"?>\n<');
      // the bytes are GBK, not UTF-8
      expect(iconv.decode(request.body, 'gbk')).toContain(decoded.message.messageId);
      const again = check.expectDecodesBack(codec, request, decoded.message);
      expect(again.warnings).toEqual([]);
    });
  }
});

describe('PSB mapping rules', () => {
  const decode = (file: string) => only(codec.decode(fixture(`valid/${file}`), GBK)).message;

  it('ACCEPTANCE_ACK belongs to ARREST_REVIEW when its numbers carry 捕, else PROSECUTION_REVIEW', () => {
    expect(decode('SLHZ.gbk.xml').process).toBe('ARREST_REVIEW');
    expect(decode('SLHZ-prosecution.gbk.xml').process).toBe('PROSECUTION_REVIEW');
  });

  it('reads elements in any order, repeated XYR/WS/FJ and CRLF line ends', () => {
    const m = decode('QSYJS.gbk.xml');
    expect(m.sentAt).toBe('2023-01-06T09:30:00+08:00');
    expect(m.persons.map((p) => [p.name, p.gender, p.custody?.measure])).toEqual([
      ['张三', '1', 'ARRESTED'],
      ['王芳', '2', 'BAIL'],
    ]);
    expect(m.documents.map((d) => d.docType)).toEqual(['PROSECUTION_OPINION', 'SEIZED_PROPERTY_LIST', 'CASE_FILE']);
    expect(m.documents[1]!.attachments[0]).toEqual({
      fileName: '扣押物品清单.pdf',
      mediaType: 'application/pdf',
      size: 5,
      sha256: '367cade3468bc80868ed42b33ff2708203b3d4ca584bedf6f0a78d09205f3ecf',
    });
    expect(decode('DBZXHZ.gbk.xml').payload).toEqual({ executedOn: '2022-12-09', warrantNo: '穗公海捕字〔2022〕77号' });
  });

  it('maps decision data (JGXX) per message type', () => {
    expect(decode('PZDBJDS.gbk.xml').payload).toEqual({ decision: 'APPROVED', decisionDate: '2022-12-09' });
    expect(decode('BPZDBJDS.gbk.xml').payload).toEqual({ decision: 'NOT_APPROVED', decisionDate: '2022-12-09', reason: '证据不足，不符合逮捕条件' });
    expect(decode('THBCZCJDS.gbk.xml').payload).toMatchObject({ decision: 'RETURN_FOR_SUPP_INV' });
    expect(decode('BQSJDS.gbk.xml').payload).toMatchObject({ decision: 'NON_PROSECUTE', decisionDate: '2023-03-01' });
    expect(decode('ZXHZ.gbk.xml').payload).toEqual({ receivedAt: '2023-03-20T10:30:00+08:00' });
    expect(decode('ZPTZS.gbk.xml').payload).toEqual({
      lawyer: { name: '李律', licenceNo: '14401201510123456', firm: '广东某某律师事务所', phone: '13800138000' },
    });
  });

  it('normalises full-width brackets of court case numbers and makes indicted persons defendants', () => {
    const m = decode('PJS.gbk.xml');
    expect(m.documents[0]!.docNo).toBe('(2022)粤0105刑初123号');
    expect(m.persons[0]!.role).toBe('DEFENDANT');
    expect(decode('TQPZDBS.gbk.xml').persons[0]!.role).toBe('SUSPECT');
  });

  it('amounts are yuan, passports keep their number, absent optional elements stay absent', () => {
    expect(decode('BPZDBJDS.gbk.xml').case.amountYuan).toBe(3200.5);
    const m = decode('BCZCBGS.gbk.xml');
    expect(m.persons[0]).toEqual({
      role: 'SUSPECT',
      name: 'JOHN SMITH',
      gender: '1',
      birthDate: '1987-02-04',
      idType: 'PASSPORT',
      idNumber: 'E12345678',
      address: '英国伦敦',
      custody: { measure: 'BAIL', since: '2023-01-10' },
    });
    expect(m.documents).toEqual([]);
    expect(m.case).toEqual({});
  });

  it('accepts a UTF-8 body with a BOM when it says so', () => {
    const text = fixture('valid/TQPZDBS.gbk.xml').toString('latin1');
    const utf8 = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(iconv.decode(Buffer.from(text, 'latin1'), 'gbk').replace('encoding="GBK"', 'encoding="UTF-8"'), 'utf8'),
    ]);
    expect(only(codec.decode(utf8, { 'content-type': 'application/xml; charset=utf-8' })).message.persons[0]!.name).toBe('张三');
  });
});

describe('PSB malformed fixtures', () => {
  const expectations = check.malformedExpectations(fixture);
  for (const [file, expected] of Object.entries(expectations)) {
    it(file, () => {
      const result = codec.decode(fixture(`malformed/${file}`), GBK);
      const decoded = check.expectMalformed(result, expected);
      if (decoded) expect(decoded.raw).toContain('张老三');
    });
  }

  it('names the BWBH of a rejected message when it could be read', () => {
    expect(codec.decode(fixture('malformed/bad-check-digit.gbk.xml')).rejected[0]!.legacyId).toBe('JZPT4401050100002022120500017');
  });

  it('refuses a GBK body labelled UTF-8 by the header', () => {
    const result = codec.decode(fixture('valid/TQPZDBS.gbk.xml'), { 'content-type': 'application/xml; charset=utf-8' });
    expect(result.rejected[0]!.issues[0]!.field).toBe('Content-Type');
    const noProlog = Buffer.from(
      fixture('valid/TQPZDBS.gbk.xml')
        .toString('latin1')
        .replace(/^<\?xml[^>]*>/, ''),
      'latin1',
    );
    expect(codec.decode(noProlog, { 'content-type': 'application/xml; charset=utf-8' }).rejected[0]!.issues[0]!.reason).toContain('UTF-8');
  });
});

describe('PSB encoder refusals', () => {
  const base = (): UnifiedMessage => structuredClone(only(codec.decode(fixture('valid/TQPZDBS.gbk.xml'))).message);

  it('never writes "?" for characters GBK cannot hold: a rare character goes as a numeric character reference, a lone surrogate is refused', () => {
    const m = base();
    m.persons[0]!.address = '广州市𠮷野家';
    const body = iconv.decode(codec.encode(m, { credentials }).body, 'gbk');
    expect(body).toContain('<HJDZ>广州市&#x20BB7;野家</HJDZ>');
    m.persons[0]!.address = '广州市\uD842野家';
    expect(() => codec.encode(m, { credentials })).toThrow(MappingError);
  });

  it('refuses message types and values the PSB has no code for', () => {
    const m = base() as UnifiedMessage & Record<string, unknown>;
    expect(() => codec.encode({ ...m, messageType: 'CASE_ACCEPTED', process: 'PUBLIC_PROSECUTION', payload: {} } as UnifiedMessage, { credentials })).toThrow(
      /BWLX/,
    );
    check.expectRefusesVictimAndNoToken(codec, base, credentials);
  });
});

describe('PSB ingress: verifyInbound and answers', () => {
  const body = fixture('valid/TQPZDBS.gbk.xml');
  it('checks X-JZPT-Token', () => {
    expect(codec.verifyInbound!(body, { 'X-JZPT-Token': 'psb-secret-token' }, credentials, Date.now())).toEqual({ ok: true });
    expect(codec.verifyInbound!(body, { 'x-jzpt-token': 'psb-secret-token' }, credentials, Date.now())).toEqual({ ok: true });
    expect(codec.verifyInbound!(body, { 'X-JZPT-Token': 'psb-secret-tokeN' }, credentials, Date.now()).ok).toBe(false);
    expect(codec.verifyInbound!(body, {}, credentials, Date.now()).ok).toBe(false);
    expect(codec.verifyInbound!(body, { 'X-JZPT-Token': '' }, { token: '' }, Date.now()).ok).toBe(false);
  });

  it('answers FHXX in GBK with FHDM 0/1/2/9 and the BWBH', () => {
    const answers = codec.answers!;
    const read = (a: { status: number; headers: Record<string, string>; body: Buffer }) => {
      expect(a.status).toBe(200);
      expect(a.headers['Content-Type']).toBe('application/xml; charset=GBK');
      expect(a.body.toString('latin1')).toMatch(/^<\?xml version="1.0" encoding="GBK"\?>/);
      return parseFhxx(a.body, a.headers['Content-Type']);
    };
    expect(read(answers.accepted('B1'))).toEqual({ fhdm: FHDM.ACCEPTED, fhms: '接收成功', bwbh: 'B1' });
    expect(read(answers.duplicate('B1'))).toMatchObject({ fhdm: '2', bwbh: 'B1' });
    const rejected = read(answers.rejected('B1', [{ field: 'BODY/XYRLIST/XYR[0]/ZJHM', value: '1', reason: 'bad <check> & digit' }]));
    expect(rejected).toMatchObject({ fhdm: '1', bwbh: 'B1' });
    expect(rejected!.fhms).toContain('BODY/XYRLIST/XYR[0]/ZJHM = "1": bad <check> & digit');
    expect(read(answers.busy('B1', 'queue full'))).toMatchObject({ fhdm: '9' });
    expect(read(answers.unauthorized('X-JZPT-Token is wrong'))!.fhms).toContain('X-JZPT-Token is wrong');
  });
});
