/**
 * `caselink <command>`: each command lives in cli/commands/<name>.ts and exports
 * `run(args: string[], io: CliIo): Promise<number>` (the exit code) and a one-line `summary`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliCommand {
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const COMMANDS = ['validate', 'schema', 'map', 'render', 'simulate', 'audit', 'evidence'] as const;

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function loadCommand(name: string): CliCommand | undefined {
  if (!(COMMANDS as readonly string[]).includes(name)) return undefined;
  const file = join(__dirname, 'commands', `${name}.js`);
  if (!existsSync(file) && !existsSync(join(__dirname, 'commands', `${name}.ts`))) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`./commands/${name}`) as CliCommand;
}

function usage(io: CliIo): void {
  const lines = ['usage: caselink <command> [options]', '', 'commands:'];
  for (const name of COMMANDS) {
    const command = loadCommand(name);
    if (command) lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  }
  io.stderr(`${lines.join('\n')}\n`);
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    usage(io);
    return name === undefined ? 2 : 0;
  }
  const command = loadCommand(name);
  if (!command) {
    io.stderr(`caselink: unknown command "${name}" (未知命令)\n`);
    usage(io);
    return 2;
  }
  return command.run(args, io);
}
