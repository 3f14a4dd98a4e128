import { parseInstant, beijingDateOf } from '../clocks/calendar-date';
import type { UnifiedMessage } from '../schema/message';
import { OPEN, STAY, payloadOf, type ProcessDefinition, type Selector, type TransitionRow } from './definition';
import { executionBranch } from './execution-branch';
import type { ExecutionBranch, ProcessAttributes } from './types';

/** P6 交付刑罚执行 (domain.md §2). RECEIPT_CONFIRMED is passed through when the receipt already tells the branch. */
export const EXECUTION_HANDOVER_STATES = [
  'EFFECTIVE',
  'DOCS_SENT',
  'RECEIPT_CONFIRMED',
  'PRISON_TRANSFER',
  'ADMITTED',
  'EXECUTING_IN_DC',
  'CC_AWAIT_REPORT',
  'REPORTED',
  'REPORT_OVERDUE',
  'RELEASED',
  'FINE_ENFORCEMENT',
  'CLOSED',
] as const;
export type ExecutionHandoverState = (typeof EXECUTION_HANDOVER_STATES)[number];

type Row = TransitionRow<ExecutionHandoverState>;

function messageDate(message: UnifiedMessage): string {
  const instant = parseInstant(message.sentAt);
  return instant === undefined ? message.sentAt.slice(0, 10) : beijingDateOf(instant);
}

function branchIs(branch: ExecutionBranch): Selector {
  return {
    test: ({ message, instance }) => executionBranch(instance?.attributes ?? {}, messageDate(message), message.sender.agency) === branch,
    en: `the sentence is executed by branch ${branch}`,
    zh: `刑罚执行去向为${branch}`,
  };
}

const BRANCH_TARGET: Record<ExecutionBranch, ExecutionHandoverState> = {
  PRISON: 'PRISON_TRANSFER',
  DETENTION_CENTER: 'EXECUTING_IN_DC',
  COMMUNITY_CORRECTIONS: 'CC_AWAIT_REPORT',
  RELEASE: 'RELEASED',
  FINE: 'FINE_ENFORCEMENT',
};

const receiptRows: Row[] = (Object.keys(BRANCH_TARGET) as ExecutionBranch[]).map((branch) => ({
  on: 'EXECUTION_RECEIPT',
  from: ['DOCS_SENT'],
  when: branchIs(branch),
  to: BRANCH_TARGET[branch],
  via: ['RECEIPT_CONFIRMED'],
  set: ({ message, instance }) => ({ branch, executor: instance?.attributes.executor ?? message.sender.agency }),
}));

const noticeFacts = ({ message }: { message: UnifiedMessage }): ProcessAttributes => {
  const payload = payloadOf(message, 'EXECUTION_NOTICE');
  const sentence = payload?.sentence;
  // The receiver is not necessarily the executor: the detention centre also receives prison-bound prisoners' notices.
  return {
    executor: payload?.executor,
    ...(sentence && { penalty: sentence.principal, termMonths: sentence.termMonths, probationMonths: sentence.probationMonths, termEnd: sentence.termEnd }),
  };
};

const needsExecution: Selector = {
  test: ({ caseState }) => {
    const trial = caseState.processes.FIRST_INSTANCE_TRIAL?.attributes;
    return trial?.verdict !== 'ACQUITTED' && trial?.penalty !== 'EXEMPTED';
  },
  en: 'the judgment imposes a penalty',
  zh: '判决判处刑罚',
};

const CC: ProcessAttributes = { executor: 'COMMUNITY_CORRECTIONS' };

const transitions: readonly Row[] = [
  {
    on: 'JUDGMENT_EFFECTIVE',
    from: OPEN,
    to: 'EFFECTIVE',
    follow: true,
    when: needsExecution,
    set: ({ caseState }) => {
      const trial = caseState.processes.FIRST_INSTANCE_TRIAL?.attributes ?? {};
      const second = caseState.processes.SECOND_INSTANCE?.attributes;
      const defendants = second?.secondInstanceOutcome === 'REVISED' && second.defendants ? { ...trial.defendants, ...second.defendants } : trial.defendants;
      return {
        penalty: trial.penalty,
        termMonths: trial.termMonths,
        probationMonths: trial.probationMonths,
        termEnd: trial.termEnd,
        ...(defendants && { defendants }),
      };
    },
  },
  { on: 'EXECUTION_NOTICE', from: OPEN, to: 'DOCS_SENT', via: ['EFFECTIVE'], set: noticeFacts },
  { on: 'EXECUTION_NOTICE', from: ['EFFECTIVE'], to: 'DOCS_SENT', set: noticeFacts },
  { on: 'EXECUTION_NOTICE', from: ['DOCS_SENT'], to: STAY },
  { on: 'CC_NOTICE', from: OPEN, to: 'DOCS_SENT', via: ['EFFECTIVE'], set: () => CC },
  { on: 'CC_NOTICE', from: ['EFFECTIVE'], to: 'DOCS_SENT', set: () => CC },
  { on: 'CC_NOTICE', from: ['DOCS_SENT'], to: STAY },
  { on: 'CC_DOCUMENTS', from: OPEN, to: 'DOCS_SENT', via: ['EFFECTIVE'], set: () => ({ ...CC, ccDocumentsSent: true }) },
  { on: 'CC_DOCUMENTS', from: ['EFFECTIVE'], to: 'DOCS_SENT', set: () => ({ ...CC, ccDocumentsSent: true }) },
  {
    on: 'CC_DOCUMENTS',
    from: ['DOCS_SENT', 'RECEIPT_CONFIRMED', 'CC_AWAIT_REPORT', 'REPORTED', 'REPORT_OVERDUE'],
    to: STAY,
    set: () => ({ ccDocumentsSent: true }),
  },
  ...receiptRows,
  // The receipt does not tell the branch: wait in RECEIPT_CONFIRMED for the next step to show it.
  { on: 'EXECUTION_RECEIPT', from: ['DOCS_SENT'], to: 'RECEIPT_CONFIRMED' },
  { on: 'CC_RECEIPT', from: ['DOCS_SENT'], to: 'CC_AWAIT_REPORT', via: ['RECEIPT_CONFIRMED'], set: () => ({ branch: 'COMMUNITY_CORRECTIONS' }) },
  { on: 'CC_RECEIPT', from: ['RECEIPT_CONFIRMED'], to: 'CC_AWAIT_REPORT', set: () => ({ branch: 'COMMUNITY_CORRECTIONS' }) },
  { on: 'PRISONER_TRANSFER', from: ['RECEIPT_CONFIRMED'], to: 'PRISON_TRANSFER', set: () => ({ branch: 'PRISON' }) },
  { on: 'PRISONER_TRANSFER', from: ['PRISON_TRANSFER'], to: STAY },
  { on: 'ADMISSION_NOTICE', from: ['PRISON_TRANSFER'], to: 'ADMITTED' },
  { on: 'CC_REPORTED', from: ['CC_AWAIT_REPORT', 'REPORT_OVERDUE', 'RECEIPT_CONFIRMED'], to: 'REPORTED' },
  { on: 'CC_NOT_REPORTED', from: ['CC_AWAIT_REPORT', 'RECEIPT_CONFIRMED'], to: 'REPORT_OVERDUE' },
];

export const EXECUTION_HANDOVER: ProcessDefinition<ExecutionHandoverState> = {
  process: 'EXECUTION_HANDOVER',
  states: EXECUTION_HANDOVER_STATES,
  initial: ['EFFECTIVE', 'DOCS_SENT'],
  terminal: ['ADMITTED', 'EXECUTING_IN_DC', 'REPORTED', 'RELEASED', 'FINE_ENFORCEMENT', 'CLOSED'],
  transitions,
  internal: [
    {
      event: 'REPORT_DEADLINE_PASSED',
      from: ['CC_AWAIT_REPORT'],
      to: 'REPORT_OVERDUE',
      en: 'the offender did not report within the period (C17)',
      zh: '社区矫正对象未在期限内报到',
    },
    {
      event: 'EXECUTION_CLOSED',
      from: ['ADMITTED', 'EXECUTING_IN_DC', 'REPORTED', 'REPORT_OVERDUE', 'RELEASED', 'FINE_ENFORCEMENT'],
      to: 'CLOSED',
      en: 'the hand-over for execution is complete',
      zh: '交付执行完毕',
    },
  ],
};
