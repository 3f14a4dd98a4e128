/**
 * The codec of a declarative adapter: legacy bytes ↔ unified messages, driven only by the mapping
 * document. Decoding reports every problem on the legacy field (value and bilingual reason), keeps
 * the raw body, and validates the result against the standard; encoding writes fields in the
 * document's order and refuses what the system cannot hold.
 */
import { MESSAGE_TYPES, type MessageType } from '../../standard/codes/message-types';
import { parseOrgCode, type OrgRef } from '../../standard/codes/org-codes';
import type { Process } from '../../standard/codes/processes';
import { CURRENT_STANDARD_VERSION, type UnifiedMessage } from '../../standard/schema/message';
import { standardVersionFor } from '../../standard/versioning';
import { decodeWholeBody } from '../shared/body-decode';
import { decodeBody, encodeBody, jsonTextFor } from '../shared/charset';
import { headerOf } from '../shared/http-headers';
import { IssueCollector, MappingError, type MappingIssue } from '../shared/issues';
import { isObject } from '../shared/json-read';
import { bi, checkedAttachment, orgValue } from '../shared/legacy-values';
import { validateMapped, type MappedItem } from '../shared/mapping-result';
import { addMappedItems } from '../shared/outbox-page';
import { personRoleFor, usualProcessOf } from '../shared/process-rules';
import { DEFAULT_JSON_LIMITS, parseJson } from '../shared/safe-json';
import type { DecodeResult, EncodeContext, EncodedRequest, Headers } from '../types';
import jsonata from 'jsonata';
import { authHeaders } from './auth';
import { getPath, hasValue, setPath } from './paths';
import type { Condition, Field, ListMapping, OrgField, SystemDocument } from './schema';
import {
  decodeValue,
  encodeValue,
  readDateTime,
  STANDARD_TABLE_IMPLEMENTATIONS,
  tableOf,
  writeDateTime,
  type ResolvedTable,
  type TransformContext,
} from './transforms';

type Obj = Record<string, unknown>;

const joinLegacy = (base: string, path: string): string => (base === '' ? path : `${base}.${path}`);

/** The legacy keys a document knows, as a tree; a list's items have their own tree under `items`. */
export interface KnownKeys {
  children: Map<string, KnownKeys>;
  items?: KnownKeys;
}

const newKnown = (): KnownKeys => ({ children: new Map() });

function addKnownPath(tree: KnownKeys, path: string): KnownKeys {
  let node = tree;
  for (const part of path.replace(/\[\]/g, '').split('.')) {
    let next = node.children.get(part);
    if (!next) node.children.set(part, (next = newKnown()));
    node = next;
  }
  return node;
}

function addKnownFields(tree: KnownKeys, fields: readonly Field[]): void {
  for (const field of fields) {
    if (field.legacy !== undefined) addKnownPath(tree, field.legacy);
    if (field.when?.legacy !== undefined) addKnownPath(tree, field.when.legacy);
  }
}

function addKnownLists(tree: KnownKeys, lists: readonly ListMapping[]): void {
  for (const list of lists) {
    const node = addKnownPath(tree, list.legacy);
    node.items ??= newKnown();
    addKnownFields(node.items, list.fields);
    addKnownLists(node.items, list.lists ?? []);
  }
}

function knownKeysOf(doc: SystemDocument): KnownKeys {
  const tree = newKnown();
  const env = doc.envelope;
  for (const path of [env.id, env.type, orgPath(env.sender), orgPath(env.receiver), env.time.legacy, env.inReplyTo]) if (path) addKnownPath(tree, path);
  addKnownFields(tree, doc.fields);
  addKnownLists(tree, doc.lists);
  for (const rule of doc.messageTypes) {
    addKnownFields(tree, rule.fields);
    if (rule.when?.legacy) addKnownPath(tree, rule.when.legacy);
  }
  for (const rule of doc.process) for (const path of rule.anyContains.legacy) addKnownPath(tree, path);
  return tree;
}

/** Warns about every legacy key the document does not map: kept in the raw archive, never silently dropped. */
function warnUnknownKeys(value: unknown, known: KnownKeys, path: string, issues: IssueCollector): void {
  if (Array.isArray(value)) {
    if (known.items) value.forEach((item, i) => warnUnknownKeys(item, known.items!, `${path}[${i}]`, issues));
    return;
  }
  if (!isObject(value) || known.children.size === 0) return;
  for (const key of Object.keys(value)) {
    const child = known.children.get(key);
    const childPath = joinLegacy(path, key);
    if (!child) issues.warn(childPath, value[key], bi('unknown field, kept in the raw archive only, not mapped', '未知字段，仅保留在原文中，未映射'));
    else warnUnknownKeys(value[key], child, childPath, issues);
  }
}

/** The compiled form of one document: tables resolved, lookups built once. */
export interface CompiledDocument {
  doc: SystemDocument;
  /** Legacy values arrive as text (XML): integers, numbers and booleans are read from it. */
  textual: boolean;
  context: TransformContext;
  known: KnownKeys;
  /** unified path prefix → legacy path, for reporting validation issues on legacy fields. */
  fieldFor(unifiedPath: string): string;
}

export function compileDocument(doc: SystemDocument): CompiledDocument {
  const tables = new Map<string, ResolvedTable>();
  for (const [name, table] of Object.entries(doc.tables)) tables.set(name, tableOf(name, table.decode, table.encode));
  const oneToOne: Record<string, string> = {};
  for (const rule of doc.messageTypes) if (!rule.when) oneToOne[rule.legacy] = rule.unified;
  tables.set('messageTypes', tableOf('messageTypes', oneToOne));
  const expressions = new Map<string, ReturnType<TransformContext['expression']>>();
  const context: TransformContext = {
    expression(text) {
      let compiled = expressions.get(text);
      if (!compiled) expressions.set(text, (compiled = jsonata(text)));
      return compiled;
    },
    tables(names) {
      return (Array.isArray(names) ? names : [names]).map((name) => {
        const table = tables.get(name) ?? STANDARD_TABLE_IMPLEMENTATIONS[name];
        if (!table) throw new Error(`unknown code table ${name} (未知代码表)`);
        return table;
      });
    },
  };
  return { doc, textual: doc.format.type === 'xml', context, known: knownKeysOf(doc), fieldFor: fieldLookup(doc) };
}

/** Where a unified validation path (`persons[0].idNumber`) lives in the legacy document. */
function fieldLookup(doc: SystemDocument): (unifiedPath: string) => string {
  const top = new Map<string, string>([
    ['messageId', doc.envelope.id],
    ['messageType', doc.envelope.type],
    ['process', doc.envelope.type],
    ['sender', orgPath(doc.envelope.sender)],
    ['receiver', orgPath(doc.envelope.receiver)],
    ['sentAt', doc.envelope.time.legacy],
  ]);
  if (doc.envelope.inReplyTo) top.set('inReplyTo', doc.envelope.inReplyTo);
  const fields = [...doc.fields, ...doc.messageTypes.flatMap((rule) => rule.fields)];
  return (unifiedPath) => {
    const plain = unifiedPath.replace(/\[\d+\]/g, '');
    const head = plain.split('.')[0]!;
    if (top.has(head)) return top.get(head)!;
    for (const list of doc.lists) {
      const m = new RegExp(`^${list.unified.replace(/[.[\]]/g, '\\$&')}\\[(\\d+)\\](?:\\.(.*))?$`).exec(unifiedPath);
      if (!m) continue;
      const base = `${list.legacy}[${m[1]}]`;
      if (!m[2]) return base;
      const inner = m[2].replace(/\[\d+\]/g, '');
      const field = list.fields.find(
        (f) => f.unified && f.legacy && (inner === f.unified || inner.startsWith(`${f.unified}.`) || f.unified.startsWith(`${inner}.`)),
      );
      return field ? `${base}.${field.legacy}` : base;
    }
    const field = fields.find((f) => f.unified && f.legacy && (plain === f.unified || plain.startsWith(`${f.unified}.`) || f.unified.startsWith(`${plain}.`)));
    if (field) return field.legacy!;
    return head === 'case' || head === 'payload' ? head : '(message)';
  };
}

// ---------------------------------------------------------------- decoding

/** The legacy path of a sender or receiver entry. */
export function orgPath(field: OrgField): string {
  return typeof field === 'string' ? field : field.legacy;
}

/** A sender or receiver: a platform org code, or a unit code of the document's `units`. */
function readOrg(root: unknown, field: OrgField, doc: SystemDocument, issues: IssueCollector): OrgRef | undefined {
  const path = orgPath(field);
  const value = readLegacy(root, path, 'string', path, issues) as string | undefined;
  if (typeof field === 'string') return orgValue(value, path, issues);
  if (value === undefined) return issues.error(path, undefined, bi('is required', '必填'));
  const unit = Object.prototype.hasOwnProperty.call(doc.units, value) ? doc.units[value]! : undefined;
  if (!unit) return issues.error(path, value, bi(`is not a unit code of this system (known: ${Object.keys(doc.units).join(', ')})`, '不是本系统的单位代码'));
  const platform = parseOrgCode(unit.orgCode);
  if (platform) return platform;
  if (!unit.agency || !unit.division) return issues.error(path, value, bi(`unit ${value} needs agency and division in the document`, '单位缺少机关类型或区划'));
  return { agency: unit.agency, division: unit.division, orgCode: unit.orgCode } as OrgRef;
}

/** A sender or receiver for the legacy side: the org code, or the unit code the document gives it. */
function writeOrg(org: { orgCode: string }, field: OrgField, doc: SystemDocument, unified: string, issues: IssueCollector): string | undefined {
  if (typeof field === 'string') return org.orgCode;
  const code = Object.keys(doc.units).find((key) => doc.units[key]!.orgCode === org.orgCode);
  return code ?? issues.error(unified, org.orgCode, bi(`has no unit code in ${doc.kind}: the system cannot address it`, '对方系统无此单位代码'));
}

interface Scope {
  /** The legacy node the paths are relative to. */
  legacy: unknown;
  legacyBase: string;
  /** The legacy document root (conditions may look there). */
  root: unknown;
  /** The unified object being built. */
  target: Obj;
  /** The unified message being built (for conditions on the message). */
  message: Obj;
  process: Process | undefined;
}

/** A legacy condition reads the item, then the document; a unified one the item, then the message. */
function conditionHolds(condition: Condition, scope: { legacy: unknown; root: unknown; target: Obj; message: Obj }): boolean {
  let value: unknown;
  if (condition.legacy !== undefined) value = getPath(scope.legacy, condition.legacy) ?? getPath(scope.root, condition.legacy);
  else value = getPath(scope.target, condition.unified!) ?? getPath(scope.message, condition.unified!);
  if (typeof value === 'string') value = value.trim();
  if (condition.equals !== undefined) return value === condition.equals;
  if (condition.notEquals !== undefined) return value !== condition.notEquals;
  return value !== undefined && value !== null && value !== '';
}

const INTEGER_TEXT = /^-?\d{1,15}$/;
const NUMBER_TEXT = /^-?\d{1,15}(?:\.\d{1,15})?$/;

/** A typed value written as text (XML): `12` an integer, `5000.00` a number, `true` a boolean; else unchanged (reported below). */
function fromText(text: string, type: Field['type']): unknown {
  const value = text.trim();
  if (type === 'integer' && INTEGER_TEXT.test(value)) return Number(value);
  if (type === 'number' && NUMBER_TEXT.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return text;
}

/** The legacy value at `path`, read as `type`; null and '' are "not sent". */
function readLegacy(node: unknown, path: string, type: Field['type'], field: string, issues: IssueCollector, textual = false): unknown {
  let value = getPath(node, path);
  if (value === undefined || value === null) return undefined;
  if (textual && typeof value === 'string' && type !== 'string') {
    if (value.trim() === '') return undefined;
    value = fromText(value, type);
  }
  switch (type) {
    case 'string':
      if (typeof value !== 'string') return issues.error(field, value, bi('must be a string', '应为字符串'));
      return value.trim() === '' ? undefined : value.trim();
    case 'boolean':
      return typeof value === 'boolean' ? value : issues.error(field, value, bi('must be true or false', '应为 true 或 false'));
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : issues.error(field, value, bi('must be an integer', '应为整数'));
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : issues.error(field, value, bi('must be a number', '应为数字'));
  }
}

function decodeField(field: Field, scope: Scope, compiled: CompiledDocument, issues: IssueCollector): void {
  if (field.when && !conditionHolds(field.when, scope)) return;
  const legacyField = field.legacy === undefined ? scope.legacyBase : joinLegacy(scope.legacyBase, field.legacy);
  if (field.derive === 'personRole') {
    if (field.unified && scope.process) setPath(scope.target, field.unified, personRoleFor(scope.process));
    return;
  }
  if (field.const !== undefined && field.unified !== undefined && field.legacy === undefined) {
    setPath(scope.target, field.unified, field.const);
    return;
  }
  let value = field.legacy === undefined ? undefined : readLegacy(scope.legacy, field.legacy, field.type, legacyField, issues, compiled.textual);
  if (value === undefined) {
    if (field.required) issues.error(legacyField, undefined, bi('is required', '必填'));
    return;
  }
  if (field.const !== undefined && field.unified === undefined) {
    if (value !== field.const)
      issues.error(legacyField, value, bi(`contradicts the message type (expected ${String(field.const)})`, `与报文类型不符，应为${String(field.const)}`));
    return;
  }
  for (const transform of field.transforms) {
    value = decodeValue(value, transform, legacyField, issues, compiled.context, { item: scope.legacy, root: scope.root });
    if (value === undefined) return;
  }
  if (field.unified !== undefined) setPath(scope.target, field.unified, value);
}

function decodeList(list: ListMapping, scope: Scope, compiled: CompiledDocument, issues: IssueCollector): void {
  const legacyField = joinLegacy(scope.legacyBase, list.legacy);
  const raw = getPath(scope.legacy, list.legacy);
  const items: Obj[] = [];
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) {
      issues.error(legacyField, raw, bi('must be a list', '应为数组'));
    } else {
      raw.forEach((entry, i) => {
        const itemField = `${legacyField}[${i}]`;
        const target: Obj = {};
        if (!isObject(entry)) {
          issues.error(itemField, entry, bi('must be an object', '应为对象'));
          items.push(target);
          return;
        }
        const inner: Scope = { ...scope, legacy: entry, legacyBase: itemField, target };
        for (const field of list.fields) decodeField(field, inner, compiled, issues);
        for (const nested of list.lists ?? []) decodeList(nested, inner, compiled, issues);
        if (list.check === 'attachment') {
          const path = (unified: string) => `${itemField}.${list.fields.find((f) => f.unified === unified)?.legacy ?? unified}`;
          const checked = checkedAttachment(target as never, { sha256: path('sha256'), size: path('size'), content: path('content') }, issues);
          if (checked) items.push(checked as unknown as Obj);
          return;
        }
        items.push(target);
      });
    }
  }
  setPath(scope.target, list.unified, items);
}

/** The legacy texts at `path`, where `a[].b` means `b` of every item of the list `a`. */
function textsAt(root: unknown, path: string): string[] {
  const star = path.indexOf('[]');
  if (star === -1) {
    const value = getPath(root, path);
    return typeof value === 'string' ? [value] : [];
  }
  const list = getPath(root, path.slice(0, star));
  if (!Array.isArray(list)) return [];
  const rest = path.slice(star + 3);
  return list.flatMap((item) => textsAt(item, rest));
}

function processOf(type: MessageType, root: unknown, doc: SystemDocument): Process {
  const rule = doc.process.find((r) => r.messageType === type);
  if (!rule) return usualProcessOf(type);
  const texts = rule.anyContains.legacy.flatMap((path) => textsAt(root, path));
  return (texts.some((t) => t.includes(rule.anyContains.text)) ? rule.then : rule.else) as Process;
}

function messageTypeRule(root: unknown, compiled: CompiledDocument, issues: IssueCollector): SystemDocument['messageTypes'][number] | undefined {
  const { doc } = compiled;
  const legacyType = readLegacy(root, doc.envelope.type, 'string', doc.envelope.type, issues) as string | undefined;
  if (legacyType === undefined) return issues.error(doc.envelope.type, undefined, bi('is required', '必填'));
  const candidates = doc.messageTypes.filter((rule) => rule.legacy === legacyType);
  if (candidates.length === 0) {
    const known = [...new Set(doc.messageTypes.map((r) => r.legacy))].sort().join(', ');
    return issues.error(doc.envelope.type, legacyType, bi(`is not a known message type (expected ${known})`, '不是已知的报文类型'));
  }
  const scope = { legacy: root, root, target: {}, message: {} };
  const rule = candidates.find((r) => !r.when || conditionHolds(r.when, scope));
  if (rule) return rule;
  const when = candidates[0]!.when!;
  const expected = candidates.map((r) => String(r.when?.equals)).join(' / ');
  return issues.error(
    when.legacy ?? doc.envelope.type,
    getPath(root, when.legacy ?? ''),
    bi(`must be ${expected} for ${legacyType}`, `${legacyType}的取值应为${expected}`),
  );
}

/** One legacy document (a parsed JSON body, or one XML message as a tree) → a unified message or its issues. */
export function mapDocument(root: unknown, compiled: CompiledDocument): MappedItem {
  const { doc } = compiled;
  if (!isObject(root)) return refused([{ field: '(root)', value: root, reason: bi('must be an object', '应为对象') }]);
  const issues = new IssueCollector();
  const env = doc.envelope;
  const legacyId = readLegacy(root, env.id, 'string', env.id, issues) as string | undefined;
  if (legacyId === undefined) issues.error(env.id, undefined, bi('is required', '必填'));
  const rule = messageTypeRule(root, compiled, issues);
  const sender = readOrg(root, env.sender, doc, issues);
  const receiver = readOrg(root, env.receiver, doc, issues);
  const rawTime = getPath(root, env.time.legacy);
  const sentAt =
    rawTime === undefined || rawTime === null || rawTime === ''
      ? issues.error(env.time.legacy, rawTime, bi('is required', '必填'))
      : readDateTime(rawTime, env.time.format, env.time.legacy, issues);
  const inReplyTo = env.inReplyTo ? (readLegacy(root, env.inReplyTo, 'string', env.inReplyTo, issues) as string | undefined) : undefined;
  if (!rule) return refused([...issues.errors], legacyId, issues.warnings);

  const messageType = rule.unified as MessageType;
  if (!Object.prototype.hasOwnProperty.call(MESSAGE_TYPES, messageType))
    return refused(
      [{ field: env.type, value: rule.legacy, reason: bi(`maps to ${messageType}, not a message type of the standard`, '映射到的报文类型不在统一标准中') }],
      legacyId,
    );
  const process = processOf(messageType, root, doc);
  const candidate: Obj = {
    standardVersion: CURRENT_STANDARD_VERSION,
    messageId: legacyId,
    messageType,
    process,
    localCaseNumbers: [],
    sender,
    receiver,
    sentAt,
    ...(inReplyTo !== undefined ? { inReplyTo } : {}),
    case: {},
    persons: [],
    documents: [],
    payload: {},
  };
  const scope: Scope = { legacy: root, legacyBase: '', root, target: candidate, message: candidate, process };
  for (const field of doc.fields) decodeField(field, scope, compiled, issues);
  for (const list of doc.lists) decodeList(list, scope, compiled, issues);
  for (const field of rule.fields) decodeField(field, scope, compiled, issues);
  warnUnknownKeys(root, compiled.known, '', issues);
  // The lowest version that holds what was mapped, as the built-in adapters write (standard/versioning.ts).
  candidate.standardVersion = standardVersionFor(candidate);

  const result = validateMapped(candidate, issues, { fieldFor: compiled.fieldFor, valueAt: (field) => getPath(root, field.replace(/\[(\d+)\]/g, '.$1')) });
  return { ...(legacyId !== undefined ? { legacyId } : {}), result, warnings: issues.warnings };
}

const refused = (issues: MappingIssue[], legacyId?: string, warnings: MappingIssue[] = []): MappedItem => ({
  ...(legacyId !== undefined ? { legacyId } : {}),
  result: { ok: false, issues },
  warnings,
});

function decodeDocument(root: unknown, text: string, compiled: CompiledDocument): DecodeResult {
  const result: DecodeResult = { messages: [], rejected: [] };
  addMappedItems(result, [root], [], (item) => ({ mapped: mapDocument(item, compiled), raw: text }));
  return result;
}

/** One legacy message already parsed (an item of an outbox page); `raw` is its text as kept. */
export function decodeLegacyItem(item: unknown, raw: string, compiled: CompiledDocument): DecodeResult {
  return decodeDocument(item, raw, compiled);
}

/** A JSON body → its one message (the XML format is read by xml-codec.ts). */
export function decodeDeclarative(body: Buffer, headers: Headers | undefined, compiled: CompiledDocument): DecodeResult {
  const format = compiled.doc.format;
  return decodeWholeBody(body, {
    maxBytes: DEFAULT_JSON_LIMITS.maxBytes,
    text: (bytes) => decodeBody(bytes, headerOf(headers, 'content-type') ?? `application/json; charset=${format.charset}`),
    decode: (text) => decodeDocument(parseJson(text), text, compiled),
  });
}

// ---------------------------------------------------------------- encoding

interface EncodeScope {
  unified: unknown;
  unifiedBase: string;
  message: UnifiedMessage;
  target: Obj;
}

function encodeField(field: Field, scope: EncodeScope, compiled: CompiledDocument, issues: IssueCollector): void {
  if (field.legacy === undefined || field.derive !== undefined) return;
  if (
    field.when &&
    field.when.unified !== undefined &&
    !conditionHolds(field.when, { legacy: undefined, root: undefined, target: scope.unified as Obj, message: scope.message as unknown as Obj })
  )
    return;
  if (field.const !== undefined && field.unified === undefined) {
    if (field.writeWhenAny && !field.writeWhenAny.some((path) => hasValue(scope.unified, path))) return;
    setPath(scope.target, field.legacy, field.const);
    return;
  }
  if (field.unified === undefined || field.const !== undefined) return;
  let value = getPath(scope.unified, field.unified);
  if (value === undefined || value === null) {
    // An XML element whose text the document maps keeps its end tag when there is no text.
    if (compiled.textual && field.legacy === '#text') setPath(scope.target, field.legacy, '');
    return;
  }
  const unifiedField = scope.unifiedBase === '' ? field.unified : `${scope.unifiedBase}.${field.unified}`;
  for (let i = field.transforms.length - 1; i >= 0; i--) {
    value = encodeValue(value, field.transforms[i]!, unifiedField, issues, compiled.context, { item: scope.unified, message: scope.message });
    if (value === undefined) return;
  }
  setPath(scope.target, field.legacy, value);
}

function encodeList(list: ListMapping, scope: EncodeScope, compiled: CompiledDocument, issues: IssueCollector): void {
  const items = getPath(scope.unified, list.unified);
  const out: Obj[] = [];
  (Array.isArray(items) ? items : []).forEach((item, i) => {
    const unifiedBase = `${scope.unifiedBase === '' ? '' : `${scope.unifiedBase}.`}${list.unified}[${i}]`;
    if (
      list.refuse &&
      conditionHolds(list.refuse.when, { legacy: undefined, root: undefined, target: item as Obj, message: scope.message as unknown as Obj })
    ) {
      const field = list.refuse.when.unified ? `${unifiedBase}.${list.refuse.when.unified}` : unifiedBase;
      issues.error(
        field,
        list.refuse.when.unified ? getPath(item, list.refuse.when.unified) : item,
        bi(list.refuse.reason['en-US'], list.refuse.reason['zh-CN']),
      );
      return;
    }
    const target: Obj = {};
    const inner: EncodeScope = { unified: item, unifiedBase, message: scope.message, target };
    for (const field of list.fields) encodeField(field, inner, compiled, issues);
    for (const nested of list.lists ?? []) encodeList(nested, inner, compiled, issues);
    out.push(target);
  });
  setPath(scope.target, list.legacy, out);
}

/** The legacy document for a unified message; throws MappingError naming each unified field the system cannot hold. */
export function toLegacyDocument(message: UnifiedMessage, compiled: CompiledDocument): Obj {
  const { doc } = compiled;
  const issues = new IssueCollector();
  const rule = doc.messageTypes.find((r) => r.unified === message.messageType);
  if (!rule)
    throw new MappingError([
      { field: 'messageType', value: message.messageType, reason: bi(`has no ${doc.kind} message type: the system cannot receive it`, '对方系统无此报文类型') },
    ]);
  const root: Obj = {};
  const env = doc.envelope;
  setPath(root, env.id, message.messageId);
  setPath(root, env.type, rule.legacy);
  const sender = writeOrg(message.sender, env.sender, doc, 'sender.orgCode', issues);
  const receiver = writeOrg(message.receiver, env.receiver, doc, 'receiver.orgCode', issues);
  if (sender !== undefined) setPath(root, orgPath(env.sender), sender);
  if (receiver !== undefined) setPath(root, orgPath(env.receiver), receiver);
  setPath(root, env.time.legacy, writeDateTime(message.sentAt, env.time.format));
  if (env.inReplyTo && message.inReplyTo !== undefined) setPath(root, env.inReplyTo, message.inReplyTo);
  const scope: EncodeScope = { unified: message, unifiedBase: '', message, target: root };
  for (const field of doc.fields) encodeField(field, scope, compiled, issues);
  for (const list of doc.lists) encodeList(list, scope, compiled, issues);
  for (const field of rule.fields) encodeField(field, scope, compiled, issues);
  issues.throwIfAny();
  return root;
}

/** The delivery path of a document that takes deliveries. */
export function deliveryPath(doc: SystemDocument): string {
  if (!doc.transports.delivery) throw new Error(`${doc.kind} takes no deliveries (该系统不接收投递)`);
  return doc.transports.delivery.path;
}

/** A unified message → the JSON request (the XML format is written by xml-codec.ts). */
export function encodeDeclarative(message: UnifiedMessage, context: EncodeContext, compiled: CompiledDocument): EncodedRequest {
  const { doc } = compiled;
  const path = deliveryPath(doc);
  const charset = doc.format.charset;
  const text = jsonTextFor(JSON.stringify(toLegacyDocument(message, compiled)), charset);
  const headers: Record<string, string> = { 'Content-Type': `application/json; charset=${charset}` };
  const request = { method: 'POST' as const, path, body: encodeBody(text, charset) };
  return { ...request, headers: { ...headers, ...authHeaders(doc, request, context.credentials, context.now ?? Date.now()) } };
}
