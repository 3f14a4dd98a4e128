/**
 * YAML system documents: the prison's open interface 2.0 is written in YAML (with an alias) and maps
 * exactly as the JSON prison document does; YAML that could be hostile — an alias bomb, tags, merge
 * keys, duplicate keys, several documents — is refused before the zod check, quickly and naming
 * why; zod's problems name the entry as for JSON; the editor's preview reads YAML too.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSystemDocumentText, loadDeclarativeAdapter, SystemDocumentError } from '../../adapters/declarative/adapter';
import { MAX_YAML_ALIASES, readDocumentText, syntaxOfName } from '../../adapters/declarative/document-text';
import { previewMapping } from '../../adapters/declarative/preview';

const ROOT = new URL('../../', import.meta.url).pathname;
const V1 = `${ROOT}adapters/declarative/systems/prison-yzgl`;
const V2 = `${ROOT}adapters/declarative/systems/prison-yzgl-v2`;
const yamlText = readFileSync(`${V2}/system.yaml`, 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'caselink-yaml-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function problemsOf(text: string, syntax: 'yaml' | 'auto' = 'yaml'): Array<{ entry: string; reason: string }> {
  try {
    checkSystemDocumentText(text, 'test.yaml', syntax);
  } catch (error) {
    expect(error).toBeInstanceOf(SystemDocumentError);
    return (error as SystemDocumentError).problems;
  }
  throw new Error('accepted');
}

describe('a system document in YAML', () => {
  it('loads from a .yaml file and maps every fixture exactly as the JSON prison document does', () => {
    const json = loadDeclarativeAdapter(`${V1}/system.json`);
    const yaml = loadDeclarativeAdapter(`${V2}/system.yaml`);
    expect(yaml.kind).toBe('prison-yzgl-v2');
    const names = readdirSync(`${V2}/fixtures/valid`);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      const bytes = readFileSync(`${V2}/fixtures/valid/${name}`);
      const fromYaml = yaml.codec.decode(bytes);
      expect(fromYaml.rejected, name).toEqual([]);
      expect(fromYaml.messages.map((m) => m.message)).toEqual(json.codec.decode(bytes).messages.map((m) => m.message));
    }
  });

  it('a .yml file, and text that is not JSON, are read as YAML', () => {
    const path = join(scratch, 'prison.yml');
    writeFileSync(path, yamlText);
    expect(loadDeclarativeAdapter(path).kind).toBe('prison-yzgl-v2');
    expect(syntaxOfName('a.yml')).toBe('yaml');
    expect(syntaxOfName('a.JSON')).toBe('json');
    expect(checkSystemDocumentText(yamlText, 'editor').kind).toBe('prison-yzgl-v2');
    // YAML flow style that is not JSON is read as YAML; broken JSON keeps JSON's reason.
    expect(readDocumentText('{a: 1}', 'auto')).toEqual({ ok: true, value: { a: 1 } });
    expect(problemsOf('{"a": ', 'auto')[0]!.reason).toMatch(/not readable JSON.*不是可读取的JSON/);
  });

  it('an alias bomb is refused quickly, naming the alias budget; the process goes on', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${`*${String.fromCharCode(96 + i)}, `.repeat(10).slice(0, -2)}]`);
    const started = performance.now();
    const problems = problemsOf(lines.join('\n'));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(problems[0]).toMatchObject({ entry: '(file)' });
    expect(problems[0]!.reason).toMatch(new RegExp(`alias.*${MAX_YAML_ALIASES}`, 'is'));
  });

  it('tags are refused rather than resolved, even the core ones', () => {
    for (const text of ['kind: !!js/function "function () {}"', 'kind: !custom x', 'kind: !!str prison', 'kind: !!binary aGVsbG8=']) {
      const problems = problemsOf(text);
      expect(problems.map((p) => p.reason).join(' '), text).toMatch(/tag.*refused.*不得使用标签/);
    }
  });

  it('merge keys are not merged, duplicate keys and a second document are errors', () => {
    const merged = problemsOf(yamlText.replace('agencies: [PRISON]', 'agencies: [PRISON]\n<<: { extra: 1 }'));
    expect(merged.map((p) => p.entry)).toContain('(document)');
    expect(merged.map((p) => p.reason).join(' ')).toMatch(/<</);
    expect(problemsOf(`${yamlText}\nkind: again\n`)[0]!.reason).toMatch(/unique|duplicate/i);
    expect(problemsOf(`${yamlText}\n---\nkind: second\n`)[0]!.reason).toMatch(/multiple documents/i);
  });

  it('zod names the entry of a YAML document as of a JSON one', () => {
    const problems = problemsOf(yamlText.replace('windowSeconds: 300', 'windowSeconds: 3600').replace('intervalSeconds: 2', 'intervalSeconds: -1'));
    expect(problems.map((p) => p.entry)).toEqual(expect.arrayContaining(['auth.timestamp.windowSeconds', 'transports.outbox.intervalSeconds']));
    const both = problemsOf(yamlText.replace('transports:\n', 'transports:\n  push:\n    path: "/caselink/x/{division}"\n'));
    expect(both[0]).toMatchObject({ entry: 'transports' });
    expect(both[0]!.reason).toMatch(/not both.*二选一/);
  });

  it("the editor's preview reads a YAML document", () => {
    const sample = readFileSync(`${V2}/fixtures/valid/ZXHZ-execution-receipt.gbk.json`).toString('latin1');
    const answer = previewMapping({ document: yamlText, direction: 'in', sample: Buffer.from(sample, 'latin1').toString('utf8') });
    expect(answer.ok === false && answer.stage === 'document').toBe(false);
    const refused = previewMapping({ document: 'kind: !!js/function x', direction: 'in', sample: '{}' });
    expect(refused).toMatchObject({ ok: false, stage: 'document' });
  });
});
