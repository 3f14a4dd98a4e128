/**
 * Standard 1.1 through the adapters that carry sentences (court `<Sentence>`, justice
 * `detail.sentence`) and charges (court `@ay`, justice `case.charge`, procuratorate `aymc`, PSB
 * `AJLB`): every principal penalty out and back; what a legacy form cannot hold is an error naming
 * the field, never dropped; unknown charge names are refused naming the value.
 */
import { describe, expect, it } from 'vitest';
import { codec as courtCodec } from '../../adapters/court';
import { codec as justiceCodec } from '../../adapters/justice';
import { renderPsbXml } from '../../adapters/psb/encode';
import { MappingError } from '../../adapters/shared/issues';
import {
  CHARGE_ENTRIES,
  PRINCIPAL_PENALTY_IDS,
  sentenceProbationMonths,
  sentenceTermMonths,
  validateMessage,
  type PrincipalPenalty,
  type Sentence,
  type UnifiedMessage,
} from '../../standard';
import { codecChecks } from '../support/codec-checks';

const credentials = { appId: 'GZ-PLATFORM', secret: 'sample-secret' };
const DEFENDANT = { role: 'DEFENDANT', name: '张三', gender: '1', birthDate: '1990-01-01', idType: 'RESIDENT_ID', idNumber: '440105199001011239' };

/** A sentence each principal penalty may have, with its 1.1 fields. */
const SENTENCES: Record<PrincipalPenalty, Sentence> = {
  FIXED_TERM: { principal: 'FIXED_TERM', term: { years: 2, months: 6 }, accessories: [{ kind: 'FINE', amountYuan: 8000 }] },
  SHORT_DETENTION: { principal: 'SHORT_DETENTION', term: { months: 4 }, suspended: true, probation: { months: 6 } },
  SURVEILLANCE: { principal: 'SURVEILLANCE', term: { years: 1 } },
  LIFE_IMPRISONMENT: { principal: 'LIFE_IMPRISONMENT' },
  DEATH: { principal: 'DEATH' },
  DEATH_WITH_REPRIEVE: { principal: 'DEATH_WITH_REPRIEVE' },
  FINE_ONLY: { principal: 'FINE_ONLY', fineYuan: 5000 },
  ACCESSORY_ONLY: { principal: 'ACCESSORY_ONLY', accessories: [{ kind: 'DEPORTATION' }] },
  EXEMPTED: { principal: 'EXEMPTED' },
};

function judgment(receiver: 'PROCURATORATE' | 'COMMUNITY_CORRECTIONS', sentence: Sentence, chargeCode = 'CL263'): UnifiedMessage {
  const orgType = receiver === 'PROCURATORATE' ? '02' : '06';
  const result = validateMessage({
    standardVersion: '1.1',
    messageId: `PEN-${receiver}-${sentence.principal}-${chargeCode}`,
    messageType: 'JUDGMENT',
    process: 'FIRST_INSTANCE_TRIAL',
    caseUid: 'GZ-440105-2024-000123',
    localCaseNumbers: [{ system: 'COURT', number: '(2024)粤0105刑初123号' }],
    sender: { agency: 'COURT', division: '440105', orgCode: '440105030000' },
    receiver: { agency: receiver, division: '440105', orgCode: `440105${orgType}0000` },
    sentAt: '2024-04-22T09:00:00+08:00',
    case: { name: '张三案', charge: { code: chargeCode }, crimeDivision: '440105' },
    persons: [DEFENDANT],
    documents: [],
    payload: { verdict: 'CONVICTED', sentence },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.message;
}

const ADAPTERS = {
  court: {
    receiver: 'PROCURATORATE' as const,
    roundTrip: codecChecks(courtCodec, credentials).roundTrip,
    /** The court's vocabulary has no 免予刑事处罚 and no 单处附加刑. */
    unlabelled: ['EXEMPTED', 'ACCESSORY_ONLY'],
  },
  justice: {
    receiver: 'COMMUNITY_CORRECTIONS' as const,
    roundTrip: codecChecks(justiceCodec, credentials).roundTrip,
    unlabelled: ['ACCESSORY_ONLY'],
  },
};

const sentenceOf = (message: UnifiedMessage) => (message.payload as unknown as { sentence: Sentence }).sentence;
const meaning = (sentence: Sentence) => ({
  principal: sentence.principal,
  months: sentenceTermMonths(sentence),
  probation: sentenceProbationMonths(sentence),
  fine: sentence.fineYuan ?? sentence.accessories?.find((a) => a.kind === 'FINE')?.amountYuan,
});

function mappingProblems(run: () => unknown): Array<{ field: string }> {
  try {
    run();
  } catch (err) {
    if (err instanceof MappingError) return err.issues as Array<{ field: string }>;
    throw err;
  }
  return [];
}

describe.each(Object.entries(ADAPTERS))('%s adapter', (_name, adapter) => {
  it.each(PRINCIPAL_PENALTY_IDS)('maps %s out and back with the same meaning, or refuses it naming the field', (principal) => {
    const message = judgment(adapter.receiver, SENTENCES[principal]);
    if (adapter.unlabelled.includes(principal)) {
      expect(mappingProblems(() => adapter.roundTrip(message)).map((p) => p.field)).toContain('payload.sentence.principal');
      return;
    }
    const back = adapter.roundTrip(message);
    expect(meaning(sentenceOf(back))).toEqual(meaning(SENTENCES[principal]));
  });

  it('refuses the accessory penalties its form has no field for, naming each', () => {
    const sentence: Sentence = {
      principal: 'LIFE_IMPRISONMENT',
      accessories: [
        { kind: 'DEPRIVATION_OF_POLITICAL_RIGHTS', lifelong: true },
        { kind: 'CONFISCATION_OF_PROPERTY', wholeProperty: true },
        { kind: 'DEPORTATION' },
      ],
      noCommutationOrParole: undefined,
    };
    const fields = mappingProblems(() => adapter.roundTrip(judgment(adapter.receiver, sentence))).map((p) => p.field);
    expect(fields).toEqual(['payload.sentence.accessories[0]', 'payload.sentence.accessories[1]', 'payload.sentence.accessories[2]']);
  });

  it('refuses a term in days, which its form counts in months only', () => {
    const fields = mappingProblems(() => adapter.roundTrip(judgment(adapter.receiver, { principal: 'SHORT_DETENTION', term: { months: 1, days: 15 } }))).map(
      (p) => p.field,
    );
    expect(fields).toEqual(['payload.sentence.term']);
  });

  it('carries every charge of the table by its name, and back', () => {
    for (const entry of CHARGE_ENTRIES.filter((_, i) => i % 37 === 0)) {
      const back = adapter.roundTrip(judgment(adapter.receiver, SENTENCES.FIXED_TERM, entry.code));
      expect(back.case.charge?.code, entry.zh).toBe(entry.code === 'CL264' ? 'THEFT' : entry.code);
    }
  });
});

describe('charge names from the legacy systems', () => {
  it('refuses an unknown name, naming the value, never a default', () => {
    const message = judgment('PROCURATORATE', SENTENCES.FIXED_TERM);
    const xml = courtCodec.encode(message, { credentials, now: 1_700_000_000_000 }).body.toString('utf8').replace('ay="抢劫罪"', 'ay="打劫罪"');
    const decoded = courtCodec.decode(Buffer.from(xml, 'utf8'));
    expect(decoded.messages).toEqual([]);
    expect(JSON.stringify(decoded.rejected)).toContain('打劫罪');
    expect(JSON.stringify(decoded.rejected)).toContain('不是罪名表');
  });

  it('PSB: a charge without a JZPT case category is a mapping error naming it', () => {
    const message = validateMessage({
      standardVersion: '1.1',
      messageId: 'PSB-OUT-1',
      messageType: 'INDICTMENT',
      process: 'PUBLIC_PROSECUTION',
      localCaseNumbers: [],
      sender: { agency: 'PROCURATORATE', division: '440105', orgCode: '440105020000' },
      receiver: { agency: 'PSB', division: '440105', orgCode: '440105010000' },
      sentAt: '2024-03-25T09:00:00+08:00',
      case: { charge: { code: 'CL263' } },
      persons: [],
      documents: [],
      payload: {},
    });
    if (!message.ok) throw new Error(JSON.stringify(message.issues));
    expect(mappingProblems(() => renderPsbXml(message.message))).toEqual([expect.objectContaining({ field: 'case.charge.code', value: 'CL263' })]);
  });
});
