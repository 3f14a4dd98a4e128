/**
 * The declarative XML format: documents that describe XML systems (plain or in a signed SOAP
 * envelope) are checked at load, read through the safe XML layer, written with the XML writer, and
 * carry rare characters (CJK Extension A and B) in the form each charset holds: numeric character
 * references into GBK, characters into GB18030 and UTF-8; a GB18030 body labelled GBK still decodes.
 * The declarative court's client and the built-in court's simulator talk to each other over HTTP.
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as court from '../../adapters/court';
import { checkSystemDocument, declarativeAdapter, SystemDocumentError } from '../../adapters/declarative/adapter';
import { previewMapping } from '../../adapters/declarative/preview';
import type { BaseSimulator } from '../../adapters/shared/simulator-base';
import type { LegacyCodec } from '../../adapters/types';
import type { UnifiedMessage } from '../../standard/schema/message';
import { onlyMessage } from '../support/fixtures';

const ROOT = new URL('../../', import.meta.url).pathname;
const doc = (): any => JSON.parse(readFileSync(`${ROOT}adapters/declarative/systems/court.json`, 'utf8'));
const CREDENTIALS = { appId: 'GZ-PLATFORM', secret: 'sample-secret' };
const fixture = (name: string): Buffer => readFileSync(`${ROOT}adapters/court/fixtures/valid/${name}`);
const sample = court.codec.decode(fixture('receive-QSS-indictment.soap.xml')).messages[0]!.message;

/** 㛃 U+36C3 (Extension A, not in GBK), 䶮 U+4DAE (Extension A, GBK's FE9F), 𠮷 U+20BB7 and 𪚥 U+2A6A5 (Extension B). */
const RARE_NAME = '王㛃䶮𠮷';
const RARE_ADDRESS = '广州市𪚥街1号';

function withRareName(message: UnifiedMessage, id = 'RARE-1'): UnifiedMessage {
  const copy = structuredClone(message) as UnifiedMessage & { persons: Array<Record<string, unknown>> };
  copy.messageId = id;
  copy.persons[0]!['name'] = RARE_NAME;
  copy.persons[0]!['address'] = RARE_ADDRESS;
  return copy;
}

function adapterWith(change: (d: any) => void) {
  const d = doc();
  change(d);
  return declarativeAdapter(checkSystemDocument(d, 'test.json'));
}

const only = (codec: LegacyCodec, body: Buffer, headers?: Record<string, string>): UnifiedMessage => onlyMessage(codec.decode(body, headers)).message;

describe('rare characters through the declarative XML path', () => {
  const now = Date.parse(sample.sentAt);

  it('UTF-8 SOAP (the declarative court): characters, signed as sent, read back unchanged by both court adapters', () => {
    const { codec } = adapterWith(() => undefined);
    const message = withRareName(sample);
    const request = codec.encode(message, { credentials: CREDENTIALS, now });
    expect(request.body.toString('utf8')).toContain(`name="${RARE_NAME}"`);
    expect(request.body.toString('utf8')).toContain(`<ce:Address>${RARE_ADDRESS}</ce:Address>`);
    expect(court.codec.verifyInbound!(request.body, {}, CREDENTIALS, now)).toEqual({ ok: true });
    expect(only(codec, request.body)).toEqual(message);
    expect(only(court.codec, request.body)).toEqual(message);
  });

  it('GBK SOAP: numeric character references for what GBK cannot hold, the signature over the text as sent', () => {
    const { codec } = adapterWith((d) => (d.format.charset = 'gbk'));
    const message = withRareName(sample);
    const request = codec.encode(message, { credentials: CREDENTIALS, now });
    expect(request.headers['Content-Type']).toBe('text/xml; charset=gbk');
    const text = iconv.decode(request.body, 'gbk');
    expect(text.startsWith('<?xml version="1.0" encoding="gbk"?>')).toBe(true);
    expect(text).toContain('name="王&#x36C3;䶮&#x20BB7;"');
    expect(text).toContain('<ce:Address>广州市&#x2A6A5;街1号</ce:Address>');
    expect(request.body.includes(Buffer.from([0xfe, 0x9f]))).toBe(true); // 䶮 as GBK bytes
    expect(codec.verifyInbound!(request.body, { 'content-type': 'text/xml; charset=gbk' }, CREDENTIALS, now)).toEqual({ ok: true });
    expect(only(codec, request.body, { 'content-type': 'text/xml; charset=gbk' })).toEqual(message);
    // Without a Content-Type the prolog names the charset.
    expect(only(codec, request.body)).toEqual(message);
  });

  it('GB18030 SOAP: the characters as GB18030 bytes', () => {
    const { codec } = adapterWith((d) => (d.format.charset = 'gb18030'));
    const message = withRareName(sample);
    const request = codec.encode(message, { credentials: CREDENTIALS, now });
    expect(request.body.includes(iconv.encode('𠮷', 'gb18030'))).toBe(true);
    expect(iconv.decode(request.body, 'gb18030')).toContain(`name="${RARE_NAME}"`);
    expect(only(codec, request.body)).toEqual(message);
  });

  it('what a GBK system sends: references (hexadecimal and decimal) and GB18030 bytes in a body labelled GBK', () => {
    const { codec } = adapterWith((d) => (d.format.charset = 'gbk'));
    const text = fixture('outbox-FYSL-case-accepted.soap.xml').toString('utf8').replace('encoding="utf-8"', 'encoding="GBK"');
    const withReferences = iconv.encode(text.replace('name="张三"', 'name="王&#x36C3;&#19886;&#x20BB7;"'), 'gbk');
    expect((only(codec, withReferences).persons[0] as { name: string }).name).toBe(RARE_NAME);
    const asGb18030 = iconv.encode(text.replace('name="张三"', `name="${RARE_NAME}"`), 'gb18030');
    expect((only(codec, asGb18030, { 'content-type': 'text/xml; charset=GBK' }).persons[0] as { name: string }).name).toBe(RARE_NAME);
  });
});

describe('a plain XML system (no envelope) described as data', () => {
  const plain = () =>
    adapterWith((d) => {
      d.kind = 'plain-xml';
      delete d.format.soap;
      d.format.answer = 'Answer';
      d.format.charset = 'gbk';
      d.auth = { scheme: 'header', header: 'X-Token' };
      d.credentials = ['token'];
      d.transports.delivery.path = '/xml/receive';
      d.answers.busy = { status: 503, code: '3', message: '系统繁忙 busy', retryAfterSeconds: 30 };
      d.answers.unauthorized = { status: 401, code: '9', message: '认证失败 unauthorized' };
    });

  it('writes one message element with its namespace and reads it back; rare characters as references', () => {
    const { codec } = plain();
    const message = withRareName(sample);
    const request = codec.encode(message, { credentials: { token: 't' } });
    expect(request.headers).toEqual({ 'Content-Type': 'text/xml; charset=gbk', 'X-Token': 't' });
    const text = iconv.decode(request.body, 'gbk');
    expect(text).toMatch(/^<\?xml version="1.0" encoding="gbk"\?>\n<ce:Message xmlns:ce="urn:gz-court:case-exchange:1.0" id="RARE-1" type="QSS"/);
    expect(text).toContain('王&#x36C3;䶮&#x20BB7;');
    expect(only(codec, request.body)).toEqual(message);
    expect(codec.verifyInbound).toBeUndefined();
  });

  it('an element the document reads once may not appear twice; unknown elements and attributes are warned about', () => {
    const { codec } = plain();
    const text = iconv.decode(codec.encode(sample, { credentials: { token: 't' } }).body, 'gbk');
    const twice = text.replace(/(<ce:From org="\d+"\/>)/, '$1$1');
    expect(codec.decode(iconv.encode(twice, 'gbk')).rejected[0]!.issues).toEqual(
      expect.arrayContaining([{ field: 'Message[0]/From', value: 2, reason: expect.stringMatching(/at most once.*最多出现一次/) }]),
    );
    const extra = text.replace('<ce:To ', '<ce:Note>x</ce:Note>\n<ce:To court="1" ');
    const warnings = codec.decode(iconv.encode(extra, 'gbk')).messages[0]!.warnings.map((w) => w.field);
    expect(warnings).toEqual(expect.arrayContaining(['Message[0]/Note', 'Message[0]/To/@court']));
  });

  it('hostile XML is refused through the safe XML layer, quickly and without throwing', () => {
    const { codec } = plain();
    const bomb = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><ce:Message>&b;</ce:Message>';
    expect(codec.decode(Buffer.from(bomb)).rejected[0]!.issues[0]!.field).toBe('DOCTYPE');
    const deep = Buffer.from(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`);
    expect(codec.decode(deep).rejected[0]!.issues[0]!.reason).toMatch(/nesting deeper than 64/);
  });

  it('answers in XML: written by the simulator side, read back as outcomes', async () => {
    const adapter = plain();
    const sim = await adapter.startSimulator({ credentials: { token: 't' } });
    try {
      const client = adapter.createClient({ baseUrl: sim.url, credentials: { token: 't' }, timeoutMs: 5000 });
      expect(await client.send(sample)).toEqual({ kind: 'accepted' });
      expect(await client.send(sample)).toEqual({ kind: 'duplicate' });
      const wrong = adapter.createClient({ baseUrl: sim.url, credentials: { token: 'x' }, timeoutMs: 5000 });
      expect(await wrong.send({ ...sample, messageId: 'OTHER' })).toMatchObject({ kind: 'permanent' });
    } finally {
      await sim.close();
    }
  });
});

describe("the editor's preview of an XML system", () => {
  it('a pasted SOAP sample gives the unified message; a unified message gives the signed XML', () => {
    const sampleText = fixture('outbox-page-three.soap.xml').toString('utf8');
    const answer = previewMapping({ document: doc(), direction: 'in', sample: sampleText });
    expect(answer).toMatchObject({ ok: true, direction: 'in' });
    expect((answer as { messages: UnifiedMessage[] }).messages).toEqual(court.codec.decode(Buffer.from(sampleText)).messages.map((m) => m.message));
    const out = previewMapping({ document: doc(), direction: 'out', sample: JSON.stringify(sample) });
    expect(out).toMatchObject({ ok: true, direction: 'out', contentType: 'text/xml; charset=utf-8', legacy: expect.stringContaining('<ce:Auth>') });
    const broken = previewMapping({ document: doc(), direction: 'in', sample: sampleText.replace('gender="M"', 'gender="X"') });
    expect(broken).toMatchObject({
      ok: false,
      stage: 'sample',
      issues: [{ field: expect.stringMatching(/^Message\[\d\]\/Case\/Defendant\[0\]\/@gender$/), value: 'X' }],
    });
  });
});

describe('a document whose format and authentication disagree is refused whole', () => {
  const problems = (change: (d: any) => void): Array<{ entry: string; reason: string }> => {
    const d = doc();
    change(d);
    try {
      checkSystemDocument(d, 'test.json');
    } catch (error) {
      expect(error).toBeInstanceOf(SystemDocumentError);
      return (error as SystemDocumentError).problems;
    }
    throw new Error('accepted');
  };

  it('soap-signature without a signature, a prefix without its namespace, a signature without soap-signature, missing credentials', () => {
    expect(problems((d) => delete d.format.soap.signature)).toEqual([{ entry: 'auth.scheme', reason: expect.stringContaining('format.soap.signature') }]);
    expect(problems((d) => (d.format.prefix = 'xx'))).toEqual([{ entry: 'format.prefix', reason: expect.stringContaining('前缀') }]);
    expect(
      problems((d) => (d.auth = { scheme: 'bearer' }))
        .map((p) => p.entry)
        .sort(),
    ).toEqual(['credentials', 'format.soap.signature']);
    expect(problems((d) => (d.credentials = ['appId']))).toEqual([{ entry: 'credentials', reason: expect.stringContaining('secret') }]);
    expect(problems((d) => (d.format.root = 'not a name')).map((p) => p.entry)).toEqual(['format.root']);
  });
});

describe('the declarative court and the built-in court over HTTP', () => {
  let builtinSim: BaseSimulator;
  let declarativeSim: BaseSimulator;
  const declarative = declarativeAdapter(checkSystemDocument(doc()));
  beforeAll(async () => {
    builtinSim = (await court.startSimulator({ credentials: CREDENTIALS })) as BaseSimulator;
    declarativeSim = (await declarative.startSimulator({ credentials: CREDENTIALS })) as BaseSimulator;
  });
  afterAll(async () => {
    await builtinSim.close();
    await declarativeSim.close();
  });

  it('the declarative client delivers a rare name to the built-in court simulator, and the built-in client to the declarative one', async () => {
    const toBuiltin = declarative.createClient({ baseUrl: builtinSim.url, credentials: CREDENTIALS, timeoutMs: 5000 });
    const message = withRareName(sample, 'RARE-HTTP-1');
    expect(await toBuiltin.send(message)).toEqual({ kind: 'accepted' });
    expect(await toBuiltin.send(message)).toEqual({ kind: 'duplicate' });
    expect(builtinSim.acceptedMessages()).toEqual([message]);
    const toDeclarative = court.createClient({ baseUrl: declarativeSim.url, credentials: CREDENTIALS, timeoutMs: 5000 });
    const second = withRareName(sample, 'RARE-HTTP-2');
    expect(await toDeclarative.send(second)).toEqual({ kind: 'accepted' });
    expect(declarativeSim.acceptedMessages()).toEqual([second]);
  });

  it('a signed outbox page sent back as a request is refused though its signature is good (reflection)', () => {
    const page = court.fetchOutboxAnswer([sample], '000001', CREDENTIALS, Date.now());
    expect(court.codec.verifyInbound!(Buffer.from(page), {}, CREDENTIALS, Date.now()).ok).toBe(false);
    expect(declarative.codec.verifyInbound!(Buffer.from(page), {}, CREDENTIALS, Date.now())).toEqual({
      ok: false,
      reason: expect.stringMatching(/must hold receiveDocument.*请求须为receiveDocument/),
    });
  });

  it('a wrong secret is a soap:Client fault: permanent', async () => {
    const wrong = declarative.createClient({ baseUrl: builtinSim.url, credentials: { ...CREDENTIALS, secret: 'wrong' }, timeoutMs: 5000 });
    expect(await wrong.send(withRareName(sample, 'RARE-HTTP-3'))).toMatchObject({ kind: 'permanent', code: 'soap:Client' });
  });
});
