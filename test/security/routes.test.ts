import { describe, expect, it } from 'vitest';
import { RoutePolicy, caseDivisionOf, checkRoute, type RouteVerdict } from '../../security/routes';
import { AGENCY_IDS } from '../../standard/codes/agencies';
import { MESSAGE_TYPE_IDS, MESSAGE_TYPES } from '../../standard/codes/message-types';
import { validateMessage } from '../../standard';
import { arrestRequest, messageOf, org } from './helpers';

function refused(verdict: RouteVerdict, code: string): string {
  expect(verdict).toMatchObject({ ok: false, code });
  const reason = verdict.ok ? '' : verdict.reason;
  expect(reason).toMatch(/[\u4e00-\u9fff]/); // bilingual: English (中文)
  expect(reason).toMatch(/^[\x20-\x7e]/);
  return reason;
}

describe('route matrix (sender agency × message type × receiver agency)', () => {
  it('is built from MESSAGE_TYPES from/to, route for route', () => {
    const policy = new RoutePolicy();
    let count = 0;
    for (const type of MESSAGE_TYPE_IDS) {
      for (const sender of AGENCY_IDS) {
        for (const receiver of AGENCY_IDS) {
          const expected = (MESSAGE_TYPES[type].from as readonly string[]).includes(sender) && (MESSAGE_TYPES[type].to as readonly string[]).includes(receiver);
          expect(policy.allows(sender, type, receiver)).toBe(expected);
          if (expected) count++;
        }
      }
    }
    expect(policy.triples()).toHaveLength(count);
  });

  it('lets the sample arrest request through', () => {
    expect(validateMessage(arrestRequest).ok).toBe(true);
    expect(checkRoute(arrestRequest, { channel: { system: 'psb-440105', division: '440105' } })).toEqual({ ok: true });
  });

  it('refuses an unauthorised route with a clear code', () => {
    const toCourt = { ...arrestRequest, receiver: org('COURT', '440105') };
    expect(refused(checkRoute(toCourt), 'RECEIVER_NOT_ALLOWED')).toMatch(/ARREST_REQUEST from PSB may not go to COURT \(receivers allowed: PROCURATORATE\)/);
    const fromLac = messageOf('ARREST_APPROVAL', 'ARREST_REVIEW', org('LEGAL_AID_CENTER', '440105'), org('PSB', '440105'), { decision: 'APPROVED' });
    expect(refused(checkRoute(fromLac), 'SENDER_NOT_ALLOWED')).toMatch(/LEGAL_AID_CENTER may not send ARREST_APPROVAL.*PROCURATORATE/);
  });

  it('binds the sender to the authenticated channel', () => {
    const spoofed = messageOf('ARREST_APPROVAL', 'ARREST_REVIEW', org('PROCURATORATE', '440105'), org('PSB', '440105'), { decision: 'APPROVED' });
    expect(checkRoute(spoofed, { channel: { system: 'procuratorate' } })).toEqual({ ok: true });
    refused(checkRoute(spoofed, { channel: { system: 'psb' } }), 'CHANNEL_MISMATCH');
    refused(checkRoute(arrestRequest, { channel: { system: 'psb-440111', division: '440111' } }), 'CHANNEL_MISMATCH');
    // the PSB system also speaks for the detention centre
    const receipt = messageOf('EXECUTION_RECEIPT', 'EXECUTION_HANDOVER', org('DETENTION_CENTER', '440105'), org('COURT', '440105'));
    expect(checkRoute(receipt, { channel: { system: 'psb', division: '440105' } })).toEqual({ ok: true });
  });

  it('can be adjusted by configuration (types, allow, deny)', () => {
    const policy = new RoutePolicy({
      allow: [['PSB', 'ARREST_REQUEST', 'COURT']],
      deny: [['PSB', 'ARREST_REQUEST', 'PROCURATORATE']],
      types: { JUDGMENT: { to: ['PROCURATORATE'] } },
    });
    expect(policy.allows('PSB', 'ARREST_REQUEST', 'COURT')).toBe(true);
    expect(refused(checkRoute(arrestRequest, {}, policy), 'RECEIVER_NOT_ALLOWED')).toMatch(/receivers allowed: COURT/);
    refused(checkRoute({ ...arrestRequest, sender: org('COURT', '440105') }, {}, policy), 'SENDER_NOT_ALLOWED');
    expect(policy.allows('COURT', 'JUDGMENT', 'PSB')).toBe(false);
  });
});

describe('district rules', () => {
  const baiyunPsb = { ...arrestRequest, sender: org('PSB', '440111') };

  it('refuses a sender outside the case district unless a jurisdiction transfer exists', () => {
    expect(refused(checkRoute(baiyunPsb), 'SENDER_DISTRICT_MISMATCH')).toMatch(/440111010000 is in district 440111, the case belongs to 440105.*改变管辖/);
    expect(checkRoute(baiyunPsb, { jurisdictionTransfer: true })).toEqual({ ok: true });
    // a transfer adds the new district; the original stays allowed
    expect(checkRoute(baiyunPsb, { jurisdictionTransfer: ['440111'] })).toEqual({ ok: true });
    refused(checkRoute({ ...arrestRequest, receiver: org('PROCURATORATE', '440115') }), 'RECEIVER_DISTRICT_MISMATCH');
    const transferred = { ...baiyunPsb, receiver: org('PROCURATORATE', '440111') };
    expect(checkRoute(transferred, { jurisdictionTransfer: ['440111'] })).toEqual({ ok: true });
    expect(checkRoute(transferred, { jurisdictionTransfer: (m) => (m.caseUid === undefined ? ['440111'] : false) })).toEqual({ ok: true });
    refused(checkRoute(transferred, { jurisdictionTransfer: ['440115'] }), 'SENDER_DISTRICT_MISMATCH');
    refused(checkRoute(transferred, { jurisdictionTransfer: false }), 'SENDER_DISTRICT_MISMATCH');
  });

  it('takes the case district from case.crimeDivision, else the caseUid, mapping 440116 to 440112', () => {
    const noDivision = structuredClone(arrestRequest);
    delete noDivision.case.crimeDivision;
    refused(checkRoute(noDivision), 'CASE_DIVISION_UNKNOWN');
    expect(checkRoute(noDivision, {}, new RoutePolicy({ unknownCaseDivision: 'allow' }))).toEqual({ ok: true });
    noDivision.caseUid = 'GZ-440116-2022-000001';
    expect(caseDivisionOf(noDivision)).toBe('440112');
    refused(checkRoute(noDivision), 'SENDER_DISTRICT_MISMATCH');
    const huangpu = { ...noDivision, sender: org('PSB', '440116'), receiver: org('PROCURATORATE', '440112') };
    expect(checkRoute(huangpu)).toEqual({ ok: true });
  });

  it('lets the detention centre, the prison and community corrections sit in other districts', () => {
    const custody = messageOf('CUSTODY_TRANSFER', 'PROSECUTION_REVIEW', org('PROCURATORATE', '440105'), org('DETENTION_CENTER', '440111'));
    expect(checkRoute(custody)).toEqual({ ok: true });
    const toPrison = messageOf('EXECUTION_NOTICE', 'EXECUTION_HANDOVER', org('COURT', '440105'), {
      agency: 'PRISON',
      division: '440000',
      orgCode: '440000050000',
    });
    expect(checkRoute(toPrison)).toEqual({ ok: true });
    const admission = messageOf(
      'ADMISSION_NOTICE',
      'EXECUTION_HANDOVER',
      { agency: 'PRISON', division: '440000', orgCode: '440000050000' },
      org('COURT', '440105'),
    );
    expect(checkRoute(admission)).toEqual({ ok: true });
    // but the court sending them must still be the case's
    refused(checkRoute({ ...custody, sender: org('PROCURATORATE', '440115') }), 'SENDER_DISTRICT_MISMATCH');
  });

  it('sends community corrections by the offender residence', () => {
    const notice = (division: string) =>
      messageOf('CC_NOTICE', 'EXECUTION_HANDOVER', org('COURT', '440105'), org('COMMUNITY_CORRECTIONS', division), {
        residenceDivision: '440111',
        probationMonths: 12,
      });
    expect(validateMessage(notice('440111')).ok).toBe(true);
    expect(checkRoute(notice('440111'))).toEqual({ ok: true });
    refused(checkRoute(notice('440115')), 'RESIDENCE_DISTRICT_MISMATCH');
    const reported = messageOf('CC_REPORTED', 'EXECUTION_HANDOVER', org('COMMUNITY_CORRECTIONS', '440111'), org('COURT', '440105'), {
      residenceDivision: '440111',
    });
    expect(checkRoute(reported)).toEqual({ ok: true });
  });

  it('knows the messages whose other end is by nature elsewhere (transfer, higher procuratorate review)', () => {
    const transfer = messageOf('JURISDICTION_TRANSFER', 'PROSECUTION_REVIEW', org('PROCURATORATE', '440105'), org('PROCURATORATE', '440111'), {
      toOrgCode: '440111020000',
    });
    expect(checkRoute(transfer)).toEqual({ ok: true });
    const review = messageOf('REVIEW_REQUEST', 'ARREST_REVIEW', org('PSB', '440105'), org('PROCURATORATE', '440100'));
    expect(checkRoute(review)).toEqual({ ok: true });
    const decision = messageOf('REVIEW_DECISION', 'ARREST_REVIEW', org('PROCURATORATE', '440100'), org('PSB', '440105'), { outcome: 'UPHELD' });
    expect(checkRoute(decision)).toEqual({ ok: true });
    // special units configured by org code
    const metro = { ...arrestRequest, sender: org('PSB', '440199') };
    refused(checkRoute(metro), 'SENDER_DISTRICT_MISMATCH');
    expect(checkRoute(metro, {}, new RoutePolicy({ districtExemptOrgCodes: ['440199010000'] }))).toEqual({ ok: true });
  });
});
