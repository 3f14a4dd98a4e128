import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CURRENT_STANDARD_VERSION,
  MESSAGE_TYPE_IDS,
  MESSAGE_TYPES,
  PAYLOAD_SCHEMAS,
  PROCESS_IDS,
  SUPPORTED_STANDARD_VERSIONS,
  validateMessage,
  type FieldIssue,
} from '../../standard';

const FIXTURES = new URL('../fixtures/unified/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));
const psb = load('psb-arrest-request.json');
const lawyer = load('justice-lawyer-assignment.json');
const indictment = load('court-receive-indictment.json');

function issuesOf(message: unknown): FieldIssue[] {
  const result = validateMessage(message);
  return result.ok ? [] : result.issues;
}

/** Sets `extra: 1` on the object at `path` (dot/bracket-free key list). */
function withUnknownKey(message: unknown, path: Array<string | number>) {
  const copy = structuredClone(message) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path) target = target[key] as Record<string | number, unknown>;
  target.extra = 1;
  return copy;
}

const UNKNOWN = 'unknown field, not part of the standard (未知字段，不属于统一标准)';

describe('strict objects: an unknown key at any level is an error naming it', () => {
  const cases: Array<[string, unknown, Array<string | number>, string]> = [
    ['envelope', psb, [], 'extra'],
    ['case', psb, ['case'], 'case.extra'],
    ['case.charge', psb, ['case', 'charge'], 'case.charge.extra'],
    ['sender', psb, ['sender'], 'sender.extra'],
    ['receiver', psb, ['receiver'], 'receiver.extra'],
    ['localCaseNumbers[0]', psb, ['localCaseNumbers', 0], 'localCaseNumbers[0].extra'],
    ['persons[0]', psb, ['persons', 0], 'persons[0].extra'],
    ['persons[0].custody', psb, ['persons', 0, 'custody'], 'persons[0].custody.extra'],
    ['documents[0]', psb, ['documents', 0], 'documents[0].extra'],
    ['documents[0].attachments[0]', psb, ['documents', 0, 'attachments', 0], 'documents[0].attachments[0].extra'],
    ['payload', psb, ['payload'], 'payload.extra'],
    ['payload.lawyer', lawyer, ['payload', 'lawyer'], 'payload.lawyer.extra'],
  ];
  it.each(cases)('%s', (_label, message, at, path) => {
    expect(issuesOf(withUnknownKey(message, at))).toEqual([{ path, value: 1, reason: UNKNOWN }]);
  });

  it('reports each unknown key of one object separately, nested objects in sentencing too', () => {
    const message = structuredClone(indictment);
    message.payload = {
      sentencingRecommendation: { principal: 'FIXED_TERM', kind: 'RANGE', range: { min: 6, max: 8, avg: 7 } },
      colour: 'red',
      size: 2,
    };
    expect(
      issuesOf(message)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['payload.colour', 'payload.sentencingRecommendation.range.avg', 'payload.size']);
  });
});

describe('payload is a discriminated union on messageType', () => {
  it('checks the payload against its own type: a wrong payload errors at payload.<field>', () => {
    const asApproval = { ...structuredClone(psb), messageType: 'ARREST_APPROVAL' };
    expect(issuesOf(asApproval)).toEqual([{ path: 'payload.decision', value: undefined, reason: 'is required (必填字段缺失)' }]);
    asApproval.payload = { decision: 'NOT_APPROVED' };
    expect(issuesOf(asApproval)).toEqual([{ path: 'payload.decision', value: 'NOT_APPROVED', reason: 'must be "APPROVED" (应为 "APPROVED")' }]);
    asApproval.payload = { decision: 'APPROVED', aidType: 'DUTY_LAWYER' };
    expect(issuesOf(asApproval)).toEqual([{ path: 'payload.aidType', value: 'DUTY_LAWYER', reason: UNKNOWN }]);
  });

  it('accepts an empty payload exactly for the types without required payload fields', () => {
    for (const type of MESSAGE_TYPE_IDS) {
      const message = { ...structuredClone(psb), standardVersion: '1.1', messageType: type, process: MESSAGE_TYPES[type].processes[0], payload: {} };
      const required = Object.entries(PAYLOAD_SCHEMAS[type].shape)
        .filter(([, field]) => !(field as { safeParse(v: unknown): { success: boolean } }).safeParse(undefined).success)
        .map(([name]) => `payload.${name}`);
      expect(
        issuesOf(message).map((i) => i.path),
        type,
      ).toEqual(required);
    }
  });

  it('names an unknown or missing messageType', () => {
    const unknown = issuesOf({ ...psb, messageType: 'ARREST_PLEASE' });
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ path: 'messageType', value: 'ARREST_PLEASE' });
    expect(unknown[0]!.reason).toMatch(/^is not a known message type \(one of ARREST_REQUEST, .*\) \(不是已知报文类型\)$/);
    const { messageType: _dropped, ...missing } = psb;
    expect(issuesOf(missing)).toEqual([{ path: 'messageType', value: undefined, reason: 'is required (必填字段缺失)' }]);
  });
});

describe('process must match messageType', () => {
  it('accepts every listed process and refuses every other one, at `process`', () => {
    for (const type of MESSAGE_TYPE_IDS) {
      const allowed = MESSAGE_TYPES[type].processes as readonly string[];
      for (const process of PROCESS_IDS) {
        const message = {
          ...structuredClone(psb),
          standardVersion: '1.1',
          messageType: type,
          process,
          payload: type === 'ARREST_REQUEST' ? {} : validPayload(type),
        };
        const issues = issuesOf(message);
        if (allowed.includes(process)) {
          expect(issues, `${type} ${process}`).toEqual([]);
        } else {
          expect(issues, `${type} ${process}`).toEqual([
            {
              path: 'process',
              value: process,
              reason: `does not match messageType ${type} (expected ${allowed.join(' or ')}) (与报文类型${type}不符，应为${allowed.join('或')})`,
            },
          ]);
        }
      }
    }
  });

  it('still reports the process mismatch next to other errors', () => {
    const message = { ...structuredClone(psb), process: 'LEGAL_AID' };
    message.persons[0].name = '';
    expect(issuesOf(message).map((i) => i.path)).toEqual(['persons[0].name', 'process']);
    delete message.sentAt;
    delete message.case;
    expect(issuesOf(message).map((i) => i.path)).toEqual(['sentAt', 'case', 'persons[0].name', 'process']);
  });
});

/** The smallest payload each type accepts. */
function validPayload(type: (typeof MESSAGE_TYPE_IDS)[number]): Record<string, unknown> {
  const minimal: Partial<Record<(typeof MESSAGE_TYPE_IDS)[number], Record<string, unknown>>> = {
    ARREST_APPROVAL: { decision: 'APPROVED' },
    ARREST_DENIAL: { decision: 'NOT_APPROVED' },
    RECONSIDERATION_DECISION: { outcome: 'UPHELD' },
    REVIEW_DECISION: { outcome: 'REVERSED' },
    SUPP_INV_RETURN: { decision: 'RETURN_FOR_SUPP_INV' },
    REVIEW_EXTENSION: { newDeadline: '2023-01-20' },
    NON_PROSECUTION_DECISION: { decision: 'NON_PROSECUTE' },
    PROCEDURE_CONVERSION: { newProcedure: 'SIMPLIFIED' },
    DEADLINE_EXTENSION: { clock: 'C4', basis: 'CPL156' },
    SECOND_INSTANCE_DECISION: { form: 'RULING', outcome: 'UPHELD' },
    TRIAL_POSTPONEMENT: { ground: 'SUPP_INV' },
    LEGAL_AID_OBJECTION_DECISION: { outcome: 'UPHELD' },
  };
  return minimal[type] ?? {};
}

describe('standardVersion', () => {
  it('is on every fixture; the pilot fixtures stay standard 1.0 messages and still validate', () => {
    expect(CURRENT_STANDARD_VERSION).toBe('1.1');
    expect(SUPPORTED_STANDARD_VERSIONS).toEqual(['1.0', '1.1']);
    const names = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      expect(load(name).standardVersion, name).toBe('1.0');
      expect(issuesOf(load(name)), name).toEqual([]);
    }
  });

  it('refuses an unsupported version with one clear reason, whatever else the message holds', () => {
    for (const version of ['2.0', '1', '1.0.0', 1, 1.0, null, '']) {
      const message = { ...structuredClone(psb), standardVersion: version, somethingFromTheFuture: true };
      expect(issuesOf(message), String(version)).toEqual([
        {
          path: 'standardVersion',
          value: version,
          reason: 'is not a supported standard version (supported: 1.0, 1.1) (不是受支持的标准版本（支持：1.0、1.1）)',
        },
      ]);
    }
  });

  it('is required', () => {
    const { standardVersion: _dropped, ...missing } = psb;
    expect(issuesOf(missing)).toEqual([{ path: 'standardVersion', value: undefined, reason: 'is required (必填字段缺失)' }]);
  });
});
