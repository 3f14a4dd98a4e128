/**
 * `caselink map --system <psb|procuratorate|court|justice> FILE [--content-type TYPE]`
 * Reads one legacy body (a pushed message or an outbox page) and prints each unified message as
 * one JSON line. Exit 0 when everything mapped (warnings go to stderr); exit 2 with every error
 * on stderr, named by its legacy field, when anything could not be read or mapped.
 */
import { readFileSync } from 'node:fs';
import { formatIssue, MappingError, type MappingIssue } from '../../adapters/shared/issues';
import type { Headers } from '../../adapters/types';
import type { CliIo } from '../main';
import { refuseArgs } from '../refusal';
import { fileArgument, flag, parseArgs, systemOf } from '../legacy-options';

export const summary = 'map a legacy message file to unified JSON lines (旧系统报文转统一标准)';

const USAGE = 'usage: caselink map --system <psb|procuratorate|court|justice> FILE [--content-type TYPE]\n';

const line = (kind: string, issue: MappingIssue, id?: string): string => `${kind}${id ? ` [${id}]` : ''}: ${formatIssue(issue)}\n`;

export async function run(args: string[], io: CliIo): Promise<number> {
  let adapter;
  let file: string | undefined;
  let contentType: string | undefined;
  try {
    const parsed = parseArgs(args, ['help']);
    if (parsed.flags.help) {
      io.stdout(USAGE);
      return 0;
    }
    adapter = systemOf(parsed);
    file = fileArgument(parsed, 'FILE');
    contentType = flag(parsed, 'content-type');
  } catch (error) {
    return refuseArgs(io, 'map', (error as Error).message, USAGE);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    io.stderr(`caselink map: cannot read ${file}: ${(error as Error).message} (无法读取文件)\n`);
    return 2;
  }
  const headers: Headers = contentType ? { 'content-type': contentType } : {};
  try {
    const result = adapter.codec.decode(bytes, headers);
    for (const decoded of result.messages) {
      io.stdout(`${JSON.stringify(decoded.message)}\n`);
      for (const warning of decoded.warnings) io.stderr(line('warning (警告)', warning, decoded.message.messageId));
    }
    for (const rejected of result.rejected) {
      for (const issue of rejected.issues) io.stderr(line('error (错误)', issue, rejected.legacyId));
    }
    if (result.nextCursor !== undefined) io.stderr(`next cursor (下一游标): ${result.nextCursor}\n`);
    return result.rejected.length > 0 ? 2 : 0;
  } catch (error) {
    if (error instanceof MappingError) {
      for (const issue of error.issues) io.stderr(line('error (错误)', issue));
    } else {
      io.stderr(`caselink map: ${(error as Error).message}\n`);
    }
    return 2;
  }
}
