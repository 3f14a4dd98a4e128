import { describe, expect, it } from 'vitest';
import { builtinAdapter } from '../../adapters/builtins';
import { DIVISION_CODES } from '../../standard/codes/divisions';
import { validateMessage } from '../../standard/validate';
import { demoCase, demoStartFor } from '../../demo/demo-case';
import { applyMessage } from '../../standard/processes/apply';
import type { CaseProcessState } from '../../standard/processes/types';
import { PROCESS_DEFINITIONS } from '../../standard/processes/registry';

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

  it('as the demo traffic sends it: dated relative to now, every process the legacy interfaces can close closed', () => {
    const now = Date.now();
    for (const division of DIVISION_CODES) {
      const steps = demoCase(division, 9, { complete: true, start: demoStartFor(now, 1) });
      const last = Date.parse(steps.at(-1)!.message.sentAt);
      expect(now - last).toBeGreaterThan(0);
      expect(now - last).toBeLessThan(3 * 86_400_000);
      expect(now - Date.parse(steps[0]!.message.sentAt)).toBeLessThan(45 * 86_400_000);
      let state: CaseProcessState | undefined;
      for (const { from, to, message } of steps) {
        const checked = validateMessage(message);
        expect(checked.ok ? [] : checked.issues, message.messageId).toEqual([]);
        for (const kind of [from, to]) {
          const codec = builtinAdapter(kind).codec;
          const encoded = codec.encode(message, { credentials, now });
          expect(codec.decode(encoded.body, encoded.headers).rejected, `${message.messageType} in ${kind} format`).toEqual([]);
        }
        const applied = applyMessage(state, message);
        if (applied.ok) state = applied.state;
      }
      const processes = Object.entries(state!.processes);
      expect(processes).toHaveLength(6);
      // SERVICE_RECEIPT (to the court) and LEGAL_AID_CLOSURE have no message type in the pilot's legacy interfaces.
      const open = new Set(['FIRST_INSTANCE_TRIAL', 'LEGAL_AID']);
      for (const [key, instance] of processes) {
        const process = key.split(':')[0] as keyof typeof PROCESS_DEFINITIONS;
        const terminal = (PROCESS_DEFINITIONS[process].terminal as readonly string[]).includes(instance.state);
        expect(terminal, `${division} ${key} ends in ${instance.state}`).toBe(!open.has(process));
      }
    }
  });
});
