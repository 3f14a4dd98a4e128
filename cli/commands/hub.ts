/**
 * `caselink hub [--directory FILE] [--check]` — checks an org directory file (docs/org-directory.md)
 * and prints the hub flow generated from it: every division with system instances, each instance
 * in, tracked, routed, stored and delivered. A file with `"extends": "builtin"` adds to the shipped
 * directory. Every bad entry is reported by name (exit 2).
 */
import { builtinDirectory, loadDirectoryFile } from '../../directory/load';
import { hubFlow } from '../../directory/hub-flow';
import type { CliIo } from '../main';
import { refuseArgs } from '../refusal';
import { flag, parseArgs } from '../legacy-options';

export const summary = 'check an org directory and print the hub flow for it (检查机构目录并生成中心流程)';

const USAGE = `usage: caselink hub [--directory FILE] [--check] [--prefix cl]
Checks the org directory (default: CASELINK_DIRECTORY, else the shipped one) and prints the hub
flow generated from it; --check only checks.
`;

export async function run(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, ['check', 'help']);
  } catch (error) {
    return refuseArgs(io, 'hub', (error as Error).message, USAGE);
  }
  if (parsed.flags.help) {
    io.stdout(USAGE);
    return 0;
  }
  const file = flag(parsed, 'directory') ?? env.CASELINK_DIRECTORY;
  const loaded = file ? loadDirectoryFile(file) : { ok: true as const, directory: builtinDirectory() };
  if (!loaded.ok) {
    io.stderr(`caselink hub: the org directory was refused (机构目录未通过检查):\n${loaded.errors.map((e) => `  ${e}\n`).join('')}`);
    return 2;
  }
  const directory = loaded.directory;
  if (parsed.flags.check) {
    io.stdout(
      `OK ${directory.divisions().length} divisions, ${directory.units().length} units, ${directory.instances().length} system instances (机构目录检查通过)\n`,
    );
    return 0;
  }
  const prefix = flag(parsed, 'prefix');
  io.stdout(`${JSON.stringify(hubFlow(directory, prefix ? { prefix } : {}), null, 2)}\n`);
  return 0;
}
