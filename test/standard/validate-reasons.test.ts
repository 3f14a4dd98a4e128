import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { formatIssue, issuesFromZod, renderValue, validateMessage, type FieldIssue } from '../../standard';
import { unifiedFixture } from '../support/fixtures';

const psb = unifiedFixture('psb-arrest-request.json');

const CHINESE = /[\u4e00-\u9fff]/;
const ENGLISH = /[A-Za-z]{2,}/;

function expectBilingual(issues: FieldIssue[]): void {
  for (const issue of issues) {
    expect(issue.reason, `${issue.path}: ${issue.reason}`).toMatch(CHINESE);
    expect(issue.reason, `${issue.path}: ${issue.reason}`).toMatch(ENGLISH);
  }
}

describe('validateMessage gives every failing field with path, value and an English and Chinese reason', () => {
  it('covers every kind of problem in one message', () => {
    const message = structuredClone(psb);
    message.case.amountYuan = '5000';
    message.case.occurredOn = '2022-02-30';
    message.persons[0].name = '   ';
    message.persons[0].gender = 'M';
    message.persons[0].custody.measure = '刑事拘留';
    message.documents[0].issuedAt = '20221205';
    message.documents[0].attachments[0].size = -1;
    message.documents[0].attachments[0].sha256 = 'ABC';
    message.documents[0].attachments[0].content = 'not base64!';
    message.sender.orgCode = '440111010000';
    message.process = 'SOMETHING';
    message.payload.detentionDate = 20221202;
    delete message.receiver;
    message.localCaseNumbers = 'A4401050100002022120001';

    const result = validateMessage(message);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expectBilingual(issues);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.reason]));
    expect(byPath).toEqual({
      process:
        'must be one of "ARREST_REVIEW", "PROSECUTION_REVIEW", "PUBLIC_PROSECUTION", "FIRST_INSTANCE_TRIAL", "LEGAL_AID", "EXECUTION_HANDOVER", "SECOND_INSTANCE" (应为以下之一："ARREST_REVIEW", "PROSECUTION_REVIEW", "PUBLIC_PROSECUTION", "FIRST_INSTANCE_TRIAL", "LEGAL_AID", "EXECUTION_HANDOVER", "SECOND_INSTANCE")',
      localCaseNumbers: 'must be an array, not a string (应为数组，实际为字符串)',
      'sender.orgCode': 'does not belong to division 440105 (与区划代码440105不一致)',
      receiver: 'is required (必填字段缺失)',
      'case.amountYuan': 'must be a number, not a string (应为数字，实际为字符串)',
      'case.occurredOn': 'is not a calendar date (不是有效日期)',
      'persons[0].name': 'must not be empty (不得为空)',
      'persons[0].gender': 'is not a GB/T 2261.1 code (0, 1, 2, 9) (不是GB/T 2261.1性别代码)',
      'persons[0].custody.measure':
        'must be one of "SUMMONED", "BAIL", "RESIDENTIAL_SURVEILLANCE", "DETAINED", "ARRESTED", "RELEASED" (应为以下之一："SUMMONED", "BAIL", "RESIDENTIAL_SURVEILLANCE", "DETAINED", "ARRESTED", "RELEASED")',
      'documents[0].issuedAt': 'must be a date YYYY-MM-DD or ISO 8601 with an offset (应为日期 YYYY-MM-DD 或带时区的ISO 8601时间)',
      'documents[0].attachments[0].size': 'must be at least 0 (不得小于0)',
      'documents[0].attachments[0].sha256': 'must be 64 lower-case hex digits (应为64位小写十六进制)',
      'documents[0].attachments[0].content': 'must be base64 (应为base64编码)',
      'payload.detentionDate': 'must be a string, not a number (应为字符串，实际为数字)',
    });
    expect(issues.find((i) => i.path === 'persons[0].gender')?.value).toBe('M');
    expect(issues.find((i) => i.path === 'receiver')?.value).toBeUndefined();
  });

  it('says "one of" for unions of literals and an integer for whole numbers', () => {
    const message = structuredClone(psb);
    message.messageType = 'SUPP_INV_REPORT';
    message.process = 'PROSECUTION_REVIEW';
    message.payload = { round: 3 };
    message.documents[0].attachments[0].size = 1.5;
    const issues = validateMessage(message);
    expect(issues.ok ? [] : issues.issues.map((i) => [i.path, i.reason])).toEqual([
      ['documents[0].attachments[0].size', 'must be an integer, not a number (应为整数，实际为数字)'],
      ['payload.round', 'must be one of 1, 2 (应为以下之一：1, 2)'],
    ]);
  });

  it('refuses what is not an object at all', () => {
    for (const input of [null, [], 'message', 42, true]) {
      const result = validateMessage(input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.issues.length).toBeGreaterThan(0);
        expectBilingual(result.issues);
      }
    }
  });

  it('never throws and always answers bilingually, whatever the input', () => {
    const mutated = fc.record({ key: fc.constantFrom(...Object.keys(psb)), value: fc.jsonValue() }).map(({ key, value }) => ({ ...psb, [key]: value }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated, fc.anything()), (input) => {
        const result = validateMessage(input);
        if (!result.ok) {
          expect(result.issues.length).toBeGreaterThan(0);
          expectBilingual(result.issues);
          for (const issue of result.issues) expect(formatIssue(issue)).not.toMatch(/\n/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('issuesFromZod makes zod’s English-only messages bilingual for every caller', () => {
  it('rewrites each built-in issue code', () => {
    const schema = z.strictObject({
      text: z.string(),
      short: z.string().max(3),
      long: z.string().min(3),
      count: z.number().max(3),
      positive: z.number().positive(),
      list: z.array(z.string()).min(2),
      few: z.array(z.string()).max(1),
      choice: z.enum(['x', 'y']),
      exact: z.literal('k'),
      pattern: z.string().regex(/^a+$/),
      email: z.email(),
      prefix: z.string().startsWith('GZ-'),
      multiple: z.number().multipleOf(5),
      custom: z.string().refine(() => false),
      customText: z.string().refine(() => false, { message: 'must be shiny' }),
      either: z.union([z.string(), z.number()]),
      record: z.record(z.enum(['a']), z.string()),
    });
    const input = {
      text: 1,
      short: 'abcd',
      long: 'ab',
      count: 4,
      positive: 0,
      list: ['a'],
      few: ['a', 'b'],
      choice: 'z',
      exact: 'j',
      pattern: 'b',
      email: 'nobody',
      prefix: 'SZ-1',
      multiple: 7,
      custom: 'x',
      customText: 'x',
      either: true,
      record: { b: 'x' },
      unknown: 1,
    };
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    const issues = issuesFromZod(result.error!, input);
    expectBilingual(issues);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.reason]));
    expect(byPath).toMatchObject({
      text: 'must be a string, not a number (应为字符串，实际为数字)',
      short: 'must be at most 3 characters long (长度至多为3个字符)',
      long: 'must be at least 3 characters long (长度至少为3个字符)',
      count: 'must be at most 3 (不得大于3)',
      positive: 'must be greater than 0 (应大于0)',
      list: 'must have at least 2 items (至少应有2项)',
      few: 'must have at most 1 items (至多应有1项)',
      choice: 'must be one of "x", "y" (应为以下之一："x", "y")',
      exact: 'must be "k" (应为 "k")',
      pattern: 'does not match the pattern /^a+$/ (不符合格式 /^a+$/)',
      email: 'is not a valid email (不是有效的email格式)',
      prefix: 'must start with "GZ-" (应以 "GZ-" 开头)',
      multiple: 'must be a multiple of 5 (应为5的倍数)',
      custom: 'is invalid (校验未通过)',
      customText: 'must be shiny (校验未通过)',
      unknown: 'unknown field, not part of the standard (未知字段，不属于统一标准)',
    });
    expect(byPath.either).toMatch(
      /^matches none of the allowed forms \(不符合任何一种允许的形式\): must be a string, not true or false .* \| must be a number/,
    );
    expect(issues.find((i) => i.path === 'record' || i.path.startsWith('record'))).toBeDefined();
  });

  it('keeps a reason the schema already wrote in both languages', () => {
    const schema = z.string().min(5, { error: 'too short (太短)' });
    const result = schema.safeParse('abc');
    expect(issuesFromZod(result.error!, 'abc')).toEqual([{ path: '(message)', value: 'abc', reason: 'too short (太短)' }]);
  });
});

describe('formatIssue', () => {
  it('prints one line: path = value: reason, long values cut', () => {
    expect(formatIssue({ path: 'persons[0].idNumber', value: '440105199001011238', reason: 'check character should be 9 (校验码应为9)' })).toBe(
      'persons[0].idNumber = "440105199001011238": check character should be 9 (校验码应为9)',
    );
    expect(formatIssue({ path: 'receiver', value: undefined, reason: 'is required (必填字段缺失)' })).toBe(
      'receiver = (absent 缺失): is required (必填字段缺失)',
    );
    const long = renderValue('案'.repeat(500) + '\n');
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith('…')).toBe(true);
    expect(renderValue('a\nb')).toBe('"a\\nb"');
  });
});
