/** How every command refuses its arguments: one bilingual reason, then its usage, on stderr; exit code 2. */
import type { CliIo } from './main';

export const EXIT_USAGE = 2;

/** Writes `caselink <command>: <reason>` and the usage to stderr; returns the exit code. */
export function refuseArgs(io: CliIo, command: string, reason: string, usage: string): number {
  io.stderr(`caselink ${command}: ${reason}\n${usage}`);
  return EXIT_USAGE;
}
