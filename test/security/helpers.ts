import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agency } from '../../standard/codes/agencies';
import type { MessageType } from '../../standard/codes/message-types';
import type { UnifiedMessage } from '../../standard/schema/message';
import { assertBuilt } from '../support/build';
import { org } from '../support/messages';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const arrestRequest = JSON.parse(readFileSync(new URL('../fixtures/unified/psb-arrest-request.json', import.meta.url), 'utf8')) as UnifiedMessage;

export { org };

/** A copy of the PSB arrest request turned into another type/route, with optional extra fields. */
export function messageOf(
  type: MessageType,
  process: UnifiedMessage['process'],
  from: UnifiedMessage['sender'],
  to: UnifiedMessage['receiver'],
  payload: Record<string, unknown> = {},
  extra: Partial<UnifiedMessage> = {},
): UnifiedMessage {
  const base = structuredClone(arrestRequest) as unknown as Record<string, unknown>;
  return { ...base, messageType: type, process, sender: from, receiver: to, payload, ...extra } as unknown as UnifiedMessage;
}

/** A judgment with victims, a lawyer and facts: the richest personal data the standard carries. */
export function richJudgment(receiver: Agency, division = '440105'): UnifiedMessage {
  const message = messageOf('JUDGMENT', 'FIRST_INSTANCE_TRIAL', org('COURT', '440105'), org(receiver, division), {
    verdict: 'CONVICTED',
    sentence: { principal: 'FIXED_TERM', termMonths: 8 },
    recommendationAdopted: true,
  });
  message.persons = [
    { ...arrestRequest.persons[0]!, role: 'DEFENDANT' },
    {
      role: 'VICTIM',
      name: '李四',
      gender: '1',
      birthDate: '1985-06-15',
      ethnicity: '01',
      idType: 'RESIDENT_ID',
      idNumber: '440111198506150077',
      address: '广州市白云区机场路1号',
    },
    { role: 'VICTIM', name: '王五', gender: '2', birthDate: '1949-12-31', idType: 'RESIDENT_ID', idNumber: '11010519491231002X' },
  ];
  return message;
}

const DIST_FILES = ['dist/cli/main.js', 'dist/cli/commands/audit.js', 'dist/security/audit-log.js', 'dist/security/node-red-settings.js'];

/** Checks that the run's one build (test/support/global-setup.ts) holds what these suites spawn. */
export function ensureBuilt(): void {
  assertBuilt(DIST_FILES);
}

/** Spawns `node bin/caselink.js …` (the run's build). */
export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/caselink.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
