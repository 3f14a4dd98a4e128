/**
 * A legacy system described as data (a JSON or YAML document): what the declarative engine reads to
 * map the system without TypeScript. Validated by zod at deploy; `declarativeJsonSchema()` is the
 * JSON Schema editors use. Versioned by `declarativeVersion`.
 */
import { z } from 'zod';

export const DECLARATIVE_VERSION = 1;

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;
const nonEmpty = z
  .string()
  .trim()
  .min(1, { error: bilingual('must not be empty', '不得为空') });

/** Legacy date and time layouts the engine reads and writes. */
export const DATE_FORMATS = ['YYYY-MM-DD', 'YYYYMMDD', 'YYYY年MM月DD日'] as const;
export const DATE_TIME_FORMATS = ['YYYY-MM-DD HH:mm:ss', 'YYYYMMDDHHmmss', 'epochMillis', 'ISO8601'] as const;

/** Built-in code tables of the standard an adapter may use by name. */
export const STANDARD_TABLES = [
  'standard:ethnicity-zh',
  'standard:id-type-zh',
  'standard:custody-measure-zh',
  'standard:document-code',
  'standard:gender-zh',
  'standard:charge-name-zh',
] as const;

const Transform = z.union([
  z.object({ table: z.union([nonEmpty, z.array(nonEmpty).min(1)]) }).strict(),
  z.object({ date: z.enum(DATE_FORMATS) }).strict(),
  z.object({ dateTime: z.enum(DATE_TIME_FORMATS) }).strict(),
  z.object({ dateOrDateTime: z.enum(DATE_TIME_FORMATS) }).strict(),
  z.object({ unit: z.enum(['fen-yuan', 'month-month', 'day-day']) }).strict(),
  z.enum(['id18', 'upper', 'caseNumber', 'courtCaseNumber', 'division']),
  /** A number written with exactly this many decimals (`5000.00`); read: at most this many. */
  z.object({ decimals: z.number().int().min(0).max(6) }).strict(),
  /**
   * JSONata (as in Node-RED's change node) for what a table cannot express: `decode` gets the legacy
   * value as input, `$item` (the legacy list item or document) and `$root` (the legacy document);
   * `encode` gets the unified value, `$item` and `$message`. Without `encode` the field is decode-only.
   */
  z.object({ jsonata: z.object({ decode: nonEmpty, encode: nonEmpty.optional() }).strict() }).strict(),
]);
export type Transform = z.infer<typeof Transform>;

/** A condition on the item being mapped (legacy side when decoding, unified side when encoding). */
const Condition = z
  .object({
    /** A unified path relative to the item (`idType`) or the message (`messageType`). */
    unified: z.string().optional(),
    /** A legacy path relative to the item or the document. */
    legacy: z.string().optional(),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    notEquals: z.union([z.string(), z.number(), z.boolean()]).optional(),
  })
  .strict()
  .refine((c) => (c.unified === undefined) !== (c.legacy === undefined), {
    error: bilingual('name exactly one of unified or legacy', '须且只能给出unified或legacy之一'),
  });
export type Condition = z.infer<typeof Condition>;

export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean'] as const;

const Field = z
  .object({
    /** Unified path (`case.name`, `persons[].idNumber` inside a list: `idNumber`). */
    unified: z.string().optional(),
    /** Legacy path (`body.ajmc`; inside a list relative to the item). */
    legacy: z.string().optional(),
    /** JSON type of the legacy value (default string). */
    type: z.enum(FIELD_TYPES).default('string'),
    transforms: z.array(Transform).default([]),
    required: z.boolean().default(false),
    /** Decode: the unified value is this constant. Encode: the legacy value is this constant. */
    const: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** Only when the condition holds. */
    when: Condition.optional(),
    /** Encode only: write this legacy field only when one of these unified paths holds a value. */
    writeWhenAny: z.array(z.string()).optional(),
    /** Value derived by a rule of the standard instead of read: the person role of the message's process. */
    derive: z.enum(['personRole']).optional(),
  })
  .strict()
  .refine((f) => f.unified !== undefined || f.legacy !== undefined, { error: bilingual('a field needs unified or legacy', '字段须给出unified或legacy') });
export type Field = z.infer<typeof Field>;

export interface ListMapping {
  unified: string;
  legacy: string;
  fields: Field[];
  lists?: ListMapping[];
  /** Encode: refuse an item matching this condition, with this reason. */
  refuse?: { when: Condition; reason: { 'zh-CN': string; 'en-US': string } };
  /** Checks of the standard applied to each mapped item: attachment size and SHA-256 against the content. */
  check?: 'attachment';
}

const ListMappingSchema: z.ZodType<ListMapping> = z.lazy(() =>
  z
    .object({
      unified: nonEmpty,
      legacy: nonEmpty,
      fields: z.array(Field),
      lists: z.array(ListMappingSchema).optional(),
      refuse: z.object({ when: Condition, reason: z.object({ 'zh-CN': nonEmpty, 'en-US': nonEmpty }) }).optional(),
      check: z.enum(['attachment']).optional(),
    })
    .strict(),
) as z.ZodType<ListMapping>;

const CodeTable = z
  .object({
    /** legacy code → unified code (several legacy codes may give the same unified one). */
    decode: z.record(z.string(), z.string()),
    /** unified code → legacy code; default: the first legacy code of each unified one. */
    encode: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const MessageTypeRule = z
  .object({
    legacy: nonEmpty,
    unified: nonEmpty,
    /** For a legacy type shared by several unified types (SCDB_JD → approval or denial). */
    when: Condition.optional(),
    fields: z.array(Field).default([]),
  })
  .strict();

const ProcessRule = z
  .object({
    messageType: nonEmpty,
    /** The process is `then` when any of these legacy texts holds `contains`, else `else`. */
    anyContains: z.object({ legacy: z.array(nonEmpty).min(1), text: nonEmpty }).strict(),
    then: nonEmpty,
    else: nonEmpty,
  })
  .strict();

/** The sender or receiver: a legacy path holding a platform org code, or the system's own unit code looked up in `units`. */
const OrgField = z.union([nonEmpty, z.object({ legacy: nonEmpty, units: z.literal(true) }).strict()]);
export type OrgField = z.infer<typeof OrgField>;

/** The system's own unit codes (单位代码) → platform org codes or unified social credit codes (with agency and division). */
const Unit = z
  .object({
    orgCode: nonEmpty,
    agency: nonEmpty.optional(),
    division: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
  })
  .strict();

const Answer = z
  .object({
    status: z.number().int().min(100).max(599),
    code: z.string(),
    message: z.string().optional(),
    retryAfterSeconds: z.number().int().positive().optional(),
  })
  .strict();

/** What an HMAC signature covers, in the declared order, joined by `separator`. */
export const HMAC_PARTS = ['method', 'path', 'appId', 'timestamp', 'nonce', 'body', 'bodyHash'] as const;
export type HmacPart = (typeof HMAC_PARTS)[number];
/** The platform remembers nonces for 600 s (the replay guard's window), twice the widest accepted skew. */
export const MAX_HMAC_WINDOW_SECONDS = 300;

/**
 * HMAC over declared parts of each request (`method`, `path` with its query, `appId`, `timestamp`,
 * `nonce`, the raw `body` or its `bodyHash` in hex), SHA-256 or SM3, with a timestamp window and,
 * when `nonce` is a part, a nonce that is refused the second time it is seen.
 */
const HmacAuth = z
  .object({
    scheme: z.literal('hmac'),
    algorithm: z.enum(['sha256', 'sm3']),
    parts: z.array(z.enum(HMAC_PARTS)).min(1),
    separator: z.string().max(8).default('\n'),
    /** How the signature is written in its header. */
    encoding: z.enum(['hex', 'base64']).default('hex'),
    headers: z.object({ appId: nonEmpty.optional(), timestamp: nonEmpty, nonce: nonEmpty.optional(), signature: nonEmpty }).strict(),
    timestamp: z
      .object({
        unit: z.enum(['ms', 's']).default('ms'),
        windowSeconds: z.number().int().min(1).max(MAX_HMAC_WINDOW_SECONDS).default(MAX_HMAC_WINDOW_SECONDS),
      })
      .strict()
      .default({ unit: 'ms', windowSeconds: MAX_HMAC_WINDOW_SECONDS }),
  })
  .strict()
  .superRefine((auth, context) => {
    const problem = (path: PropertyKey[], en: string, zh: string) => context.addIssue({ code: 'custom', path, message: bilingual(en, zh) });
    if (new Set(auth.parts).size !== auth.parts.length) problem(['parts'], 'a part is named twice', '签名内容重复');
    if (!auth.parts.includes('timestamp')) problem(['parts'], 'the signature must cover the timestamp', '签名须包含时间戳');
    if (!auth.parts.includes('body') && !auth.parts.includes('bodyHash'))
      problem(['parts'], 'the signature must cover the body or its hash', '签名须包含报文或其摘要');
    if (auth.parts.includes('nonce') !== (auth.headers.nonce !== undefined))
      problem(['headers', 'nonce'], 'a nonce header goes with the nonce part, and only with it', '随机数请求头与签名内容nonce须同时给出');
    if (auth.parts.includes('appId') && auth.headers.appId === undefined)
      problem(['headers', 'appId'], 'the appId part needs its header', '签名含appId时须给出其请求头');
  });
export type HmacAuth = z.infer<typeof HmacAuth>;

/**
 * The platform reads the system's outbox: `GET path?<cursor.param>=…&<pageSize.param>=…`, the items
 * at `items` in the answer and the next cursor at `cursor.answer`; then acknowledges what it stored
 * (`{id}` in the path: one request per item; otherwise one request with the ids at `ids`), or not at
 * all (`none`: the cursor alone moves on). The cursor is kept in a file like the built-ins'.
 */
const OutboxTransport = z
  .object({
    path: nonEmpty,
    cursor: z.object({ param: nonEmpty, answer: nonEmpty }).strict(),
    pageSize: z
      .object({ param: nonEmpty, default: z.number().int().min(1).max(1000).default(50), max: z.number().int().min(1).max(1000).default(100) })
      .strict()
      .refine((p) => p.default <= p.max, { error: bilingual('default must not exceed max', '默认页大小不得超过上限') }),
    items: nonEmpty.default('items'),
    acknowledgement: z.union([
      z.literal('none'),
      z.object({ method: z.enum(['POST', 'PUT', 'DELETE']).default('POST'), path: nonEmpty, ids: nonEmpty.default('ids') }).strict(),
    ]),
    intervalSeconds: z.number().positive().max(3600).default(5),
  })
  .strict();
export type OutboxTransport = z.infer<typeof OutboxTransport>;

// ---------------------------------------------------------------- XML format and SOAP envelope

const Charset = z.enum(['utf-8', 'gbk', 'gb18030']);
const XmlName = z.string().regex(/^[A-Za-z_][\w.-]*$/, { error: bilingual('must be an XML name', '应为XML名称') });

/**
 * A signature in a SOAP header (the court's `<Auth><AppId/><Timestamp/><Sign/></Auth>`): Sign is
 * the lower-case hex HMAC over AppId + Timestamp (epoch ms) + the Body text exactly as sent.
 */
const SoapSignature = z
  .object({
    header: XmlName.default('Auth'),
    appId: XmlName.default('AppId'),
    timestamp: XmlName.default('Timestamp'),
    sign: XmlName.default('Sign'),
    hash: z.enum(['sha256']).default('sha256'),
    /** Timestamps further than this from the receiver's clock are refused. */
    windowSeconds: z.number().int().positive().max(3600).default(300),
  })
  .strict();

/** A SOAP 1.1 envelope around each message. */
const SoapEnvelope = z
  .object({
    version: z.literal('1.1').default('1.1'),
    /** The operation element a delivered (or pushed) message sits in, e.g. `receiveDocument`; it holds exactly one message. */
    operation: XmlName,
    /** The SOAPAction header sent with a delivery, e.g. `"urn:receiveDocument"`. */
    action: z.string(),
    /** An outbox page the system serves: its element (any number of messages) and the element with the next cursor. */
    page: z.object({ element: XmlName, cursor: XmlName }).strict().optional(),
    /** The signature header, when the system signs (then `auth` is `{ "scheme": "soap-signature" }`). */
    signature: SoapSignature.optional(),
  })
  .strict();

const XmlFormat = z
  .object({
    type: z.literal('xml'),
    charset: Charset.default('utf-8'),
    /** The element one message is (`Message`); legacy paths are relative to it: `Case.@ah`, `Case.Defendant`, `File.#text`. */
    root: XmlName,
    /** Namespace declarations written (prefix → URI); a document that declares none of them is warned about. */
    namespaces: z.record(XmlName, nonEmpty).default({}),
    /** The prefix elements are written with (a key of `namespaces`); any prefix or none is read. */
    prefix: z.string().default(''),
    /** The element of the system's answers (`receiveDocumentResponse`, inside the SOAP Body when `soap` is declared); `answers.field` paths are relative to it. */
    answer: XmlName.default('Answer'),
    soap: SoapEnvelope.optional(),
  })
  .strict();
export type XmlFormat = z.infer<typeof XmlFormat>;

/** Authentication by the SOAP header signature of `format.soap.signature`. */
const SoapSignatureAuth = z.object({ scheme: z.literal('soap-signature') }).strict();

// ---------------------------------------------------------------- the document

export const SystemDocumentSchema = z
  .object({
    declarativeVersion: z.literal(DECLARATIVE_VERSION, {
      error: bilingual(`declarativeVersion must be ${DECLARATIVE_VERSION}`, `declarativeVersion应为${DECLARATIVE_VERSION}`),
    }),
    kind: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,31}$/, { error: bilingual('kind must be 2-32 lower-case letters, digits or dashes', '类型应为2至32位小写字母、数字或连字符') }),
    version: nonEmpty,
    names: z.object({ 'zh-CN': nonEmpty, 'en-US': nonEmpty }).strict(),
    agencies: z.array(nonEmpty).min(1),
    standardVersion: nonEmpty,
    credentials: z.array(z.enum(['token', 'appId', 'secret'])),
    transports: z
      .object({
        push: z.object({ path: z.string().optional() }).strict().optional(),
        outbox: OutboxTransport.optional(),
        delivery: z
          .object({ method: z.enum(['POST', 'PUT']).default('POST'), path: nonEmpty, attachments: z.enum(['inline', 'link']).optional() })
          .strict()
          .optional(),
      })
      .strict()
      .refine((t) => !(t.push && t.outbox), {
        error: bilingual('a system either pushes (push) or is polled (outbox), not both', '推送（push）与发件箱轮询（outbox）只能二选一'),
      }),
    auth: z.union([
      z.object({ scheme: z.literal('bearer') }).strict(),
      z.object({ scheme: z.literal('header'), header: nonEmpty }).strict(),
      HmacAuth,
      SoapSignatureAuth,
    ]),
    format: z.union([z.object({ type: z.literal('json'), charset: Charset.default('utf-8') }).strict(), XmlFormat]),
    envelope: z
      .object({
        id: nonEmpty,
        type: nonEmpty,
        sender: OrgField,
        receiver: OrgField,
        time: z.object({ legacy: nonEmpty, format: z.enum(DATE_TIME_FORMATS) }).strict(),
        inReplyTo: z.string().optional(),
      })
      .strict(),
    tables: z.record(z.string(), CodeTable).default({}),
    units: z.record(z.string(), Unit).default({}),
    messageTypes: z.array(MessageTypeRule).min(1),
    process: z.array(ProcessRule).default([]),
    fields: z.array(Field).default([]),
    lists: z.array(ListMappingSchema).default([]),
    /** Sample messages, relative to the document: `valid/` must decode, `malformed/` must be refused (the conformance kit). */
    fixtures: z.string().optional(),
    answers: z
      .object({
        field: z.object({ code: nonEmpty, message: nonEmpty, receipt: z.string().optional() }).strict(),
        accepted: Answer,
        duplicate: Answer,
        rejected: Answer,
        busy: Answer,
        unauthorized: Answer,
      })
      .strict(),
  })
  .strict();

export type SystemDocument = z.infer<typeof SystemDocumentSchema>;

/** The JSON Schema of a system document, for editors (`caselink` writes it to docs/). */
export function declarativeJsonSchema(): unknown {
  return z.toJSONSchema(SystemDocumentSchema, { io: 'input', unrepresentable: 'any' });
}
