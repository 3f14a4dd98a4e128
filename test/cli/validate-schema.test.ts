/** `caselink validate` and `caselink schema` end to end: the built CLI (dist/) in a child process. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/unified');
const NEEDED = ['dist/cli/main.js', 'dist/cli/commands/validate.js', 'dist/cli/commands/schema.js', 'dist/standard/json-schema.js'];

let scratch: string;

const readText = (file: string): string => readFileSync(file, 'utf8');

function caselink(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/caselink.js'), ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratchFile(name: string, content: string): string {
  const file = join(scratch, name);
  writeFileSync(file, content);
  return file;
}

beforeAll(() => {
  for (const file of NEEDED) expect(existsSync(join(ROOT, file)), `${file} (run node scripts/build.js)`).toBe(true);
  scratch = mkdtempSync(join(tmpdir(), 'caselink-validate-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('caselink validate', () => {
  const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));

  it.each(fixtures)('%s: exit 0 and "OK <messageId> <messageType>"', (name) => {
    const { code, stdout, stderr } = caselink(['validate', join(FIXTURES, name)]);
    const message = JSON.parse(readText(join(FIXTURES, name)));
    expect(stderr).toBe('');
    expect(stdout).toBe(`OK ${message.messageId} ${message.messageType}\n`);
    expect(code).toBe(0);
  });

  it('exit 2 with every failing field on its own line: path, value, reason in English and Chinese', () => {
    const message = JSON.parse(readText(join(FIXTURES, 'psb-arrest-request.json')));
    message.persons[0].idNumber = '440105199001011238';
    message.persons[0].nickname = '小三';
    message.process = 'LEGAL_AID';
    delete message.sentAt;
    const { code, stdout, stderr } = caselink(['validate', scratchFile('bad.json', JSON.stringify(message))]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    const file = join(scratch, 'bad.json');
    expect(lines).toEqual([
      `${file}: sentAt = (absent 缺失): is required (必填字段缺失)`,
      `${file}: persons[0].nickname = "小三": unknown field, not part of the standard (未知字段，不属于统一标准)`,
      `${file}: persons[0].idNumber = "440105199001011238": check character should be 9 (校验码应为9)`,
      `${file}: process = "LEGAL_AID": does not match messageType ARREST_REQUEST (expected ARREST_REVIEW) (与报文类型ARREST_REQUEST不符，应为ARREST_REVIEW)`,
      `${file}: 4 problems, not a valid unified message (4处问题，不是有效的统一报文)`,
    ]);
  });

  it('refuses an unsupported standardVersion with one clear line', () => {
    const message = JSON.parse(readText(join(FIXTURES, 'procuratorate-arrest-approval.json')));
    message.standardVersion = '2.0';
    const file = scratchFile('v2.json', JSON.stringify(message));
    const { code, stderr } = caselink(['validate', file]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `${file}: standardVersion = "2.0": is not a supported standard version (supported: 1.0, 1.1) (不是受支持的标准版本（支持：1.0、1.1）)\n` +
        `${file}: 1 problem, not a valid unified message (1处问题，不是有效的统一报文)\n`,
    );
  });

  it('exit 2 for a file that is not JSON, or missing, with a bilingual message', () => {
    const notJson = scratchFile('broken.json', '{"standardVersion": "1.0",');
    const broken = caselink(['validate', notJson]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^${notJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON: .+ \\(不是有效的JSON\\)\\n$`));
    const missing = caselink(['validate', join(scratch, 'nowhere.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`${join(scratch, 'nowhere.json')}: cannot read the file: no such file (文件不存在)\n`);
    const directory = caselink(['validate', scratch]);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain('(是目录而不是文件)');
  });

  it('reads standard input with "-" and checks several files in one run', () => {
    const piped = caselink(['validate', '-'], readText(join(FIXTURES, 'justice-lawyer-assignment.json')));
    expect(piped).toMatchObject({ code: 0, stdout: 'OK SFXZ-440105040000-20221207-000012 LAWYER_ASSIGNMENT\n' });
    const several = caselink(['validate', join(FIXTURES, 'psb-arrest-request.json'), join(scratch, 'nowhere.json')]);
    expect(several.code).toBe(2);
    expect(several.stdout).toContain('OK JZPT4401050100002022120500017 ARREST_REQUEST');
    expect(several.stderr).toContain('no such file');
  });

  it('exit 2 with usage when no file is given', () => {
    const { code, stderr } = caselink(['validate']);
    expect(code).toBe(2);
    expect(stderr).toContain('no file given (未指定文件)');
    expect(stderr).toContain('usage: caselink validate');
  });
});

describe('caselink schema', () => {
  it('prints the JSON Schema of the standard, exit 0', () => {
    const { code, stdout, stderr } = caselink(['schema']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('urn:caselink:standard:1.1:unified-message');
    expect(schema.oneOf).toHaveLength(58);
    expect(schema.$defs.Person.description).toBe('当事人');
  });

  it('prints one line with --compact, refuses unknown arguments', () => {
    const compact = caselink(['schema', '--compact']);
    expect(compact.code).toBe(0);
    expect(compact.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(compact.stdout)).toEqual(JSON.parse(caselink(['schema']).stdout));
    const bad = caselink(['schema', '--yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown argument --yaml (未知参数)');
  });

  it('prints the JSON Schema of a declarative system document with --declarative: the one in docs/', () => {
    const { code, stdout } = caselink(['schema', '--declarative']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readText(join(ROOT, 'docs/declarative-system.schema.json'))));
    expect(stdout).toContain('soap-signature');
  });
});
