import { describe, expect, it } from 'vitest';
import { builtinAdapter } from '../../adapters/builtins';
import { DIVISION_CODES } from '../../standard/codes/divisions';
import { validateMessage } from '../../standard/validate';
import { demoCase } from '../../demo/demo-case';

const credentials = { token: 't', appId: 'GZ-PLATFORM', secret: 's' };

describe('demo case (guilty-plea theft through the six processes)', () => {
  for (const division of DIVISION_CODES) {
    it(`is valid and survives the sender's and the receiver's formats in ${division}`, () => {
      const steps = demoCase(division, 7);
      expect(new Set(steps.map((s) => s.message.process))).toEqual(
        new Set(['ARREST_REVIEW', 'PROSECUTION_REVIEW', 'PUBLIC_PROSECUTION', 'FIRST_INSTANCE_TRIAL', 'LEGAL_AID', 'EXECUTION_HANDOVER']),
      );
      for (const { from, to, message } of steps) {
        const checked = validateMessage(message);
        expect(checked.ok ? [] : checked.issues, message.messageId).toEqual([]);
        for (const kind of [from, to]) {
          const codec = builtinAdapter(kind).codec;
          const encoded = codec.encode(message, { credentials, now: Date.now() });
          const decoded = codec.decode(encoded.body, encoded.headers);
          expect(decoded.rejected, `${message.messageType} in ${kind} format`).toEqual([]);
          expect(decoded.messages.map((m) => [m.message.messageType, m.message.messageId])).toEqual([[message.messageType, message.messageId]]);
        }
      }
    });
  }
});
