import { describe, expect, it } from 'vitest';
import {
  isMaskingEnabled,
  maskAddress,
  maskBirthDate,
  maskDeep,
  maskError,
  maskIdNumber,
  maskMessage,
  maskName,
  maskPhone,
  maskText,
} from '../../security/mask';
import { messageOf, org, richJudgment } from './helpers';

describe('masking vectors', () => {
  it.each([
    ['440105199001011239', '440105********1239'],
    ['11010519491231002X', '110105********002X'],
    ['440105900101123', '440105*****1123'],
    ['E12345678', 'E1*****78'],
    ['1234', '****'],
  ])('id %s → %s', (input, expected) => expect(maskIdNumber(input)).toBe(expected));

  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['张', '*'],
    ['买买提·艾力', '买**·**'],
    ['John Smith', 'J*** *****'],
  ])('name %s → %s', (input, expected) => expect(maskName(input)).toBe(expected));

  it.each([
    ['13800138000', '138****8000'],
    ['+86 138-0013-8000', '+86 138-****-8000'],
    ['020-12345678', '020-****5678'],
    ['87654321', '****4321'],
    ['110', '***'],
  ])('phone %s → %s', (input, expected) => expect(maskPhone(input)).toBe(expected));

  it('addresses keep the district, birth dates the year', () => {
    expect(maskAddress('广州市海珠区新港中路100号')).toBe('广州市海珠区****');
    expect(maskAddress('广东省广州市白云区机场路1号')).toBe('广东省广州市白云区****');
    expect(maskBirthDate('1990-01-01')).toBe('1990-**-**');
    expect(maskBirthDate('19900101')).toBe('1990****');
  });

  it('finds id and phone numbers in free text, and leaves other numbers alone', () => {
    expect(maskText('嫌疑人身份证号440105199001011239，电话13800138000；座机020-12345678。')).toBe(
      '嫌疑人身份证号440105********1239，电话138****8000；座机020-****5678。',
    );
    const untouched = '案件编号A4401050100002022120001 机构440105020000 在押人员编码440105001202212020001 时间1670203800000 金额5000.00';
    expect(maskText(untouched)).toBe(untouched);
  });
});

describe('maskMessage', () => {
  it('masks persons, their names wherever they recur, lawyers’ phones and inline files', () => {
    const message = richJudgment('COURT');
    message.case.name = '张三盗窃案';
    message.case.facts = '犯罪嫌疑人张三窃取被害人李四手机一部，李四报警（电话13912345678）。';
    const masked = maskMessage(message);
    const text = JSON.stringify(masked);
    for (const secret of ['张三', '李四', '王五', '440105199001011239', '440111198506150077', '13912345678', '新港中路']) {
      expect(text).not.toContain(secret);
    }
    expect(masked.case.name).toBe('张*盗窃案');
    expect(masked.case.facts).toBe('犯罪嫌疑人张*窃取被害人李*手机一部，李*报警（电话139****5678）。');
    expect(masked.persons[0]).toMatchObject({ name: '张*', idNumber: '440105********1239', birthDate: '1990-**-**', address: '广州市海珠区****' });
    expect(message.persons[0]!.name).toBe('张三'); // the input is not changed

    const assignment = messageOf('LAWYER_ASSIGNMENT', 'LEGAL_AID', org('LEGAL_AID_CENTER', '440105'), org('PROCURATORATE', '440105'), {
      lawyer: { name: '赵律师', licenceNo: '14401201810000001', firm: '广东某律师事务所', phone: '13800138000' },
    });
    assignment.documents[0]!.attachments[0]!.content = 'A'.repeat(200);
    const maskedAssignment = maskMessage(assignment);
    expect(maskedAssignment.payload).toMatchObject({ lawyer: { name: '赵律师', phone: '138****8000', licenceNo: '14401201810000001' } });
    expect(maskedAssignment.documents[0]!.attachments[0]!.content).toBe('[200 characters omitted]');
  });

  it('masks raw legacy objects and redacts secrets by key', () => {
    const raw = {
      XYR: [{ XM: '张三', ZJHM: '440105199001011239', HJDZ: '广州市海珠区新港中路100号' }],
      person: { name: '欧阳娜娜', id_card: '11010519491231002X' },
      headers: { 'X-JZPT-Token': 'abc', authorization: 'Bearer t' },
    };
    expect(maskDeep(raw)).toEqual({
      XYR: [{ XM: '张*', ZJHM: '440105********1239', HJDZ: '广州市海珠区****' }],
      person: { name: '欧***', id_card: '110105********002X' },
      headers: { 'X-JZPT-Token': '[REDACTED]', authorization: '[REDACTED]' },
    });
  });

  it('masks errors, and is on unless explicitly turned off', () => {
    const error = Object.assign(new TypeError('persons[0].idNumber 440105199001011238: bad check digit'), { code: 'X' });
    const masked = maskError(error);
    expect(masked.message).toBe('persons[0].idNumber 440105********1238: bad check digit');
    expect(masked).toMatchObject({ name: 'TypeError', code: 'X' });
    expect(isMaskingEnabled({})).toBe(true);
    expect(isMaskingEnabled({ CASELINK_MASK_PERSONAL_DATA: '1' })).toBe(true);
    expect(isMaskingEnabled({ CASELINK_MASK_PERSONAL_DATA: '0' })).toBe(false);
  });
});
