/**
 * `caselink validate FILE.json [FILE.json …]` — checks unified messages against the standard.
 * Valid: `OK <messageId> <messageType>` on stdout. Invalid, unreadable or not JSON: every problem
 * on stderr, one per line (`FILE: path = value: reason (原因)`). Exit 0 when every file is valid, else 2.
 * `-` reads standard input.
 */
import { readFileSync } from 'node:fs';
import { formatIssue, validateMessage } from '../../standard/validate';
import type { CliIo } from '../main';

export const summary = 'check unified message JSON files against the standard (校验统一报文)';

const USAGE = `usage: caselink validate FILE.json [FILE.json …]   ("-" reads standard input)
exit 0: every file is a valid unified message; exit 2: a file is invalid, unreadable or not JSON.
`;

const EXIT_INVALID = 2;

type Loaded = { ok: true; value: unknown } | { ok: false; reason: string };

function readProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file (文件不存在)';
    case 'EISDIR':
      return 'is a directory, not a file (是目录而不是文件)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (无读取权限)';
    default:
      return `${error.message} (无法读取文件)`;
  }
}

function load(file: string): Loaded {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot read the file: ${readProblem(error as NodeJS.ErrnoException)}` };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    return { ok: false, reason: `is not valid JSON: ${(error as Error).message} (不是有效的JSON)` };
  }
}

function check(file: string, io: CliIo, many: boolean): boolean {
  const name = file === '-' ? '(stdin)' : file;
  const loaded = load(file);
  if (!loaded.ok) {
    io.stderr(`${name}: ${loaded.reason}\n`);
    return false;
  }
  const result = validateMessage(loaded.value);
  if (result.ok) {
    io.stdout(`OK ${result.message.messageId} ${result.message.messageType}${many ? ` ${name}` : ''}\n`);
    return true;
  }
  for (const issue of result.issues) io.stderr(`${name}: ${formatIssue(issue)}\n`);
  const count = result.issues.length;
  io.stderr(`${name}: ${count} problem${count === 1 ? '' : 's'}, not a valid unified message (${count}处问题，不是有效的统一报文)\n`);
  return false;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const unknown = args.find((arg) => arg.startsWith('-') && arg !== '-');
  if (unknown !== undefined) {
    io.stderr(`caselink validate: unknown option ${unknown} (未知选项)\n${USAGE}`);
    return EXIT_INVALID;
  }
  if (args.length === 0) {
    io.stderr(`caselink validate: no file given (未指定文件)\n${USAGE}`);
    return EXIT_INVALID;
  }
  let allValid = true;
  for (const file of args) allValid = check(file, io, args.length > 1) && allValid;
  return allValid ? 0 : EXIT_INVALID;
}
