import { describe, expect, it } from 'vitest';
import { OUT_OF_PILOT, PRISON_GATEWAY, parseOverrides, routeMessage } from '../../routing/router';
import { directoryDestinations } from '../../routing/systems';
import { builtinDirectory } from '../../directory';
import { demoCase } from '../../demo/demo-case';
import type { UnifiedMessage } from '../../standard/schema/message';

const steps = demoCase('440105', 1);
const byType = (type: string) => structuredClone(steps.find((s) => s.message.messageType === type)!.message) as UnifiedMessage;

describe('routeMessage', () => {
  it('sends a message to the system serving its receiver’s agency and district', () => {
    expect(routeMessage(byType('ARREST_REQUEST'))).toMatchObject({ ok: true, destination: 'procuratorate-440105', rule: 'receiver' });
    expect(routeMessage(byType('LEGAL_AID_NOTICE'))).toMatchObject({ ok: true, destination: 'justice-440105' });
    expect(routeMessage(byType('INDICTMENT'))).toMatchObject({ ok: true, destination: 'court-440105' });
  });

  it('maps the former Luogang district 440116 to Huangpu 440112', () => {
    const m = byType('ARREST_REQUEST');
    m.receiver = { agency: 'PROCURATORATE', division: '440116', orgCode: '440116020000' };
    expect(routeMessage(m)).toMatchObject({ destination: 'procuratorate-440112', receiver: { division: '440112', orgCode: '440112020000' } });
  });

  it('chooses the detention centre where the person is held', () => {
    const m = byType('EXECUTION_NOTICE');
    m.receiver = { agency: 'DETENTION_CENTER', division: '440111', orgCode: '440111050000' };
    expect(routeMessage(m)).toMatchObject({ destination: 'psb-440105', rule: 'custody-place', receiver: { orgCode: '440105050000' } });
    m.persons[0]!.custody = { measure: 'ARRESTED', place: '广州市第一看守所' };
    expect(routeMessage(m)).toMatchObject({ destination: 'psb-440111', rule: 'receiver' });
  });

  it('chooses community corrections by residence; outside the pilot it is the manual channel', () => {
    const m = byType('EXECUTION_NOTICE') as UnifiedMessage & { payload: Record<string, unknown> };
    const cc = {
      ...m,
      messageType: 'CC_NOTICE',
      receiver: { agency: 'COMMUNITY_CORRECTIONS', division: '440105', orgCode: '440105060000' },
      payload: { residenceDivision: '440115' },
    } as unknown as UnifiedMessage;
    expect(routeMessage(cc)).toMatchObject({ destination: 'justice-440115', rule: 'residence', receiver: { orgCode: '440115060000' } });
    (cc.payload as unknown as { residenceDivision: string }).residenceDivision = '440106';
    expect(routeMessage(cc)).toMatchObject({ destination: OUT_OF_PILOT, rule: 'out-of-pilot' });
  });

  it('reaches prisons through the provincial gateway and other districts through the manual channel', () => {
    const m = byType('EXECUTION_NOTICE');
    m.receiver = { agency: 'PRISON', division: '440000', orgCode: '440000010000' } as never;
    expect(routeMessage(m)).toMatchObject({ destination: PRISON_GATEWAY });
    // Standard 1.1: a prison named by its unit code (统一社会信用代码) from the org directory.
    const prison = { agency: 'PRISON' as const, division: '440000', orgCode: '11440000MB2C93700T' };
    m.receiver = prison;
    expect(routeMessage(m)).toEqual({ ok: true, destination: PRISON_GATEWAY, receiver: prison, rule: 'prison-gateway' });
    const other = byType('ARREST_REQUEST');
    other.receiver = { agency: 'PROCURATORATE', division: '440106', orgCode: '440106020000' };
    expect(routeMessage(other)).toMatchObject({ destination: OUT_OF_PILOT });
  });

  it('applies overrides first', () => {
    expect(routeMessage(byType('ARREST_REQUEST'), { overrides: { '440105020000': 'proc-special' } })).toMatchObject({
      destination: 'proc-special',
      rule: 'override',
    });
  });

  it('refuses, when asked, a sender from outside the case’s district unless it is a jurisdiction transfer', () => {
    const m = byType('ARREST_REQUEST');
    m.case.crimeDivision = '440111';
    expect(routeMessage(m)).toMatchObject({ ok: true });
    const refused = routeMessage(m, { rejectForeignSender: true });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/crime division 440111.*案发地/);
    expect(routeMessage(m, { rejectForeignSender: true, transferred: () => true })).toMatchObject({ ok: true });
  });
});

describe('parseOverrides', () => {
  it('reads lines and names every bad one', () => {
    expect(parseOverrides('# metro police\n440105019900 = psb-metro\n\n440111030000: court-airport')).toEqual({
      overrides: { '440105019900': 'psb-metro', '440111030000': 'court-airport' },
      errors: [],
    });
    const { errors } = parseOverrides('4401 = x\n440105019900 = has space');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/line 1.*第1行/);
  });
});

describe('systems', () => {
  it('lists sixteen pilot destinations and what each instance serves', () => {
    const directory = builtinDirectory();
    expect(directoryDestinations(directory)).toHaveLength(16);
    expect(directory.instance('psb-440112')?.serves).toEqual(['440112010000', '440112050000']);
    expect(directory.instance('justice-440115')?.serves).toEqual(['440115040000', '440115060000']);
  });
});
