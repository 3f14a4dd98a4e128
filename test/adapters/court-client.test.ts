import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import axios from 'axios';
import { codec, CourtClient, verifyCourtText, createClient, OutboxPageRefused, startSimulator, type CourtClientOptions } from '../../adapters/court';
import { fetchOutboxAnswer, fetchOutboxRequest, signedEnvelope } from '../../adapters/court/envelope';
import { renderCourtMessage } from '../../adapters/court/map-out';
import { OutboxError } from '../../adapters/shared/outbox-error';
import { OutboxPoller } from '../../adapters/shared/outbox-poller';
import type { UnifiedMessage } from '../../standard';
import { legacySample, validFixtureMessages } from '../support/fixtures';
import { simulatorUnderTest } from '../support/simulator-under-test';
import { PROMPTLY_MS } from '../support/timing';

const credentials = { appId: 'GZ-PLATFORM', secret: 'sample-secret' };
const decodeFixture = (name: string) => validFixtureMessages(codec, 'court', name);

const indictment = decodeFixture('receive-QSS-indictment.soap.xml')[0]!;
const ccReceipt = decodeFixture('receive-JZHZ-cc-receipt.soap.xml')[0]!;
const courtSent = decodeFixture('outbox-page-three.soap.xml');

const { simulator, client } = simulatorUnderTest(() => startSimulator({ credentials }), createClient, { credentials, timeoutMs: 5000 });

describe('court client → simulator: receiveDocument answers', () => {
  it('Result 0 is accepted; the simulator records the message exactly as sent', async () => {
    expect(await client().send(indictment)).toEqual({ kind: 'accepted' });
    expect(simulator().received).toHaveLength(1);
    expect(simulator().received[0]).toMatchObject({ path: '/splc/services/CaseExchange', accepted: true, status: 200, legacyId: indictment.messageId });
    expect(simulator().received[0]!.headers['soapaction']).toBe('"urn:receiveDocument"');
    expect(simulator().received[0]!.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(simulator().received[0]!.message).toEqual(indictment);
  });

  it('sending the same message again is answered Result 2, a duplicate', async () => {
    await client().send(ccReceipt);
    expect(await client().send(ccReceipt)).toEqual({ kind: 'duplicate' });
    expect(simulator().received.map((r) => r.accepted)).toEqual([true, false]);
  });

  it.each([
    [
      { kind: 'answer', code: '1', message: '案号不存在' },
      { kind: 'permanent', code: '1', reason: '案号不存在' },
    ],
    [{ kind: 'answer', code: '2' }, { kind: 'duplicate' }],
    [{ kind: 'duplicate' }, { kind: 'duplicate' }],
    [
      { kind: 'answer', code: 'soap:Client', message: 'bad request' },
      { kind: 'permanent', code: 'soap:Client', reason: 'soap:Client bad request' },
    ],
    [
      { kind: 'answer', code: 'soap:Server', message: 'db down' },
      { kind: 'retryable', code: 'soap:Server', reason: 'soap:Server db down' },
    ],
    [
      { kind: 'http', status: 503 },
      { kind: 'retryable', code: 'HTTP 503', reason: 'HTTP 503' },
    ],
    [
      { kind: 'http', status: 502 },
      { kind: 'retryable', code: 'HTTP 502', reason: 'HTTP 502' },
    ],
    [
      { kind: 'http', status: 429, retryAfterSeconds: 30 },
      { kind: 'retryable', code: 'HTTP 429', reason: 'HTTP 429', retryAfterMs: 30_000 },
    ],
    [
      { kind: 'http', status: 503, retryAfterSeconds: 5 },
      { kind: 'retryable', code: 'HTTP 503', reason: 'HTTP 503', retryAfterMs: 5000 },
    ],
  ] as const)('fault %j → %j', async (fault, outcome) => {
    simulator().setFault({ fault, times: 1 });
    expect(await client().send(indictment)).toEqual(outcome);
  });

  it('a hanging court is retryable after the client timeout', async () => {
    simulator().setFault({ fault: { kind: 'hang' }, times: 1 });
    const started = Date.now();
    const outcome = await client({ timeoutMs: 300 }).send(indictment);
    expect(outcome).toMatchObject({ kind: 'retryable', reason: 'no answer within 300 ms (超时未应答)' });
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
  });

  it('a dropped connection and a closed port are retryable', async () => {
    simulator().setFault({ fault: { kind: 'down' }, times: 1 });
    expect(await client().send(indictment)).toMatchObject({ kind: 'retryable' });
    const closed = createClient({ baseUrl: 'http://127.0.0.1:1', credentials, timeoutMs: 1000 });
    expect(await closed.send(indictment)).toMatchObject({ kind: 'retryable', reason: expect.stringContaining('no answer') });
  });

  it('a wrong secret or a clock 10 minutes off is refused with soap:Client (permanent) and nothing is recorded as accepted', async () => {
    expect(await client({ credentials: { secret: 'wrong' } }).send(indictment)).toMatchObject({
      kind: 'permanent',
      code: 'soap:Client',
      reason: expect.stringContaining('Sign does not match'),
    });
    expect(await client({ now: () => Date.now() - 600_000 }).send(indictment)).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('300 s') });
    expect(simulator().received.every((r) => !r.accepted)).toBe(true);
  });

  it('the court refuses a type it does not receive with Result 1; the encoder refuses a type it has no code for', async () => {
    expect(await client().send(courtSent[0]!)).toMatchObject({
      kind: 'permanent',
      code: '1',
      reason: expect.stringContaining('not a type the court receives'),
    });
    const arrest = { ...indictment, messageType: 'ARREST_REQUEST', process: 'ARREST_REVIEW', payload: {} } as UnifiedMessage;
    expect(await client().send(arrest)).toMatchObject({ kind: 'permanent', code: 'ENCODE' });
  });

  it('hostile bodies (XXE to a loopback trap, entity bomb, deep nesting) are refused quickly: soap:Client at the Auth check, Result 1 when signed', async () => {
    let trapHits = 0;
    const trap = createServer((_req, res) => {
      trapHits++;
      res.end();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const port = (trap.address() as AddressInfo).port;
    const deep = `${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}`;
    try {
      const bodies: Array<[string, RegExp]> = [
        [
          `<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "http://127.0.0.1:${port}/x">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&x;</soap:Body></soap:Envelope>`,
          /soap:Client[\s\S]*DOCTYPE/,
        ],
        [
          `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><e>&c;</e>`,
          /soap:Client[\s\S]*DOCTYPE/,
        ],
        // Unsigned: refused quickly while the envelope's parts are located, before any parse.
        [
          `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${deep}</soap:Body></soap:Envelope>`,
          /soap:Client[\s\S]*deeper than 64/,
        ],
        // Signed: refused the same way, before the signature is even computed.
        [
          signedEnvelope(`<ce:receiveDocument><ce:Message id="X">${deep}</ce:Message></ce:receiveDocument>`, credentials, Date.now()),
          /soap:Client[\s\S]*deeper than 64/,
        ],
      ];
      for (const [body, refusal] of bodies) {
        const started = Date.now();
        const answer = await axios.post(`${simulator().url}/splc/services/CaseExchange`, body, {
          headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:receiveDocument"' },
          validateStatus: () => true,
          proxy: false,
        });
        expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
        expect(answer.status).toBe(refusal.source.startsWith('soap:Client') ? 500 : 200);
        expect(String(answer.data)).toMatch(refusal);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(trapHits).toBe(0);
      expect(simulator().received.every((r) => !r.accepted)).toBe(true);
    } finally {
      trap.close();
    }
  });

  it('an unknown SOAPAction is a soap:Client fault', async () => {
    const answer = await axios.post(`${simulator().url}/splc/services/CaseExchange`, '<x/>', {
      headers: { SOAPAction: '"urn:deleteAll"' },
      validateStatus: () => true,
      proxy: false,
    });
    expect(answer.status).toBe(500);
    expect(String(answer.data)).toContain('<faultcode>soap:Client</faultcode>');
  });
});

describe('court client → simulator: outbox', () => {
  it('fetchOutbox pages with a cursor; unacknowledged messages come again; ackOutbox removes them', async () => {
    for (const message of courtSent) simulator().addToOutbox!(message);
    const c = client();
    const first = await c.fetchOutbox!(undefined, 2);
    expect(first.decoded.messages.map((m) => m.message)).toEqual(courtSent.slice(0, 2));
    expect(first.ids).toEqual(courtSent.slice(0, 2).map((m) => m.messageId));
    expect(first.nextCursor).toBe('000002');
    const second = await c.fetchOutbox!(first.nextCursor, 50);
    expect(second.ids).toEqual([courtSent[2]!.messageId]);
    expect(second.nextCursor).toBe('000003');
    expect((await c.fetchOutbox!('000003', 50)).ids).toEqual([]);
    expect((await c.fetchOutbox!('000003', 50)).nextCursor).toBe('000003');

    // Not acknowledged: asking again from the same cursor gives them again.
    expect((await c.fetchOutbox!(undefined, 50)).ids).toHaveLength(3);
    await c.ack!(first.ids);
    expect(simulator().pendingOutbox!()).toEqual([courtSent[2]!.messageId]);
    expect((await c.fetchOutbox!(undefined, 50)).ids).toEqual([courtSent[2]!.messageId]);
    await c.ack!(second.ids);
    expect(simulator().pendingOutbox!()).toEqual([]);
  });

  it('the answer page is signed and verifies; Max above 100 is clamped by the client and refused by the court', async () => {
    simulator().addToOutbox!(courtSent[0]!);
    const page = await client().fetchOutbox!(undefined, 500);
    expect(page.ids).toHaveLength(1);
    expect(() => fetchOutboxRequest(undefined, 101, credentials, Date.now())).toThrow(RangeError);
    const tooMany = signedEnvelope('<ce:fetchOutbox><ce:Cursor/><ce:Max>101</ce:Max></ce:fetchOutbox>', credentials, Date.now());
    const answer = await axios.post(`${simulator().url}/splc/services/CaseExchange`, tooMany, {
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:fetchOutbox"' },
      validateStatus: () => true,
      proxy: false,
    });
    expect(answer.status).toBe(500);
    expect(String(answer.data)).toContain('Max must be 1-100');
    expect(String(answer.data)).toContain('soap:Client');
  });

  it('a page with one broken message yields the good ones and every id for acknowledgement', async () => {
    for (const message of courtSent) simulator().addToOutbox!(message);
    simulator().tamperOutbox(courtSent[1]!.messageId, (xml) => xml.replace('idNo="440105199001011239"', 'idNo="440105199001011238"'));
    const page = await client().fetchOutbox!(undefined, 50);
    expect(page.decoded.messages.map((m) => m.message.messageId)).toEqual([courtSent[0]!.messageId, courtSent[2]!.messageId]);
    expect(page.decoded.rejected).toHaveLength(1);
    expect(page.decoded.rejected[0]!.issues[0]!.field).toBe('Message[1]/Case/Defendant[0]/@idNo');
    expect(page.decoded.rejected[0]!.raw).toContain('440105199001011238');
    expect(page.ids).toEqual(expect.arrayContaining(courtSent.map((m) => m.messageId)));
  });

  it('outbox failures are OutboxErrors saying whether to retry', async () => {
    simulator().setFault({ fault: { kind: 'http', status: 503 }, times: 1 });
    await expect(client().fetchOutbox!(undefined, 10)).rejects.toMatchObject({ name: 'OutboxError', retryable: true });
    simulator().setFault({ fault: { kind: 'answer', code: 'soap:Server' }, times: 1 });
    await expect(client().fetchOutbox!(undefined, 10)).rejects.toMatchObject({ retryable: true });
    await expect(client({ credentials: { secret: 'wrong' } }).fetchOutbox!(undefined, 10)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('soap:Client'),
    });
    simulator().setFault({ fault: { kind: 'answer', code: '1', message: 'unknown id' }, times: 1 });
    await expect(client().ack!(['X'])).rejects.toBeInstanceOf(OutboxError);
    simulator().setFault({ fault: { kind: 'hang' }, times: 1 });
    await expect(client({ timeoutMs: 200 }).ack!(['X'])).rejects.toMatchObject({ retryable: true });
  });
});

describe('court client: an outbox page must carry a valid Auth header', () => {
  /** A court that answers every call with `page` and records the SOAPActions it was called with. */
  let page: string | ((request: string) => string) = '';
  const calls: string[] = [];
  let fakeCourt: ReturnType<typeof createServer>;
  let fakeUrl = '';
  beforeAll(async () => {
    fakeCourt = createServer((req, res) => {
      calls.push(String(req.headers['soapaction']));
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(typeof page === 'function' ? page(Buffer.concat(chunks).toString('utf8')) : page);
      });
    });
    await new Promise<void>((resolve) => fakeCourt.listen(0, '127.0.0.1', resolve));
    fakeUrl = `http://127.0.0.1:${(fakeCourt.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => fakeCourt.close(() => resolve())));
  beforeEach(() => void (calls.length = 0));

  const now = Date.now();
  const fakeClient = (options: Partial<CourtClientOptions> = {}) =>
    new CourtClient({ baseUrl: fakeUrl, credentials, timeoutMs: 5000, now: () => now, ...options });
  const signed = (messages: UnifiedMessage[], at = now) => fetchOutboxAnswer(messages, '000007', credentials, at);
  const withoutHeader = (text: string) => text.replace(/\s*<soap:Header>[\s\S]*<\/soap:Header>/, '');
  const refusal = () =>
    fakeClient()
      .fetchOutbox('000004', 50)
      .then(
        () => expect.unreachable('the page was taken'),
        (error: unknown) => error as OutboxPageRefused,
      );

  it.each([
    ['no soap:Header', withoutHeader(signed(courtSent)), 'Envelope/Header/Auth', 'Auth header is missing (缺少Auth认证头)'],
    [
      'an empty soap:Header',
      withoutHeader(signed(courtSent)).replace('<soap:Body>', '<soap:Header/>\n  <soap:Body>'),
      'Envelope/Header/Auth',
      'Auth header is missing (缺少Auth认证头)',
    ],
    ['an empty page without Auth (it would move the cursor)', withoutHeader(signed([])), 'Envelope/Header/Auth', 'Auth header is missing (缺少Auth认证头)'],
    [
      'Auth without Sign',
      signed(courtSent).replace(/<ce:Sign>\w+<\/ce:Sign>/, ''),
      'Envelope/Header/Auth/Sign',
      'Auth needs AppId, Timestamp and Sign (认证头不完整)',
    ],
    ['a Body changed after signing', signed(courtSent).replace('张三', '李四'), 'Envelope/Header/Auth/Sign', 'Sign does not match (签名不正确)'],
    ['a signature 10 minutes old', signed(courtSent, now - 600_000), 'Envelope/Header/Auth/Timestamp', 'Timestamp is more than 300 s off (时间戳超出±300秒)'],
    [
      'another AppId',
      signed(courtSent).replace('<ce:AppId>GZ-PLATFORM</ce:AppId>', '<ce:AppId>GZ-OTHER</ce:AppId>'),
      'Envelope/Header/Auth/AppId',
      'unknown AppId GZ-OTHER (AppId不正确)',
    ],
  ])('a page with %s is refused whole, naming the element, with the raw page kept', async (_case, text, field, reason) => {
    page = text;
    const error = await refusal();
    expect(error).toBeInstanceOf(OutboxPageRefused);
    expect(error).toBeInstanceOf(OutboxError);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`${field}: ${reason}`);
    expect(error.message).toContain('发件箱应答认证失败');
    expect(error.rejected).toEqual({ issues: [{ field, reason }], raw: text });
  });

  /** The Body element of a signed envelope, exactly as written. */
  const bodyOf = (text: string) => /<soap:Body>[\s\S]*<\/soap:Body>/.exec(text)![0];
  const forgedBody = bodyOf(signed(courtSent));
  const expectRefused = async (field: string, reason: RegExp) => {
    const error = await refusal();
    expect(error).toBeInstanceOf(OutboxPageRefused);
    expect(error.retryable).toBe(false);
    expect(error.rejected.issues[0]!.field).toBe(field);
    expect(error.rejected.issues[0]!.reason).toMatch(reason);
    // After each attack a validly signed page is still taken.
    page = signed(courtSent);
    expect((await fakeClient().fetchOutbox('000004', 50)).ids).toEqual(courtSent.map((m) => m.messageId));
  };

  it.each([
    [
      'the signed empty Body moved into a comment, a forged Body after it',
      () => signed([]).replace(bodyOf(signed([])), `<!--${bodyOf(signed([]))}-->${forgedBody}`),
      'Envelope',
      /comment between the envelope's parts/,
    ],
    [
      'a forged second Body after the signed one',
      () => signed([]).replace(bodyOf(signed([])), `${bodyOf(signed([]))}${forgedBody}`),
      'Envelope/Body',
      /appears twice/,
    ],
    [
      'a forged Body before the signed one',
      () => signed([]).replace(bodyOf(signed([])), `${forgedBody}${bodyOf(signed([]))}`),
      'Envelope/Body',
      /appears twice/,
    ],
    [
      'the signed Body hidden in the Header, a forged Body in its place',
      () =>
        signed([])
          .replace('</ce:Auth>', `</ce:Auth><ce:Wrap>${bodyOf(signed([]))}</ce:Wrap>`)
          .replace(bodyOf(signed([])) + '\n</soap:Envelope>', `${forgedBody}\n</soap:Envelope>`),
      'Envelope/Header/Auth/Sign',
      /Sign does not match/,
    ],
    [
      'the signed Body under another prefix for the same namespace, a forged soap:Body',
      () =>
        signed([])
          .replace('<soap:Envelope ', '<soap:Envelope xmlns:s2="http://schemas.xmlsoap.org/soap/envelope/" ')
          .replace(bodyOf(signed([])), `${bodyOf(signed([])).replace(/soap:Body/g, 's2:Body')}${forgedBody}`),
      'Envelope/s2:Body',
      /is not a SOAP Header or Body/,
    ],
    ['a processing instruction between the parts', () => signed(courtSent).replace('<soap:Body>', '<?x ?><soap:Body>'), 'Envelope', /processing instruction/],
    ['text after the envelope', () => `${signed(courtSent)}<soap:Body/>`, 'Envelope', /after the envelope/],
    [
      'a DOCTYPE (refused before the signature is looked at)',
      () => signed(courtSent).replace('<soap:Envelope', '<!DOCTYPE soap:Envelope [<!ENTITY x "y">]>\n<soap:Envelope'),
      'DOCTYPE',
      /DOCTYPE/,
    ],
  ])('signature wrapping: %s is refused whole and kept', async (_case, attack, field, reason) => {
    page = attack();
    await expectRefused(field, reason);
  });

  it("answer reflection: the platform's own signed fetchOutbox request sent back as the answer is refused", async () => {
    page = (request) => request;
    await expectRefused('Envelope/Header/Auth/Sign', /reflected request/);
    // …and with its Body replaced by a forged page: the Sign no longer matches.
    page = (request) => request.replace(bodyOf(request), forgedBody);
    await expectRefused('Envelope/Header/Auth/Sign', /Sign does not match/);
  });

  it('an answer signed long before the request it answers (a replayed page) is refused; the skew is configurable', async () => {
    page = signed(courtSent, now - 60_000);
    const error = (await fakeClient({ answerSkewMs: 30_000 })
      .fetchOutbox('000004', 50)
      .catch((e: unknown) => e)) as OutboxPageRefused;
    expect(error.rejected.issues[0]).toMatchObject({ field: 'Envelope/Header/Auth/Timestamp', reason: expect.stringMatching(/older than the request/) });
    expect((await fakeClient().fetchOutbox('000004', 50)).ids).toHaveLength(courtSent.length);
  });

  it('a signed page holding another operation than fetchOutboxResponse is refused', async () => {
    page = signedEnvelope(`<ce:receiveDocument>${renderCourtMessage(courtSent[0]!)}</ce:receiveDocument>`, credentials, now);
    await expectRefused('Envelope/Body', /must hold fetchOutboxResponse/);
  });

  it('a poller takes nothing from an unsigned page: no acknowledgement, the cursor stays', async () => {
    page = withoutHeader(signed(courtSent));
    const saved: string[] = [];
    const handed: unknown[] = [];
    const poller = new OutboxPoller({
      client: fakeClient(),
      cursorStore: { load: async () => '000004', save: async (cursor) => void saved.push(cursor) },
      onPage: async (p) => void handed.push(p),
    });
    await expect(poller.pollOnce()).rejects.toBeInstanceOf(OutboxPageRefused);
    expect(calls).toEqual(['"urn:fetchOutbox"']);
    expect(handed).toEqual([]);
    expect(saved).toEqual([]);
  });

  it('the specification sample page, signed with its own clock, is taken (and refused once that clock is 10 minutes behind)', async () => {
    page = legacySample('court-fetch-outbox-response.soap.xml').toString('utf8');
    const sampleTime = Number(/<ce:Timestamp>(\d+)</.exec(page)![1]);
    const taken = await fakeClient({ now: () => sampleTime }).fetchOutbox(undefined, 50);
    expect(taken.ids).toEqual(['SPLC-440105030000-20221226-000088']);
    expect(taken.nextCursor).toBe('000088');
    await expect(fakeClient({ now: () => sampleTime + 600_000 }).fetchOutbox(undefined, 50)).rejects.toBeInstanceOf(OutboxPageRefused);
  });

  it('verifyAnswers: false takes an unsigned page unchecked (a court known not to sign)', async () => {
    page = withoutHeader(signed(courtSent));
    const taken = await fakeClient({ verifyAnswers: false }).fetchOutbox(undefined, 50);
    expect(taken.ids).toEqual(courtSent.map((m) => m.messageId));
  });

  it('the simulator signs every outbox page it serves, empty or not', async () => {
    simulator().addToOutbox!(courtSent[0]!);
    const pages = [await client().fetchOutbox!(undefined, 50), await client().fetchOutbox!('000001', 50)];
    expect(pages.map((p) => p.ids)).toEqual([[courtSent[0]!.messageId], []]);
    const answer = await axios.post(`${simulator().url}/splc/services/CaseExchange`, fetchOutboxRequest(undefined, 50, credentials, Date.now()).body, {
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:fetchOutbox"' },
      responseType: 'text',
      proxy: false,
    });
    expect(verifyCourtText(String(answer.data), credentials, Date.now())).toEqual({ ok: true });
  });
});
