/**
 * `caselink schema [--compact] [--declarative]` — prints the JSON Schema (draft 2020-12) of the
 * unified standard, or with `--declarative` that of a declarative system document (the one in
 * docs/declarative-system.schema.json, for editors). The unified schema is the structural
 * contract; `caselink validate` applies the semantic checks on top.
 */
import { declarativeJsonSchema } from '../../adapters/declarative/schema';
import { standardJsonSchema } from '../../standard/json-schema';
import type { CliIo } from '../main';
import { refuseArgs } from '../refusal';

export const summary = 'print the JSON Schema of the unified standard or of a declarative system document (导出JSON Schema)';

const USAGE = `usage: caselink schema [--compact] [--declarative]
Prints the JSON Schema (draft 2020-12) of the unified message on standard output;
with --declarative, that of a declarative system document (声明式系统描述文档).
`;

const OPTIONS: ReadonlySet<string> = new Set(['--compact', '--declarative']);

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const unknown = args.find((arg) => !OPTIONS.has(arg));
  if (unknown !== undefined) {
    return refuseArgs(io, 'schema', `unknown argument ${unknown} (未知参数)`, USAGE);
  }
  const schema = args.includes('--declarative') ? declarativeJsonSchema() : standardJsonSchema();
  io.stdout(`${args.includes('--compact') ? JSON.stringify(schema) : JSON.stringify(schema, null, 2)}\n`);
  return 0;
}
