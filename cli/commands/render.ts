/**
 * `caselink render --system S FILE.json [--headers] [--out FILE] [--token T] [--app-id ID] [--secret S]`
 * Encodes one unified message into the legacy system's exact bytes (GBK for the PSB) on stdout
 * (or --out). `--headers` prints the request line and headers to stderr. Credentials come from the
 * flags, else CASELINK_<SYSTEM>_TOKEN / _APP_ID / _SECRET, else the documented demo defaults.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { formatIssue, MappingError } from '../../adapters/shared/issues';
import { parseJson } from '../../adapters/shared/safe-json';
import { validateMessage } from '../../standard/validate';
import type { CliIo } from '../main';
import { refuseArgs } from '../refusal';
import { fileArgument, flag, parseArgs, resolveCredentials, systemOf } from '../legacy-options';

export const summary = 'render a unified JSON message as the legacy system expects it (统一标准转旧系统报文)';

const USAGE = 'usage: caselink render --system <psb|procuratorate|court|justice> FILE.json [--headers] [--out FILE] [--token T] [--app-id ID] [--secret S]\n';

/** An io that can take raw bytes (tests pass one; the real CLI writes to process.stdout). */
export type ByteCliIo = CliIo & { stdoutBytes?: (bytes: Buffer) => void };

export async function run(args: string[], io: ByteCliIo): Promise<number> {
  let parsed;
  let adapter;
  let kind;
  let file: string | undefined;
  try {
    parsed = parseArgs(args, ['headers', 'help']);
    if (parsed.flags.help) {
      io.stdout(USAGE);
      return 0;
    }
    adapter = systemOf(parsed);
    kind = adapter.kind;
    file = fileArgument(parsed, 'FILE.json');
  } catch (error) {
    return refuseArgs(io, 'render', (error as Error).message, USAGE);
  }
  let input: unknown;
  try {
    input = parseJson(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof MappingError) for (const issue of error.issues) io.stderr(`error (错误): ${formatIssue(issue)}\n`);
    else io.stderr(`caselink render: cannot read ${file}: ${(error as Error).message} (无法读取文件)\n`);
    return 2;
  }
  const checked = validateMessage(input);
  if (!checked.ok) {
    for (const issue of checked.issues) io.stderr(`error (错误): ${formatIssue({ field: issue.path, value: issue.value, reason: issue.reason })}\n`);
    return 2;
  }
  const { credentials, demoFields } = resolveCredentials(kind, parsed);
  if (demoFields.length > 0) io.stderr(`note: using demo credentials; set ${demoFields.join(', ')} or the flags (使用演示凭据)\n`);
  let request;
  try {
    request = adapter.codec.encode(checked.message, { credentials, now: Date.now() });
  } catch (error) {
    if (error instanceof MappingError) for (const issue of error.issues) io.stderr(`error (错误): ${formatIssue(issue)}\n`);
    else io.stderr(`caselink render: ${(error as Error).message}\n`);
    return 2;
  }
  if (parsed.flags.headers) {
    io.stderr(
      `${request.method} ${request.path}\n${Object.entries(request.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')}\n\n`,
    );
  }
  const out = flag(parsed, 'out');
  if (out) writeFileSync(out, request.body);
  else if (io.stdoutBytes) io.stdoutBytes(request.body);
  else process.stdout.write(request.body);
  return 0;
}
