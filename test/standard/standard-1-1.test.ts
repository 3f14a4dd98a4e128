import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ACCESSORY_PENALTY_IDS,
  applyMessage,
  parseUnitCode,
  PRINCIPAL_PENALTY_IDS,
  SentenceSchema,
  standardVersionFor,
  unitCodeCheckChar,
  validateMessage,
  type Agency,
  type CaseProcessState,
  type InstanceKey,
  type MessageType,
  type PayloadOf,
  type Process,
  type UnifiedMessage,
} from '../../standard';
import { org } from '../support/messages';
import { applyAll as run } from '../support/process-run';
import { indictmentOfBoth } from '../support/two-defendant-case';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/unified/${name}`, import.meta.url), 'utf8'));
const issuesOf = (input: unknown) => {
  const result = validateMessage(input);
  return result.ok ? [] : result.issues;
};
const sentenceIssues = (sentence: unknown) => {
  const result = SentenceSchema.safeParse(sentence);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

/** A prison of Guangdong identified by its unit code (统一社会信用代码), outside the 12-digit scheme. */
export const PRISON_UNIT = '11440000MB2C93700T';

describe('penalties (standard 1.1)', () => {
  it('knows every principal and accessory penalty of the Criminal Law', () => {
    expect(PRINCIPAL_PENALTY_IDS).toEqual(
      expect.arrayContaining(['SURVEILLANCE', 'SHORT_DETENTION', 'FIXED_TERM', 'LIFE_IMPRISONMENT', 'DEATH', 'DEATH_WITH_REPRIEVE']),
    );
    expect(ACCESSORY_PENALTY_IDS).toEqual(['FINE', 'DEPRIVATION_OF_POLITICAL_RIGHTS', 'CONFISCATION_OF_PROPERTY', 'DEPORTATION']);
  });

  it.each([
    [
      '有期徒刑三年六个月，并处罚金',
      {
        principal: 'FIXED_TERM',
        term: { years: 3, months: 6 },
        accessories: [{ kind: 'FINE', amountYuan: 20000 }],
        termStart: '2024-03-01',
        termEnd: '2027-08-31',
      },
    ],
    ['有期徒刑二年，缓刑三年', { principal: 'FIXED_TERM', term: { years: 2 }, suspended: true, probation: { years: 3 } }],
    ['拘役四个月，缓刑六个月', { principal: 'SHORT_DETENTION', term: { months: 4 }, suspended: true, probation: { months: 6 } }],
    [
      '管制一年，剥夺政治权利一年',
      { principal: 'SURVEILLANCE', term: { years: 1 }, accessories: [{ kind: 'DEPRIVATION_OF_POLITICAL_RIGHTS', term: { years: 1 } }] },
    ],
    [
      '无期徒刑，剥夺政治权利终身，没收个人全部财产',
      {
        principal: 'LIFE_IMPRISONMENT',
        accessories: [
          { kind: 'DEPRIVATION_OF_POLITICAL_RIGHTS', lifelong: true },
          { kind: 'CONFISCATION_OF_PROPERTY', wholeProperty: true },
        ],
      },
    ],
    ['死刑，剥夺政治权利终身', { principal: 'DEATH', accessories: [{ kind: 'DEPRIVATION_OF_POLITICAL_RIGHTS', lifelong: true }] }],
    [
      '死刑缓期二年执行，终身监禁',
      { principal: 'DEATH_WITH_REPRIEVE', noCommutationOrParole: true, accessories: [{ kind: 'DEPRIVATION_OF_POLITICAL_RIGHTS', lifelong: true }] },
    ],
    ['单处罚金', { principal: 'FINE_ONLY', fineYuan: 5000 }],
    ['单处驱逐出境', { principal: 'ACCESSORY_ONLY', accessories: [{ kind: 'DEPORTATION' }] }],
    ['拘役二十日 (days)', { principal: 'SHORT_DETENTION', term: { months: 1, days: 20 } }],
    ['1.0: termMonths and probationMonths', { principal: 'FIXED_TERM', termMonths: 8, probationMonths: 12 }],
  ])('accepts %s', (_title, sentence) => {
    expect(sentenceIssues(sentence)).toEqual([]);
  });

  it.each([
    ['a term for life imprisonment', { principal: 'LIFE_IMPRISONMENT', term: { years: 15 } }, 'term: LIFE_IMPRISONMENT has no term'],
    ['fixed-term above 25 years', { principal: 'FIXED_TERM', term: { years: 26 } }, 'term: FIXED_TERM runs from 6 to 300 months'],
    ['surveillance of 1 month', { principal: 'SURVEILLANCE', term: { months: 1 } }, 'term: SURVEILLANCE runs from 3 to 36 months'],
    [
      'a suspended 5-year term',
      { principal: 'FIXED_TERM', term: { years: 5 }, suspended: true, probation: { years: 5 } },
      'suspended: a suspended FIXED_TERM is at most 36 months',
    ],
    [
      'probation shorter than the term',
      { principal: 'FIXED_TERM', term: { years: 2 }, suspended: true, probation: { years: 1 } },
      'probation: probation runs 12–60 months',
    ],
    [
      'suspended without probation',
      { principal: 'SHORT_DETENTION', term: { months: 3 }, suspended: true },
      'probation: a suspended sentence needs its probation term',
    ],
    ['suspended death penalty', { principal: 'DEATH', suspended: true, probation: { years: 2 } }, 'suspended: a suspended sentence is only for'],
    [
      'death without lifelong deprivation',
      { principal: 'DEATH', accessories: [{ kind: 'DEPRIVATION_OF_POLITICAL_RIGHTS', term: { years: 5 } }] },
      'accessories.0.lifelong: with DEATH political rights are deprived for life',
    ],
    [
      'deprivation over 5 years',
      { principal: 'FIXED_TERM', term: { years: 10 }, accessories: [{ kind: 'DEPRIVATION_OF_POLITICAL_RIGHTS', term: { years: 6 } }] },
      'accessories.0.term: must be at most 5 years',
    ],
    [
      '終身监禁 after a fixed term',
      { principal: 'FIXED_TERM', term: { years: 10 }, noCommutationOrParole: true },
      'noCommutationOrParole: life imprisonment without commutation or parole',
    ],
    [
      'an end before the start',
      { principal: 'FIXED_TERM', term: { years: 1 }, termStart: '2024-03-01', termEnd: '2023-03-01' },
      'termEnd: is before termStart',
    ],
    ['a zero term', { principal: 'FIXED_TERM', term: { years: 0 } }, 'term: must not be zero'],
  ])('refuses %s with a bilingual reason', (_title, sentence, reason) => {
    const issues = sentenceIssues(sentence);
    expect(
      issues.some((issue) => issue.startsWith(reason)),
      issues.join('\n'),
    ).toBe(true);
    expect(issues.every((issue) => /[\u4e00-\u9fff]/.test(issue))).toBe(true);
  });
});

describe('unit codes for prisons and other units outside the 12-digit scheme', () => {
  it('checks the unified social credit code (GB 32100) and its division', () => {
    expect(unitCodeCheckChar('91350100M000100Y4')).toBe('3'); // the standard's own example 91350100M000100Y43
    expect(parseUnitCode(PRISON_UNIT)).toEqual({ ok: true, division: '440000' });
    expect(parseUnitCode('11440000MB2C93700X')).toMatchObject({ ok: false, reason: 'check character should be T' });
  });

  it('names a prison as receiver of an execution notice, in 1.1', () => {
    const message = executionNoticeToPrison();
    expect(issuesOf(message)).toEqual([]);
    expect(standardVersionFor(message)).toBe('1.1');
    message.receiver.division = '440105';
    expect(issuesOf(message)).toEqual([
      {
        path: 'receiver.division',
        value: '440105',
        reason: `must be 440000, the division encoded in unit code ${PRISON_UNIT} (应为单位代码${PRISON_UNIT}中的区划代码440000)`,
      },
    ]);
  });
});

function executionNoticeToPrison() {
  const message = structuredClone(fixture('psb-arrest-request.json'));
  return {
    ...message,
    standardVersion: '1.1',
    messageType: 'EXECUTION_NOTICE',
    process: 'EXECUTION_HANDOVER',
    sender: { agency: 'COURT', division: '440105', orgCode: '440105030000' },
    receiver: { agency: 'PRISON', division: '440000', orgCode: PRISON_UNIT, name: '广东省某监狱' },
    persons: [{ ...message.persons[0], role: 'DEFENDANT', personId: 'D1' }],
    payload: {
      executor: 'PRISON',
      personId: 'D1',
      executingOrg: { agency: 'PRISON', division: '440000', orgCode: PRISON_UNIT },
      sentence: { principal: 'FIXED_TERM', term: { years: 5 }, termStart: '2024-01-10', termEnd: '2029-01-09' },
    },
  };
}

describe('versions: 1.0 stays 1.0', () => {
  it('reads every 1.0 fixture as a 1.0 message', () => {
    for (const name of [
      'psb-arrest-request.json',
      'procuratorate-arrest-approval.json',
      'court-receive-indictment.json',
      'court-fetch-outbox-case-accepted.json',
      'justice-lawyer-assignment.json',
    ]) {
      const message = fixture(name);
      expect(issuesOf(message), name).toEqual([]);
      expect(standardVersionFor(message), name).toBe('1.0');
    }
  });

  it('names every 1.1 addition in a message that declares 1.0', () => {
    const message = executionNoticeToPrison();
    message.standardVersion = '1.0';
    expect(
      issuesOf(message)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['payload.executingOrg', 'payload.personId', 'payload.sentence.term', 'persons[0].personId', 'receiver.name', 'receiver.orgCode'].sort());
  });
});

describe('versions: the 1.x additions of issue 15 are standard 1.1', () => {
  /** The arrest request fixture turned into another message of the same case. */
  const as = (messageType: string, process: string, sender: Agency, receiver: Agency, payload: Record<string, unknown>) => {
    const base = fixture('psb-arrest-request.json');
    const code = { PSB: '01', PROCURATORATE: '02', COURT: '03', LEGAL_AID_CENTER: '04' } as Record<string, string>;
    return {
      ...base,
      messageType,
      process,
      sender: { agency: sender, division: '440105', orgCode: `440105${code[sender]}0000` },
      receiver: { agency: receiver, division: '440105', orgCode: `440105${code[receiver]}0000` },
      payload,
    };
  };
  const additions: Array<[string, Record<string, unknown>, string[]]> = [
    [
      'case circumstances',
      { ...fixture('psb-arrest-request.json'), case: { ...fixture('psb-arrest-request.json').case, circumstances: ['ROVING'] } },
      ['case.circumstances'],
    ],
    [
      'requestPeriodExtended',
      as('ARREST_REQUEST', 'ARREST_REVIEW', 'PSB', 'PROCURATORATE', { requestPeriodExtended: true }),
      ['payload.requestPeriodExtended'],
    ],
    ['rightsNotifiedOn', as('ACCEPTANCE_ACK', 'PROSECUTION_REVIEW', 'PROCURATORATE', 'PSB', { rightsNotifiedOn: '2024-03-02' }), ['payload.rightsNotifiedOn']],
    [
      'REVIEW_EXTENSION.decisionDate',
      as('REVIEW_EXTENSION', 'PROSECUTION_REVIEW', 'PROCURATORATE', 'PSB', { newDeadline: '2024-04-15', decisionDate: '2024-03-30' }),
      ['payload.decisionDate'],
    ],
    ['JUDGMENT.documentKind', as('JUDGMENT', 'FIRST_INSTANCE_TRIAL', 'COURT', 'PROCURATORATE', { documentKind: 'RULING' }), ['payload.documentKind']],
    ['CASE_ACCEPTED.receivedOn', as('CASE_ACCEPTED', 'PUBLIC_PROSECUTION', 'COURT', 'PROCURATORATE', { receivedOn: '2024-03-12' }), ['payload.receivedOn']],
    ['DEADLINE_EXTENSION', as('DEADLINE_EXTENSION', 'ARREST_REVIEW', 'PROCURATORATE', 'PSB', { clock: 'C4', basis: 'CPL156' }), ['messageType']],
    ['TRIAL_POSTPONEMENT', as('TRIAL_POSTPONEMENT', 'FIRST_INSTANCE_TRIAL', 'COURT', 'PROCURATORATE', { ground: 'SUPP_INV' }), ['messageType']],
    ['TRIAL_RESUMPTION_REQUEST', as('TRIAL_RESUMPTION_REQUEST', 'FIRST_INSTANCE_TRIAL', 'PROCURATORATE', 'COURT', {}), ['messageType']],
    ['TRIAL_JURISDICTION_CHANGE', as('TRIAL_JURISDICTION_CHANGE', 'FIRST_INSTANCE_TRIAL', 'COURT', 'PROCURATORATE', {}), ['messageType']],
    ['LEGAL_AID_OBJECTION', as('LEGAL_AID_OBJECTION', 'LEGAL_AID', 'LEGAL_AID_CENTER', 'PROCURATORATE', { receivedOn: '2024-03-04' }), ['messageType']],
    [
      'LEGAL_AID_OBJECTION_DECISION',
      as('LEGAL_AID_OBJECTION_DECISION', 'LEGAL_AID', 'LEGAL_AID_CENTER', 'PROCURATORATE', { outcome: 'UPHELD' }),
      ['messageType'],
    ],
  ];

  it.each(additions)('%s: written as 1.1, and named when a message declares 1.0', (_name, message, paths) => {
    expect(standardVersionFor(message)).toBe('1.1');
    expect(issuesOf({ ...message, standardVersion: '1.1' })).toEqual([]);
    expect(issuesOf({ ...message, standardVersion: '1.0' }).map((i) => i.path)).toEqual(paths);
  });

  it('a 1.0 field of the same name on another type stays 1.0 (PRISONER_TRANSFER.transferredOn, EXECUTION_RECEIPT.receivedAt)', () => {
    expect(standardVersionFor(as('PRISONER_TRANSFER', 'EXECUTION_HANDOVER', 'PSB', 'PSB', { transferredOn: '2024-03-02' }))).toBe('1.0');
    expect(standardVersionFor(as('ACCEPTANCE_ACK', 'ARREST_REVIEW', 'PROCURATORATE', 'PSB', { receivedAt: '2024-03-02' }))).toBe('1.0');
    expect(standardVersionFor(as('ARREST_APPROVAL', 'ARREST_REVIEW', 'PROCURATORATE', 'PSB', { decision: 'APPROVED', decisionDate: '2024-03-02' }))).toBe(
      '1.0',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Several defendants, appeal and protest through the process definitions.

const PRISON = { agency: 'PRISON' as const, division: '440000', orgCode: PRISON_UNIT };
const orgOf = (agency: Agency) => (agency === 'PRISON' ? PRISON : org(agency));
/** The intermediate court hearing the appeal (its district org code stands in for the city level). */
const SECOND_COURT = { agency: 'COURT' as const, division: '440100', orgCode: '440100030000' };

export const DEFENDANTS = [
  {
    role: 'DEFENDANT',
    name: '张三',
    personId: 'D1',
    charges: [{ code: 'CL263' }, { code: 'CL234' }],
    plea: 'NONE',
    custody: { measure: 'ARRESTED', since: '2023-11-02' },
    legalAid: { aidType: 'DEFENDER', lawyer: { name: '王律师' } },
  },
  { role: 'DEFENDANT', name: '李四', personId: 'D2', charges: [{ code: 'CL263' }], plea: 'SIGNED', custody: { measure: 'BAIL', since: '2023-11-05' } },
] as const;

let sequence = 0;
function msg<T extends MessageType>(
  type: T,
  from: Agency,
  to: Agency,
  payload: PayloadOf<T>,
  extra: { process?: Process; receiver?: object; sender?: object } = {},
): UnifiedMessage {
  sequence += 1;
  const raw = {
    standardVersion: '1.1',
    messageId: `TWO-${sequence}`,
    messageType: type,
    process: extra.process ?? (type === 'HEARING_NOTICE' || type === 'JUDGMENT_EFFECTIVE' ? 'SECOND_INSTANCE' : undefined) ?? 'FIRST_INSTANCE_TRIAL',
    caseUid: 'GZ-440105-2024-000009',
    localCaseNumbers: [],
    sender: extra.sender ?? orgOf(from),
    receiver: extra.receiver ?? orgOf(to),
    sentAt: '2024-05-06T09:00:00+08:00',
    case: { charges: [{ code: 'CL263' }, { code: 'CL234' }], crimeDivision: '440105' },
    persons: structuredClone(DEFENDANTS),
    documents: [],
    payload,
  };
  const result = validateMessage(raw);
  if (!result.ok) throw new Error(`${type} invalid: ${JSON.stringify(result.issues)}`);
  return result.message;
}

const at = (s: CaseProcessState, key: string) => s.processes[key as InstanceKey]?.state;
/** From the intermediate court to the procuratorate, in the second instance. */
const fromSecondCourt = <T extends MessageType>(type: T, payload: PayloadOf<T>) =>
  msg(type, 'COURT', 'PROCURATORATE', payload, { process: 'SECOND_INSTANCE', sender: SECOND_COURT });
/** The first-instance court sends the case up to the intermediate court. */
const toSecondCourt = (payload: PayloadOf<'SECOND_INSTANCE_TRANSFER'>) =>
  msg('SECOND_INSTANCE_TRANSFER', 'COURT', 'COURT', payload, { process: 'SECOND_INSTANCE', receiver: SECOND_COURT });

const twoDefendantJudgment = () =>
  msg('JUDGMENT', 'COURT', 'PROCURATORATE', {
    verdict: 'CONVICTED',
    pronouncedOn: '2024-04-20',
    defendants: [
      {
        personId: 'D1',
        verdict: 'CONVICTED',
        charges: [
          { charge: { code: 'CL263' }, sentence: { principal: 'FIXED_TERM', term: { years: 6 }, accessories: [{ kind: 'FINE', amountYuan: 10000 }] } },
          { charge: { code: 'CL234' }, sentence: { principal: 'FIXED_TERM', term: { years: 1 } } },
        ],
        sentence: {
          principal: 'FIXED_TERM',
          term: { years: 6, months: 6 },
          accessories: [{ kind: 'FINE', amountYuan: 10000 }],
          termStart: '2023-11-02',
          termEnd: '2030-05-01',
        },
      },
      {
        personId: 'D2',
        verdict: 'CONVICTED',
        sentence: { principal: 'FIXED_TERM', term: { years: 2 }, suspended: true, probation: { years: 3 }, accessories: [{ kind: 'FINE', amountYuan: 3000 }] },
      },
    ],
  });

function firstInstanceSentenced(): CaseProcessState {
  const indictment = msg('INDICTMENT', 'PROCURATORATE', 'COURT', indictmentOfBoth('2024-02-01'), { process: 'PUBLIC_PROSECUTION' });
  return run(
    undefined,
    indictment,
    msg('CASE_ACCEPTED', 'COURT', 'PROCURATORATE', { procedure: 'ORDINARY' }, { process: 'PUBLIC_PROSECUTION' }),
    msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', {}, { process: 'FIRST_INSTANCE_TRIAL' }),
    twoDefendantJudgment(),
  );
}

describe('a case with two defendants', () => {
  it('validates each person with own charges, custody, plea and legal aid; person ids must resolve', () => {
    const judgment = twoDefendantJudgment();
    expect(judgment.persons.map((p) => p.personId)).toEqual(['D1', 'D2']);
    const broken = structuredClone(judgment) as unknown as { payload: { defendants: Array<{ personId: string }> }; persons: Array<{ personId: string }> };
    broken.payload.defendants[1]!.personId = 'D3';
    broken.persons[1]!.personId = 'D1';
    expect(issuesOf(broken).map((i) => i.path)).toEqual(['persons[1].personId', 'payload.defendants[1].personId']);
  });

  it('keeps each defendant’s sentence in the trial', () => {
    const s = firstInstanceSentenced();
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('SENTENCED');
    expect(s.processes.FIRST_INSTANCE_TRIAL?.attributes.defendants).toEqual({
      D1: { verdict: 'CONVICTED', penalty: 'FIXED_TERM', termMonths: 78, termEnd: '2030-05-01' },
      D2: { verdict: 'CONVICTED', penalty: 'FIXED_TERM', termMonths: 24, probationMonths: 36 },
    });
  });

  it('takes effect only after the appeal window (CPL 230)', () => {
    const served = run(firstInstanceSentenced(), msg('SERVICE_RECEIPT', 'PROCURATORATE', 'COURT', { servedAt: '2024-04-22' }));
    const early = applyMessage(
      served,
      msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-05-01' }, { process: 'FIRST_INSTANCE_TRIAL' }),
    );
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.violation.reason).toContain('2024-05-02');
    const onTime = run(served, msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-05-03' }, { process: 'FIRST_INSTANCE_TRIAL' }));
    expect(at(onTime, 'FIRST_INSTANCE_TRIAL')).toBe('EFFECTIVE');
    expect(onTime.processes.EXECUTION_HANDOVER?.attributes.defendants?.D2).toMatchObject({ probationMonths: 36 });
  });

  it('goes to the second instance as a whole when one defendant appeals: transfer, acceptance, hearing, 改判', () => {
    let s = run(firstInstanceSentenced(), msg('SERVICE_RECEIPT', 'PROCURATORATE', 'COURT', { servedAt: '2024-04-22' }));
    s = run(
      s,
      msg('APPEAL', 'COURT', 'PROCURATORATE', { personIds: ['D1'], appealedOn: '2024-04-28', against: 'JUDGMENT', lodgedWith: 'FIRST_INSTANCE_COURT' }),
    );
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('APPEALED');
    expect(at(s, 'SECOND_INSTANCE')).toBe('LODGED');
    const effective = applyMessage(
      s,
      msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-05-03', personIds: ['D2'] }, { process: 'FIRST_INSTANCE_TRIAL' }),
    );
    expect(effective.ok).toBe(false); // the whole case is under appeal (CPL 233)
    s = run(
      s,
      toSecondCourt({ transferredOn: '2024-04-30', grounds: 'APPEAL', personIds: ['D1'] }),
      fromSecondCourt('SECOND_INSTANCE_ACCEPTED', { courtCaseNo: '(2024)粤01刑终88号', acceptedOn: '2024-05-06', hearing: 'OPEN_HEARING' }),
      fromSecondCourt('HEARING_NOTICE', { hearingAt: '2024-06-03T09:00:00+08:00' }),
    );
    expect(at(s, 'SECOND_INSTANCE')).toBe('SCHEDULED');
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('APPEALED');
    s = run(
      s,
      fromSecondCourt('SECOND_INSTANCE_DECISION', {
        form: 'JUDGMENT',
        outcome: 'REVISED',
        decidedOn: '2024-06-20',
        defendants: [{ personId: 'D1', verdict: 'CONVICTED', sentence: { principal: 'FIXED_TERM', term: { years: 5 }, termEnd: '2028-11-01' } }],
      }),
    );
    expect(at(s, 'SECOND_INSTANCE')).toBe('REVISED');
    s = run(s, fromSecondCourt('JUDGMENT_EFFECTIVE', { effectiveDate: '2024-06-20' }));
    expect(at(s, 'EXECUTION_HANDOVER')).toBe('EFFECTIVE');
    expect(s.processes.EXECUTION_HANDOVER?.attributes.defendants?.D1).toMatchObject({ termMonths: 60, termEnd: '2028-11-01' });
    expect(s.processes.EXECUTION_HANDOVER?.attributes.defendants?.D2).toMatchObject({ termMonths: 24, probationMonths: 36 });
  });

  it('refuses a revision given as a ruling (CPL 236)', () => {
    expect(() => fromSecondCourt('SECOND_INSTANCE_DECISION', { form: 'RULING', outcome: 'REVISED' })).toThrow(/CPL 236/);
  });
});

describe('a protest by the procuratorate, remanded for retrial', () => {
  it('opens the second instance, and a remand reopens the first instance', () => {
    let s = run(firstInstanceSentenced(), msg('SERVICE_RECEIPT', 'PROCURATORATE', 'COURT', { servedAt: '2024-04-22' }));
    s = run(s, msg('PROTEST', 'PROCURATORATE', 'COURT', { protestedOn: '2024-04-30', against: 'JUDGMENT', personIds: ['D2'], grounds: '量刑畸轻' }));
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('APPEALED');
    expect(s.processes.SECOND_INSTANCE?.attributes.secondInstanceGrounds).toBe('PROTEST');
    s = run(s, msg('APPEAL', 'COURT', 'PROCURATORATE', { personIds: ['D1'] }));
    expect(s.processes.SECOND_INSTANCE?.attributes.secondInstanceGrounds).toBe('APPEAL_AND_PROTEST');
    s = run(
      s,
      toSecondCourt({ grounds: 'APPEAL_AND_PROTEST' }),
      fromSecondCourt('SECOND_INSTANCE_ACCEPTED', { acceptedOn: '2024-05-08', hearing: 'OPEN_HEARING' }),
      fromSecondCourt('SECOND_INSTANCE_DECISION', { form: 'RULING', outcome: 'REMANDED', reason: '事实不清' }),
    );
    expect(at(s, 'SECOND_INSTANCE')).toBe('REMANDED');
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('ACCEPTED');
    expect(s.processes.FIRST_INSTANCE_TRIAL?.attributes).toMatchObject({ remanded: true });
    expect(s.processes.EXECUTION_HANDOVER).toBeUndefined();
  });
});

describe('execution routing follows each defendant’s penalty', () => {
  it('sends life and suspended-death sentences to prison, suspended terms to community corrections, fines to the court', async () => {
    const { defendantBranches, executionBranch } = await import('../../standard');
    expect(executionBranch({ penalty: 'LIFE_IMPRISONMENT' }, '2024-06-21')).toBe('PRISON');
    expect(executionBranch({ penalty: 'DEATH_WITH_REPRIEVE' }, '2024-06-21')).toBe('PRISON');
    expect(executionBranch({ penalty: 'DEATH' }, '2024-06-21')).toBeUndefined();
    expect(executionBranch({ penalty: 'FINE_ONLY' }, '2024-06-21')).toBe('FINE');
    expect(
      defendantBranches(
        {
          defendants: {
            D1: { verdict: 'CONVICTED', penalty: 'FIXED_TERM', termMonths: 60, termEnd: '2029-01-09' },
            D2: { verdict: 'CONVICTED', penalty: 'FIXED_TERM', termMonths: 24, probationMonths: 36 },
            D3: { verdict: 'CONVICTED', penalty: 'FIXED_TERM', termMonths: 8, termEnd: '2024-08-01' },
            D4: { verdict: 'ACQUITTED' },
            D5: { verdict: 'CONVICTED', penalty: 'SURVEILLANCE', termMonths: 12 },
          },
        },
        '2024-06-21',
      ),
    ).toEqual({ D1: 'PRISON', D2: 'COMMUNITY_CORRECTIONS', D3: 'DETENTION_CENTER', D4: 'RELEASE', D5: 'COMMUNITY_CORRECTIONS' });
  });
});

describe('plea steps only for a person who pleaded', () => {
  it('refuses an affidavit for a person without a plea, or one that disagrees with a withdrawal', () => {
    const build = (plea: 'NONE' | 'SIGNED' | 'WITHDRAWN', status: 'SIGNED' | 'WITHDRAWN') => ({
      ...structuredClone(fixture('court-receive-indictment.json')),
      standardVersion: '1.1',
      persons: [{ role: 'DEFENDANT', name: '李四', personId: 'D2', plea }],
      payload: { defendants: [{ personId: 'D2', pleaAffidavit: { signedAt: '2024-02-01', status } }] },
    });
    expect(issuesOf(build('SIGNED', 'SIGNED'))).toEqual([]);
    expect(issuesOf(build('WITHDRAWN', 'WITHDRAWN'))).toEqual([]);
    expect(issuesOf(build('NONE', 'SIGNED')).map((i) => i.path)).toEqual(['payload.defendants[0].pleaAffidavit.status']);
    expect(issuesOf(build('WITHDRAWN', 'SIGNED')).map((i) => i.path)).toEqual(['payload.defendants[0].pleaAffidavit.status']);
  });
});
