import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agency } from '../../standard/codes/agencies';
import type { MessageType } from '../../standard/codes/message-types';
import type { UnifiedMessage } from '../../standard/schema/message';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const arrestRequest = JSON.parse(
  readFileSync(new URL('../fixtures/unified/psb-arrest-request.json', import.meta.url), 'utf8'),
) as UnifiedMessage;

const AGENCY_TYPE: Record<Agency, string> = {
  PSB: '01',
  PROCURATORATE: '02',
  COURT: '03',
  LEGAL_AID_CENTER: '04',
  DETENTION_CENTER: '05',
  COMMUNITY_CORRECTIONS: '06',
  PRISON: '05',
};

export function org(agency: Agency, division: string): UnifiedMessage['sender'] {
  return { agency, division, orgCode: `${division}${AGENCY_TYPE[agency]}0000` };
}

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

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const DIST_FILES = ['dist/cli/main.js', 'dist/cli/commands/audit.js', 'dist/security/audit-log.js', 'dist/security/node-red-settings.js'];
const BUILD_LOCK = join(tmpdir(), 'caselink-security-tests-build.lock');

function sleep(seconds: number): void {
  spawnSync('sleep', [String(seconds)]);
}

/** Waits while another build (scripts/build.js empties dist/ first) is under way. */
function waitForDist(ms: number): boolean {
  const until = Date.now() + ms;
  while (!DIST_FILES.every((file) => existsSync(join(ROOT, file)))) {
    if (Date.now() > until) return false;
    sleep(0.5);
  }
  return true;
}

function distIsFresh(): boolean {
  const target = join(ROOT, 'dist/cli/commands/audit.js');
  const sources = Math.max(newestMtime(join(ROOT, 'security')), statSync(join(ROOT, 'cli/commands/audit.ts')).mtimeMs, statSync(join(ROOT, 'cli/main.ts')).mtimeMs);
  return existsSync(target) && statSync(target).mtimeMs >= sources;
}

/**
 * Runs `node scripts/build.js` unless dist/ already holds a build newer than the CLI and
 * security sources (under `npm test` the build has just run: no rebuild while other suites
 * read dist/). One build at a time among these suites; a build someone else started is awaited.
 * tsc emits even when another area has type errors, so what matters is our output.
 */
export function ensureBuilt(): void {
  if (waitForDist(90_000) && distIsFresh()) return;
  try {
    if (existsSync(BUILD_LOCK) && Date.now() - statSync(BUILD_LOCK).mtimeMs > 300_000) rmSync(BUILD_LOCK, { recursive: true, force: true });
    mkdirSync(BUILD_LOCK);
  } catch {
    const until = Date.now() + 120_000;
    while (existsSync(BUILD_LOCK) && Date.now() < until) sleep(0.5);
    if (waitForDist(90_000) && distIsFresh()) return;
    throw new Error('another build of the security tests did not finish');
  }
  try {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js')], { cwd: ROOT, encoding: 'utf8' });
    if (!DIST_FILES.every((file) => existsSync(join(ROOT, file)))) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/**
 * Spawns `node bin/caselink.js …`. Another `scripts/build.js` run (it empties dist/ first) may be
 * under way in a shared checkout: wait for dist/ to be back, and try again if it vanished mid-run.
 */
export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  for (let attempt = 1; ; attempt++) {
    waitForDist(90_000);
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/caselink.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    const vanished = /Cannot find module '[^']*dist\//.test(result.stderr);
    if (!vanished || attempt === 3) return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
}
