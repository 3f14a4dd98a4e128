/**
 * A declarative adapter: a system document (JSON or YAML; describing a JSON or XML system) checked at
 * load and turned into an adapter of the public contract (contract.ts) — codec, client (axios via the
 * shared push client, plus the polled outbox), simulator (the shared simulator base). A document with an error is refused whole,
 * naming each entry and the reason in both languages; nothing is half-loaded.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import type { Agency } from '../../standard/codes/agencies';
import { ADAPTER_CONTRACT_VERSION, type AdapterDefinition } from '../contract';
import { checkAdapter } from '../registry';
import { createAttachmentOpener } from '../shared/attachment-source';
import { createPushClient } from '../shared/push-client';
import { simDecodedFrom, startBaseSimulator, type SimulatorBehaviour } from '../shared/simulator-base';
import type { AuthResult, Credentials, Headers, InboundRequestLine, LegacyClient, LegacyCodec } from '../types';
import { answer, answersOf, codedAnswer, outcomeOf } from './answers';
import { authHeaders, identityOf, SeenNonces, verifyRequest } from './auth';
import { compileDocument, decodeDeclarative, encodeDeclarative, type CompiledDocument } from './codec';
import { readDocumentText, syntaxOfName, type DocumentSyntax } from './document-text';
import { soapRequestIdentity, verifySoapSignature } from './inbound-auth';
import { createOutboxClient, outboxRoutes } from './outbox';
import { SystemDocumentSchema, type SystemDocument } from './schema';
import { decodeDeclarativeXml, encodeDeclarativeXml } from './xml-codec';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;

/** A system document that cannot be loaded, with every entry that is wrong. */
export class SystemDocumentError extends Error {
  constructor(
    readonly source: string,
    readonly problems: Array<{ entry: string; reason: string }>,
  ) {
    super(bilingual(`system document ${source} refused: ${problems.map((p) => `${p.entry}: ${p.reason}`).join('; ')}`, `系统描述文档${source}未被加载`));
    this.name = 'SystemDocumentError';
  }
}

const entryOf = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '') || '(document)';

/** Checks that go beyond the shape: tables named exist, unified message types are the standard's. */
function crossCheck(doc: SystemDocument): Array<{ entry: string; reason: string }> {
  const problems: Array<{ entry: string; reason: string }> = [];
  let compiled: CompiledDocument | undefined;
  try {
    compiled = compileDocument(doc);
  } catch (error) {
    problems.push({ entry: 'tables', reason: (error as Error).message });
  }
  const checkTables = (fields: SystemDocument['fields'], at: string) =>
    fields.forEach((field, i) =>
      field.transforms.forEach((transform, j) => {
        if (typeof transform === 'object' && 'table' in transform) {
          try {
            compiled?.context.tables(transform.table);
          } catch (error) {
            problems.push({ entry: `${at}[${i}].transforms[${j}].table`, reason: (error as Error).message });
          }
        }
        if (typeof transform === 'object' && 'jsonata' in transform) {
          for (const side of ['decode', 'encode'] as const) {
            const text = transform.jsonata[side];
            if (text === undefined) continue;
            try {
              compiled?.context.expression(text);
            } catch (error) {
              problems.push({
                entry: `${at}[${i}].transforms[${j}].jsonata.${side}`,
                reason: bilingual(`not a JSONata expression: ${(error as Error).message}`, '不是有效的JSONata表达式'),
              });
            }
          }
        }
      }),
    );
  checkTables(doc.fields, 'fields');
  const walk = (lists: SystemDocument['lists'], at: string): void =>
    lists.forEach((list, i) => {
      checkTables(list.fields, `${at}[${i}].fields`);
      walk(list.lists ?? [], `${at}[${i}].lists`);
    });
  walk(doc.lists, 'lists');
  doc.messageTypes.forEach((rule, i) => checkTables(rule.fields, `messageTypes[${i}].fields`));
  problems.push(...credentialProblems(doc), ...formatProblems(doc));
  return problems;
}

/** The format, envelope and authentication entries agree with each other. */
function formatProblems(doc: SystemDocument): Array<{ entry: string; reason: string }> {
  const problems: Array<{ entry: string; reason: string }> = [];
  const signed = doc.auth.scheme === 'soap-signature';
  const signature = doc.format.type === 'xml' ? doc.format.soap?.signature : undefined;
  if (signed && !signature)
    problems.push({
      entry: 'auth.scheme',
      reason: bilingual('soap-signature needs format.soap.signature', 'soap-signature认证须在format.soap.signature中声明签名'),
    });
  if (!signed && signature)
    problems.push({
      entry: 'format.soap.signature',
      reason: bilingual('a signature needs auth.scheme soap-signature', '声明签名时auth.scheme应为soap-signature'),
    });
  if (doc.format.type === 'xml' && doc.format.prefix !== '' && !Object.prototype.hasOwnProperty.call(doc.format.namespaces, doc.format.prefix))
    problems.push({ entry: 'format.prefix', reason: bilingual(`${doc.format.prefix} is not a prefix of format.namespaces`, '前缀未在namespaces中声明') });
  return problems;
}

/** The credentials the document's auth scheme needs, when the platform sends to the system or checks what it receives. */
function credentialProblems(doc: SystemDocument): Array<{ entry: string; reason: string }> {
  const auth = doc.auth;
  const needs: Array<'token' | 'appId' | 'secret'> =
    auth.scheme === 'soap-signature'
      ? ['appId', 'secret']
      : auth.scheme !== 'hmac'
        ? ['token']
        : auth.headers.appId !== undefined
          ? ['appId', 'secret']
          : ['secret'];
  const { push, outbox, delivery } = doc.transports;
  if (!push && !outbox && !delivery) return [];
  return needs
    .filter((field) => !doc.credentials.includes(field))
    .map((field) => ({ entry: 'credentials', reason: bilingual(`the ${auth.scheme} scheme needs ${field}`, `该认证方式需要${field}`) }));
}

/** Validates a parsed document; throws SystemDocumentError with every problem. */
export function checkSystemDocument(value: unknown, source = '(document)'): SystemDocument {
  const parsed = SystemDocumentSchema.safeParse(value);
  if (!parsed.success) {
    throw new SystemDocumentError(
      source,
      (parsed.error as z.ZodError).issues.map((issue) => ({ entry: entryOf(issue.path), reason: issue.message })),
    );
  }
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new SystemDocumentError(source, problems);
  return parsed.data;
}

/** A request pushed to the platform, checked as the document says; the request line defaults to a POST to the push path. */
function verifyPushed(doc: SystemDocument, body: Buffer, headers: Headers, credentials: Credentials, now: number, line?: InboundRequestLine): AuthResult {
  if (doc.auth.scheme === 'soap-signature') return verifySoapSignature(doc, body, headers, credentials, now);
  const request = { method: line?.method ?? 'POST', path: line?.path ?? doc.transports.push?.path ?? '/', body };
  return verifyRequest(doc, request, headers, credentials, now);
}

/** The simulator's check of the platform's requests: the same verification, and a nonce refused the second time. */
function simulatorAuthentication(doc: SystemDocument): SimulatorBehaviour['authenticate'] {
  const nonces = doc.auth.scheme === 'hmac' ? new SeenNonces(2 * doc.auth.timestamp.windowSeconds * 1000) : undefined;
  return (request, credentials, now) => {
    if (doc.auth.scheme === 'soap-signature') return verifySoapSignature(doc, request.body, request.headers, credentials, now);
    const verdict = verifyRequest(doc, { method: request.method, path: request.target, body: request.body }, request.headers, credentials, now);
    const nonce = identityOf(doc, request.headers).nonce;
    if (!verdict.ok || !nonces || nonce === undefined) return verdict;
    return nonces.admit(nonce, now) ? verdict : { ok: false, reason: bilingual('this nonce was already used: replay refused', '该随机数已使用过，拒绝重放') };
  };
}

/** The adapter of a checked document (`baseDir`: where the document lives, for its fixtures). */
export function declarativeAdapter(doc: SystemDocument, baseDir?: string): AdapterDefinition {
  const compiled = compileDocument(doc);
  const answers = answersOf(doc);
  const xml = doc.format.type === 'xml';
  const signedSoap = doc.auth.scheme === 'soap-signature';
  const codec: LegacyCodec = {
    kind: doc.kind,
    decode: (body, headers) => (xml ? decodeDeclarativeXml : decodeDeclarative)(body, headers, compiled),
    encode: (message, context) => (xml ? encodeDeclarativeXml : encodeDeclarative)(message, context, compiled),
    // A signed SOAP system's requests can be checked whichever way they travel (the kit checks bad signatures).
    ...(doc.transports.push || signedSoap
      ? {
          verifyInbound: (body: Buffer, headers: Headers, credentials: Credentials, now: number, line?: InboundRequestLine) =>
            verifyPushed(doc, body, headers, credentials, now, line),
          requestIdentity: signedSoap ? soapRequestIdentity(doc) : (headers: Headers) => identityOf(doc, headers),
        }
      : {}),
    ...(doc.transports.push ? { answers } : {}),
  };
  const outbox = doc.transports.outbox;
  const behaviour: SimulatorBehaviour = {
    kind: doc.kind,
    authenticate: simulatorAuthentication(doc),
    unauthorized: (reason) => answers.unauthorized!(reason),
    ...(outbox ? { routes: outboxRoutes(compiled, (which, message) => answer(doc, which, message)) } : {}),
    ...(doc.transports.delivery
      ? {
          receive: {
            matches: (request) => request.path === doc.transports.delivery!.path,
            decode: (request) => simDecodedFrom(codec.decode(request.body, request.headers)),
            answers: {
              accepted: (_id, receipt) => answer(doc, 'accepted', undefined, receipt),
              duplicate: (_id, receipt) => answer(doc, 'duplicate', undefined, receipt),
              rejected: (id, issues) => answers.rejected(id, issues),
              code: (code, message) => codedAnswer(doc, code, message),
            },
          },
        }
      : {}),
  };
  const adapter: AdapterDefinition = {
    contractVersion: ADAPTER_CONTRACT_VERSION,
    kind: doc.kind,
    names: doc.names,
    agencies: doc.agencies as [Agency, ...Agency[]],
    credentials: doc.credentials,
    transports: {
      ...(doc.transports.push ? { push: doc.transports.push.path === undefined ? {} : { path: doc.transports.push.path } } : {}),
      ...(outbox
        ? {
            outbox: {
              cursor: true as const,
              ack: true as const,
              maxPageSize: outbox.pageSize.max,
              pageSize: outbox.pageSize.default,
              intervalMs: outbox.intervalSeconds * 1000,
            },
          }
        : {}),
      ...(doc.transports.delivery
        ? { delivery: { synchronousAnswer: true, ...(doc.transports.delivery.attachments ? { attachments: doc.transports.delivery.attachments } : {}) } }
        : {}),
    },
    standardVersion: doc.standardVersion,
    codec,
    createClient: (options): LegacyClient => ({
      ...createPushClient(options, {
        encode: codec.encode,
        outcome: (status, headers, body, now) => outcomeOf(doc, status, headers, body, now),
        encodeFailure: (reason) => bilingual(`cannot encode for ${doc.kind}: ${reason}`, '无法转换为对方系统报文'),
      }),
      ...(outbox ? createOutboxClient(compiled, options) : {}),
      fetchAttachment: createAttachmentOpener({
        baseUrl: options.baseUrl,
        ...(options.timeoutMs ? { timeoutMs: Math.max(options.timeoutMs, 30_000) } : {}),
        ...(options.tls ? { tls: options.tls } : {}),
        headersFor: (path) => authHeaders(doc, { method: 'GET', path, body: Buffer.alloc(0) }, options.credentials, (options.now ?? Date.now)()),
      }),
    }),
    startSimulator: (options) => startBaseSimulator(behaviour, options),
    source: { package: `declarative:${doc.kind}`, version: doc.version },
    ...(doc.fixtures !== undefined && baseDir !== undefined ? { fixtures: { directory: resolve(baseDir, doc.fixtures) } } : {}),
  };
  const checked = checkAdapter(adapter);
  if (!checked.ok)
    throw new SystemDocumentError(
      doc.kind,
      checked.reasons.map((reason) => ({ entry: '(adapter)', reason })),
    );
  return adapter;
}

/** A document's text (JSON or YAML, see document-text.ts) → the checked document; throws SystemDocumentError with every problem. */
export function checkSystemDocumentText(text: string, source: string, syntax: DocumentSyntax = 'auto'): SystemDocument {
  const read = readDocumentText(text, syntax);
  if (!read.ok) throw new SystemDocumentError(source, read.problems);
  return checkSystemDocument(read.value, source);
}

/** Reads, checks and turns one system document file (`.json`, `.yaml`, `.yml`) into an adapter; refuses it whole on any error. */
export function loadDeclarativeAdapter(path: string): AdapterDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SystemDocumentError(path, [{ entry: '(file)', reason: bilingual(`not readable: ${(error as Error).message}`, '文件无法读取') }]);
  }
  return declarativeAdapter(checkSystemDocumentText(text, path, syntaxOfName(path)), dirname(resolve(path)));
}
