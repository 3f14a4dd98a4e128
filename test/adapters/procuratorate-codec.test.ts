import { describe, expect, it } from 'vitest';
import { codec, MESSAGE_TYPE_BY_MSG_TYPE, parseTyywAnswer, PROCURATORATE_RECEIVE_PATH } from '../../adapters/procuratorate';
import { MappingError } from '../../adapters/shared/issues';
import type { UnifiedMessage } from '../../standard/schema/message';
import * as check from '../support/codec-checks';
import { adapterFixtures, legacySample, onlyMessage, unifiedFixture } from '../support/fixtures';

const { fixture, validFiles } = adapterFixtures('procuratorate', '.json');
const credentials = { token: 'tyyw-secret-token' };
const JSON_UTF8 = { 'content-type': 'application/json; charset=utf-8' };
const msgTypeOfFile = (file: string): string => file.replace(/\.json$/, '').replace(/-(PB|BPB|prosecution)$/, '');

const only = onlyMessage;

describe('procuratorate decoder: the sample', () => {
  it('maps the sample arrest approval to the expected unified message', () => {
    check.expectDecodesTo(codec.decode(legacySample('procuratorate-arrest-approval.json'), JSON_UTF8), unifiedFixture('procuratorate-arrest-approval.json'));
  });
});

describe('procuratorate fixtures: every valid fixture maps, validates and round-trips', () => {
  it('has a fixture for every msgType the procuratorate sends or receives, and both SCDB_JD decisions', () => {
    const covered = new Set(validFiles.map(msgTypeOfFile));
    expect([...covered].sort()).toEqual([...Object.keys(MESSAGE_TYPE_BY_MSG_TYPE), 'SCDB_JD'].sort());
    expect(validFiles).toContain('SCDB_JD-PB.json');
    expect(validFiles).toContain('SCDB_JD-BPB.json');
  });

  for (const file of validFiles) {
    it(file, () => {
      const decoded = check.validOnlyMessage(codec.decode(fixture(`valid/${file}`), JSON_UTF8));
      const msgType = msgTypeOfFile(file);
      if (msgType !== 'SCDB_JD') expect(decoded.message.messageType).toBe(MESSAGE_TYPE_BY_MSG_TYPE[msgType]);

      const request = codec.encode(decoded.message, { credentials });
      expect(request.path).toBe(PROCURATORATE_RECEIVE_PATH);
      expect(request.headers).toEqual({ 'Content-Type': 'application/json; charset=utf-8', Authorization: 'Bearer tyyw-secret-token' });
      const json = JSON.parse(request.body.toString('utf8'));
      expect(json.head.msgType).toBe(msgType);
      check.expectDecodesBack(codec, request, decoded.message);
    });
  }
});

describe('procuratorate mapping rules', () => {
  const decode = (file: string) => only(codec.decode(fixture(`valid/${file}`), JSON_UTF8)).message;

  it('SCDB_JD is ARREST_APPROVAL or ARREST_DENIAL by jd.jdlx', () => {
    expect(decode('SCDB_JD-PB.json').messageType).toBe('ARREST_APPROVAL');
    const denial = decode('SCDB_JD-BPB.json');
    expect(denial.messageType).toBe('ARREST_DENIAL');
    expect(denial.payload).toEqual({ decision: 'NOT_APPROVED', decisionDate: '2022-12-09', reason: '证据不足，不符合逮捕条件' });
    expect(denial.case.amountYuan).toBe(3200.5);
    expect(denial.case.guiltyPlea).toBe(false);
    expect(denial.case.crimeDivision).toBe('440111');
  });

  it('ACCEPTANCE_ACK belongs to ARREST_REVIEW when bmsah carries 捕, else PROSECUTION_REVIEW', () => {
    expect(decode('SLHZ.json').process).toBe('ARREST_REVIEW');
    expect(decode('SLHZ-prosecution.json').process).toBe('PROSECUTION_REVIEW');
  });

  it('maps labels to codes: gender, ethnicity (with or without 族), id type, measure', () => {
    const m = decode('YSSC.json');
    expect(m.persons.map((p) => [p.gender, p.ethnicity, p.idType, p.custody?.measure])).toEqual([
      ['1', '01', 'RESIDENT_ID', 'ARRESTED'],
      ['2', '03', 'RESIDENT_ID', 'BAIL'],
    ]);
    expect(decode('TBJD.json').persons[0]).toMatchObject({ idType: 'PASSPORT', idNumber: 'E12345678', custody: { measure: 'BAIL', since: '2023-01-10' } });
  });

  it('indictment: decision PROSECUTE, attached documents, defendants; times with a clock become +08:00', () => {
    const m = decode('QSS.json');
    expect(m.payload).toEqual({ decision: 'PROSECUTE', decisionDate: '2023-01-10' });
    expect(m.documents.map((d) => d.docType)).toEqual(['INDICTMENT', 'SENTENCING_RECOMMENDATION', 'PLEA_AFFIDAVIT']);
    expect(m.documents[2]!.issuedAt).toBe('2023-01-08T10:30:00+08:00');
    expect(m.persons[0]!.role).toBe('DEFENDANT');
  });

  it('null and absent keys stay absent; a BOM and CRLF are accepted; court numbers get half-width brackets', () => {
    const request = decode('TQPZDB.json');
    expect(request.caseUid).toBeUndefined();
    expect(request.localCaseNumbers).toEqual([]);
    expect(request.inReplyTo).toBeUndefined();
    expect(decode('SDHZ.json').documents[0]!.docNo).toBe('(2022)粤0105刑初123号');
    expect(decode('CTTZ.json').documents[0]!.issuedAt).toBe('2023-01-05T09:00:00+08:00');
    expect(decode('FYSL.json').documents[0]!.docType).toBe('CASE_ACCEPTED');
  });
});

describe('procuratorate malformed fixtures', () => {
  const expectations = check.malformedExpectations(fixture);
  for (const [file, expected] of Object.entries(expectations)) {
    it(file, () => {
      const result = codec.decode(fixture(`malformed/${file}`), JSON_UTF8);
      check.expectMalformed(result, expected);
    });
  }
});

describe('procuratorate encoder', () => {
  const base = (): UnifiedMessage => structuredClone(only(codec.decode(fixture('valid/SCDB_JD-PB.json'))).message);

  it('writes fen, labels and the decision the way the sample does', () => {
    const json = JSON.parse(codec.encode(base(), { credentials }).body.toString('utf8'));
    expect(json.head).toEqual({
      msgId: 'TYYW-440105020000-20221209-000031',
      msgType: 'SCDB_JD',
      sendOrg: '440105020000',
      recvOrg: '440105010000',
      sendTime: '2022-12-09 16:05:12',
      replyTo: 'JZPT4401050100002022120500017',
    });
    expect(json.body).toMatchObject({ sajeFen: 500000, rzrf: true, jd: { jdlx: 'PB', jdrq: '2022-12-09' } });
    expect(json.body.xyr[0]).toEqual({
      xm: '张三',
      xbmc: '男',
      csrq: '1990-01-01',
      mzmc: '汉族',
      zjlxmc: '居民身份证',
      zjhm: '440105199001011239',
      zz: '广州市海珠区新港中路100号',
      qzcs: '刑事拘留',
      qzcsrq: '2022-12-02',
    });
  });

  it('refuses message types the procuratorate has no msgType for, victims and a missing token', () => {
    expect(() => codec.encode({ ...base(), messageType: 'CC_RECEIPT', process: 'EXECUTION_HANDOVER', payload: {} } as UnifiedMessage, { credentials })).toThrow(
      MappingError,
    );
    check.expectRefusesVictimAndNoToken(codec, base, credentials);
  });
});

describe('procuratorate ingress: verifyInbound and answers', () => {
  const body = fixture('valid/SLHZ.json');
  it('checks the Bearer token', () => {
    const now = Date.now();
    expect(codec.verifyInbound!(body, { Authorization: 'Bearer tyyw-secret-token' }, credentials, now)).toEqual({ ok: true });
    expect(codec.verifyInbound!(body, { authorization: 'bearer tyyw-secret-token' }, credentials, now)).toEqual({ ok: true });
    expect(codec.verifyInbound!(body, { Authorization: 'Bearer wrong' }, credentials, now).ok).toBe(false);
    expect(codec.verifyInbound!(body, { Authorization: 'Basic dXNlcjpwYXNz' }, credentials, now).ok).toBe(false);
    expect(codec.verifyInbound!(body, {}, credentials, now).ok).toBe(false);
  });

  it('answers {code, msg, data:{receiptNo}}; 401 + 1001 unauthorized; 503 + 5000 busy', () => {
    const answers = codec.answers!;
    const accepted = answers.accepted('R1');
    expect(accepted.status).toBe(200);
    expect(JSON.parse(accepted.body.toString('utf8'))).toEqual({ code: '0000', msg: '成功', data: { receiptNo: 'R1' } });
    expect(parseTyywAnswer(answers.duplicate('R1').body)).toEqual({ code: '1002', msg: '重复报文，已接收', receiptNo: 'R1' });
    const rejected = answers.rejected('R1', [{ field: 'body.xyr[0].zjhm', value: 'x', reason: 'bad' }]);
    expect(rejected.status).toBe(200);
    expect(parseTyywAnswer(rejected.body)).toMatchObject({ code: '1001', msg: 'body.xyr[0].zjhm = "x": bad' });
    const busy = answers.busy('R1', 'queue full');
    expect([busy.status, parseTyywAnswer(busy.body)?.code]).toEqual([503, '5000']);
    const unauthorized = answers.unauthorized('bearer token is wrong');
    expect([unauthorized.status, parseTyywAnswer(unauthorized.body)?.code]).toEqual([401, '1001']);
  });
});
