/**
 * A declarative adapter as a whole: refused at load with the entry and reason when its document is
 * wrong (never half-loaded), registered through the contract like any adapter, rare characters
 * both ways, and its client and simulator talking over real HTTP.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSystemDocument, declarativeAdapter, loadDeclarativeAdapter, SystemDocumentError } from '../../adapters/declarative/adapter';
import { declarativeJsonSchema } from '../../adapters/declarative/schema';
import { createAdapterRegistry } from '../../adapters/builtins';
import { codec as builtin } from '../../adapters/procuratorate';
import type { Simulator } from '../../adapters/simulator-types';
import type { UnifiedMessage } from '../../standard/schema/message';

const ROOT = new URL('../../', import.meta.url).pathname;
const DOC_PATH = `${ROOT}adapters/declarative/systems/procuratorate.json`;
const doc = (): any => JSON.parse(readFileSync(DOC_PATH, 'utf8'));
const sample = builtin.decode(readFileSync(`${ROOT}adapters/procuratorate/fixtures/valid/TQPZDB.json`)).messages[0]!.message;

function refusal(value: unknown): SystemDocumentError {
  try {
    checkSystemDocument(value, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(SystemDocumentError);
    return error as SystemDocumentError;
  }
  throw new Error('accepted');
}

describe('a system document with an error is refused at load, whole, naming the entry and the reason', () => {
  it('an unknown transform, a bad date layout, an unknown table, a missing envelope field', () => {
    const d = doc();
    d.fields[2].transforms = ['sideways'];
    d.lists[0].fields[3].transforms = [{ date: 'DD/MM/YYYY' }];
    d.lists[0].fields[2].transforms = [{ table: 'no-such-table' }];
    delete d.envelope.sender;
    const error = refusal(d);
    const entries = error.problems.map((p) => p.entry);
    expect(entries).toEqual(expect.arrayContaining(['fields[2].transforms[0]', 'lists[0].fields[3].transforms[0]', 'envelope.sender']));
    expect(error.message).toMatch(/系统描述文档test\.json未被加载/);
  });

  it('a table named but not defined is found after the shape is right', () => {
    const d = doc();
    d.lists[0].fields[2].transforms = [{ table: 'no-such-table' }];
    const error = refusal(d);
    expect(error.problems).toEqual([{ entry: 'lists[0].fields[2].transforms[0].table', reason: expect.stringContaining('未知代码表') }]);
  });

  it('a wrong version and an unknown key', () => {
    expect(refusal({ ...doc(), declarativeVersion: 2 }).problems[0]).toMatchObject({
      entry: 'declarativeVersion',
      reason: expect.stringMatching(/declarativeVersion应为1/),
    });
    expect(refusal({ ...doc(), colour: 'red' }).problems[0]!.entry).toBe('(document)');
  });

  it('an unreadable file', () => {
    expect(() => loadDeclarativeAdapter(`${ROOT}package.json.missing`)).toThrow(SystemDocumentError);
  });

  it('the JSON Schema for editors describes the document', () => {
    const schema = declarativeJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['kind', 'envelope', 'messageTypes', 'lists', 'tables', 'answers']));
    expect(schema.required).toEqual(expect.arrayContaining(['kind', 'envelope', 'messageTypes']));
  });
});

describe('a declarative adapter is an adapter of the contract', () => {
  it('registers in a runtime registry next to the built-ins', () => {
    const registry = createAdapterRegistry();
    const adapter = registry.register(loadDeclarativeAdapter(DOC_PATH));
    expect(registry.kinds()).toContain('procuratorate-declarative');
    expect(adapter.source).toEqual({ package: 'declarative:procuratorate-declarative', version: '1.0.0' });
    expect(registry.kindsServing('PROCURATORATE')).toEqual(['procuratorate', 'procuratorate-declarative']);
  });

  it('a GBK JSON system gets \\u escapes for rare characters and reads them back', () => {
    const d = doc();
    d.kind = 'gbk-json';
    d.format.charset = 'gbk';
    const adapter = declarativeAdapter(checkSystemDocument(d));
    const message = structuredClone(sample) as UnifiedMessage;
    (message.persons[0] as { name: string }).name = '王㛃𠮷';
    const body = adapter.codec.encode(message, { credentials: { token: 't' } }).body;
    expect(body.toString('latin1')).toContain('\\u36C3\\uD842\\uDFB7');
    expect(adapter.codec.decode(body, { 'content-type': 'application/json; charset=gbk' }).messages[0]!.message).toEqual(message);
  });

  it('an unmappable value is an error naming the legacy field, the value and the reason', () => {
    const adapter = loadDeclarativeAdapter(DOC_PATH);
    const text = readFileSync(`${ROOT}adapters/procuratorate/fixtures/valid/TQPZDB.json`, 'utf8')
      .replace('"xbmc": "男"', '"xbmc": "M"')
      .replace('"sajeFen": 500000', '"sajeFen": 5000.5');
    const result = adapter.codec.decode(Buffer.from(text));
    expect(result.messages).toEqual([]);
    expect(result.rejected[0]!.issues).toEqual(
      expect.arrayContaining([
        { field: 'body.xyr[0].xbmc', value: 'M', reason: expect.stringMatching(/is not a code of gender.*代码表/) },
        { field: 'body.sajeFen', value: 5000.5, reason: expect.stringMatching(/integer.*整数/) },
      ]),
    );
    expect(result.rejected[0]!.raw).toBe(text);
  });
});

describe('the declarative client and simulator over real HTTP', () => {
  let sim: Simulator & { acceptedMessages(): UnifiedMessage[]; setFault(rule: unknown): void };
  const adapter = loadDeclarativeAdapter(DOC_PATH);
  beforeAll(async () => {
    sim = (await adapter.startSimulator({ credentials: { token: 'tok' } })) as typeof sim;
  });
  afterAll(() => sim.close());

  it('accepted, duplicate, busy with Retry-After, rejected with reasons, wrong token', async () => {
    const client = adapter.createClient({ baseUrl: sim.url, credentials: { token: 'tok' }, timeoutMs: 5000 });
    const message = { ...structuredClone(sample), messageId: 'D-1' } as UnifiedMessage;
    expect(await client.send(message)).toMatchObject({ kind: 'accepted' });
    expect(sim.acceptedMessages()).toEqual([message]);
    expect(await client.send(message)).toMatchObject({ kind: 'duplicate' });
    sim.setFault({ fault: { kind: 'http', status: 503, retryAfterSeconds: 7 }, times: 1 });
    expect(await client.send({ ...message, messageId: 'D-2' })).toMatchObject({ kind: 'retryable', retryAfterMs: 7000 });
    sim.setFault({ fault: { kind: 'answer', code: '1001', message: 'xyr[0].zjhm 校验位错误' }, times: 1 });
    expect(await client.send({ ...message, messageId: 'D-3' })).toEqual({ kind: 'permanent', reason: 'xyr[0].zjhm 校验位错误', code: '1001' });
    const wrong = adapter.createClient({ baseUrl: sim.url, credentials: { token: 'nope' }, timeoutMs: 5000 });
    expect(await wrong.send({ ...message, messageId: 'D-4' })).toMatchObject({ kind: 'permanent', code: 'HTTP_401' });
  });
});

describe('the JSON Schema in docs/', () => {
  it('is the one the zod schema gives (regenerate with declarativeJsonSchema() when the document format changes)', () => {
    expect(JSON.parse(readFileSync(`${ROOT}docs/declarative-system.schema.json`, 'utf8'))).toEqual(declarativeJsonSchema());
  });
});

describe('JSONata for what a table cannot express', () => {
  const withFacts = (transform: unknown) => {
    const d = doc();
    d.kind = 'jsonata-test';
    const facts = d.fields.find((f: { unified?: string }) => f.unified === 'case.facts');
    facts.transforms = [transform];
    return d;
  };

  it('decode sees the value, $item and $root; encode writes back; decode-only fields are not written', () => {
    const adapter = declarativeAdapter(
      checkSystemDocument(withFacts({ jsonata: { decode: '$root.head.msgType & "：" & $substring($, 0, 9)', encode: '$substringAfter($, "：")' } })),
    );
    const bytes = readFileSync(`${ROOT}adapters/procuratorate/fixtures/valid/TQPZDB.json`);
    const message = adapter.codec.decode(bytes).messages[0]!.message;
    expect(message.case.facts).toBe('TQPZDB：2022年12月1');
    const written = JSON.parse(adapter.codec.encode(message, { credentials: { token: 't' } }).body.toString('utf8'));
    expect(written.body.ajqk).toBe('2022年12月1');
    const decodeOnly = declarativeAdapter(checkSystemDocument(withFacts({ jsonata: { decode: '$uppercase($)' } })));
    const out = JSON.parse(decodeOnly.codec.encode(message, { credentials: { token: 't' } }).body.toString('utf8'));
    expect(out.body.ajqk).toBeUndefined();
  });

  it('a syntax error is refused at load with the entry; an evaluation error is a field error', () => {
    expect(refusal(withFacts({ jsonata: { decode: '$substring($, ' } })).problems).toEqual([
      { entry: 'fields[7].transforms[0].jsonata.decode', reason: expect.stringContaining('不是有效的JSONata表达式') },
    ]);
    const adapter = declarativeAdapter(checkSystemDocument(withFacts({ jsonata: { decode: '$number($)' } })));
    const result = adapter.codec.decode(readFileSync(`${ROOT}adapters/procuratorate/fixtures/valid/TQPZDB.json`));
    expect(result.rejected[0]!.issues).toEqual([expect.objectContaining({ field: 'body.ajqk', reason: expect.stringContaining('JSONata表达式求值失败') })]);
  });
});
