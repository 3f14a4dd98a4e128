/**
 * `caselink schema [--compact]` — prints the JSON Schema (draft 2020-12) of the unified standard.
 * It is the structural contract; `caselink validate` applies the semantic checks on top.
 */
import { standardJsonSchema } from '../../standard/json-schema';
import type { CliIo } from '../main';
import { refuseArgs } from '../refusal';

export const summary = 'print the JSON Schema of the unified standard (导出统一标准JSON Schema)';

const USAGE = `usage: caselink schema [--compact]
Prints the JSON Schema (draft 2020-12) of the unified message on standard output.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const unknown = args.find((arg) => arg !== '--compact');
  if (unknown !== undefined) {
    return refuseArgs(io, 'schema', `unknown argument ${unknown} (未知参数)`, USAGE);
  }
  const schema = standardJsonSchema();
  io.stdout(`${args.includes('--compact') ? JSON.stringify(schema) : JSON.stringify(schema, null, 2)}\n`);
  return 0;
}
