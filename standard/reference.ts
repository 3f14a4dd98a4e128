/**
 * The human reference of the standard (docs/standard.md), generated from the same JSON Schema that
 * `caselink schema` exports plus the code tables, so the document cannot drift from the code.
 */
import { AGENCIES, AGENCY_IDS } from './codes/agencies';
import { CUSTODY_MEASURE_IDS, CUSTODY_MEASURES } from './codes/custody-measures';
import { DIVISION_ALIAS_NOTES, DIVISION_ALIASES, DIVISION_CODES, DIVISIONS } from './codes/divisions';
import { ETHNICITIES, ETHNICITY_CODES } from './codes/ethnicities';
import { GENDER_CODES, GENDERS } from './codes/gender';
import { ID_TYPE_IDS, ID_TYPES } from './codes/id-types';
import { ATTACHED_DOCUMENT_TYPES, DOCUMENT_TYPE_IDS, MESSAGE_TYPE_IDS, MESSAGE_TYPES } from './codes/message-types';
import { codesOf } from './codes/code-table';
import { orgCodeOf } from './codes/org-codes';
import { PROCESS_IDS, PROCESSES } from './codes/processes';
import { CHARGE_ENTRIES, CHARGE_GROUPS, CHARGE_TABLE_INFO, LEGACY_CHARGE_CODES, statuteOf } from './codes/charges';
import { ACCESSORY_PENALTY_IDS, ACCESSORY_PENALTY_INFO, PRINCIPAL_PENALTY_INFO } from './codes/penalties';
import { CHARGE_CODE_IDS, TRACK_LABELS, TRACKS } from './schema/case-info';
import { CURRENT_STANDARD_VERSION, SUPPORTED_STANDARD_VERSIONS } from './schema/message';
import { PRINCIPAL_PENALTY_IDS } from './schema/sentencing';
import { messageDefName, payloadDefName, STANDARD_JSON_SCHEMA_ID, standardJsonSchema, type JsonSchema } from './json-schema';

type Defs = Record<string, JsonSchema>;

/** Parts documented in their own section, in reading order, with their English heading. */
const PARTS: ReadonlyArray<readonly [string, string]> = [
  ['CaseInfo', 'Case snapshot'],
  ['Charge', 'Charge'],
  ['Person', 'Person (suspect, defendant, victim)'],
  ['Custody', 'Coercive measure'],
  ['Document', 'Legal document'],
  ['Attachment', 'Attachment'],
  ['Org', 'Sender / receiver'],
  ['LocalCaseNumber', "An agency system's case number"],
  ['Lawyer', 'Lawyer'],
  ['SentencingRecommendation', 'Sentencing recommendation'],
  ['PleaAffidavit', 'Guilty-plea affidavit'],
  ['Sentence', 'Sentence'],
  ['Term', 'Term in years, months, days (1.1)'],
  ['AccessoryPenalty', 'Accessory penalty (1.1)'],
  ['ChargeSentence', 'Sentence for one charge (1.1)'],
  ['DefendantJudgment', "One defendant's outcome (1.1)"],
  ['PersonLegalAid', "A person's legal aid (1.1)"],
];

/** Enumerations that are code tables: linked to their table instead of listed inline. */
const CODE_TABLE_LINKS: ReadonlyArray<readonly [readonly string[], string, string]> = [
  [AGENCY_IDS, 'Agencies', 'code-agencies'],
  [PROCESS_IDS, 'Processes', 'code-processes'],
  [MESSAGE_TYPE_IDS, 'Message types', 'code-message-types'],
  [DOCUMENT_TYPE_IDS, 'Document types', 'code-document-types'],
  [ETHNICITY_CODES, 'Ethnicities', 'code-ethnicities'],
  [GENDER_CODES, 'Genders', 'code-genders'],
  [ID_TYPE_IDS, 'ID types', 'code-id-types'],
  [CUSTODY_MEASURE_IDS, 'Custody measures', 'code-custody-measures'],
  [TRACKS, 'Tracks', 'code-tracks'],
  [PRINCIPAL_PENALTY_IDS, 'Principal penalties', 'code-principal-penalties'],
  [ACCESSORY_PENALTY_IDS, 'Accessory penalties', 'code-accessory-penalties'],
  [CHARGE_CODE_IDS, 'Charges', 'code-charges'],
];

const anchorOf = (defName: string): string => `def-${defName.toLowerCase()}`;

/** Escapes what would break a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

const code = (value: string): string => `\`${value}\``;

/** A code table: each code with its Chinese and English names, then any further columns. */
function labelTable<K extends string>(
  head: string,
  ids: readonly K[],
  labels: Readonly<Record<K, { zh: string; en: string }>>,
  more: ReadonlyArray<readonly [string, (id: K) => string]> = [],
): string {
  return table(
    [head, '中文', 'English', ...more.map(([name]) => name)],
    ids.map((id) => [code(id), labels[id].zh, labels[id].en, ...more.map(([, cell]) => cell(id))]),
  );
}

function sameSet(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((v) => set.has(v));
}

function refName(node: JsonSchema): string | undefined {
  const ref = node.$ref;
  return typeof ref === 'string' && ref.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : undefined;
}

function enumType(values: readonly unknown[]): string {
  const strings = values.map(String);
  const listed = strings.map(code).join(' | ');
  const linked = CODE_TABLE_LINKS.find(([ids]) => sameSet(ids, strings));
  if (!linked) return listed;
  const link = `[${linked[1]}](#${linked[2]})`;
  return strings.length <= 6 ? `${listed} (${link})` : `code, see ${link}`;
}

function stringType(node: JsonSchema): string {
  if (node.format === 'date') return 'date `YYYY-MM-DD`';
  if (node.format === 'date-time') return 'date-time, ISO 8601 with offset';
  if (node.contentEncoding === 'base64') return 'base64 text';
  if (typeof node.pattern === 'string') return `string matching ${code(node.pattern)}`;
  if (node.minLength === 1) return 'text (not empty)';
  return 'string';
}

function numberType(node: JsonSchema): string {
  const base = node.type === 'integer' ? 'integer' : 'number';
  return typeof node.minimum === 'number' ? `${base} ≥ ${node.minimum}` : base;
}

/** A one-line description of a JSON Schema node's type, with links to named parts and code tables. */
export function typeText(node: JsonSchema, defs: Defs): string {
  const ref = refName(node);
  if (ref && Array.isArray(defs[ref]?.enum)) return enumType(defs[ref]!.enum as unknown[]);
  if (ref) return `[${ref}](#${anchorOf(ref)})`;
  if (node.const !== undefined) return code(JSON.stringify(node.const));
  if (Array.isArray(node.enum)) return enumType(node.enum);
  const alternatives = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives)) {
    if (alternatives.every((alt) => alt.const !== undefined)) return alternatives.map((alt) => code(JSON.stringify(alt.const))).join(' | ');
    return alternatives.map((alt) => typeText(alt, defs)).join(' or ');
  }
  switch (node.type) {
    case 'array':
      return `array of ${typeText((node.items ?? {}) as JsonSchema, defs)}`;
    case 'string':
      return stringType(node);
    case 'integer':
    case 'number':
      return numberType(node);
    case 'boolean':
      return 'boolean';
    case 'object': {
      const properties = Object.entries((node.properties ?? {}) as Record<string, JsonSchema>);
      return `object {${properties.map(([name, sub]) => `${name}: ${typeText(sub, defs)}`).join('; ')}}`;
    }
    default:
      return 'any';
  }
}

function labelOf(node: JsonSchema, defs: Defs): string {
  if (typeof node.description === 'string') return node.description;
  const ref = refName(node);
  const target = ref ? defs[ref] : undefined;
  return typeof target?.description === 'string' ? target.description : '';
}

function fieldRows(object: JsonSchema, defs: Defs, override: Record<string, readonly [string, string]> = {}): string[][] {
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries((object.properties ?? {}) as Record<string, JsonSchema>).map(([name, node]) => {
    const [type, label] = override[name] ?? [typeText(node, defs), labelOf(node, defs)];
    return [code(name), type, required.has(name) ? 'yes' : 'no', label];
  });
}

const FIELD_HEADER = ['field', 'type', 'required', '中文'];

function fieldTable(object: JsonSchema, defs: Defs, override?: Record<string, readonly [string, string]>): string {
  if (Object.keys((object.properties ?? {}) as object).length === 0) return 'No fields: the payload is the empty object `{}`.';
  return table(FIELD_HEADER, fieldRows(object, defs, override));
}

function envelopeSection(defs: Defs): string {
  const variant = defs[messageDefName(MESSAGE_TYPE_IDS[0])]!;
  const properties = (variant.properties ?? {}) as Record<string, JsonSchema>;
  const ordered: Record<string, JsonSchema> = {};
  for (const [name, node] of Object.entries(properties)) {
    if (name === 'messageType' || name === 'payload') continue;
    ordered[name] = node;
    if (name === 'messageId') ordered.messageType = properties.messageType!;
  }
  ordered.payload = properties.payload!;
  const envelope = { ...variant, properties: ordered };
  return [
    '## <a id="envelope"></a>1. Envelope: `UnifiedMessage` (统一报文)',
    '',
    'Every message has these fields; `payload` depends on `messageType` (a discriminated union: the schema for each',
    'type is in [Payloads](#payloads)). No other field is allowed at any level.',
    '',
    fieldTable(envelope, defs, {
      messageType: ['code, see [Message types](#code-message-types)', '报文类型'],
      payload: ['object, one shape per `messageType`, see [Payloads](#payloads)', '决定/通知数据'],
    }),
  ].join('\n');
}

function partsSection(defs: Defs): string {
  const out = ['## <a id="parts"></a>2. Parts', ''];
  for (const [name, english] of PARTS) {
    const def = defs[name];
    if (!def) continue;
    out.push(`### <a id="${anchorOf(name)}"></a>${name} — ${english} (${String(def.description ?? '')})`, '', fieldTable(def, defs), '');
  }
  return out.join('\n').trimEnd();
}

function payloadsSection(defs: Defs): string {
  const out = [
    '## <a id="payloads"></a>3. Payloads per message type',
    '',
    'The `payload` of a message is checked against the schema of its `messageType`; a payload of another type is an',
    'error at `payload.<field>`. `process` must be one of the processes listed for the type.',
    '',
  ];
  for (const type of MESSAGE_TYPE_IDS) {
    const info = MESSAGE_TYPES[type];
    const processes = info.processes.map((p) => `${code(p)} ${PROCESSES[p].zh}`).join(', ');
    out.push(
      `### <a id="${anchorOf(payloadDefName(type))}"></a>${code(type)} ${info.zh} — ${info.en}`,
      '',
      `Process: ${processes}. From ${info.from.map(code).join(', ')} to ${info.to.map(code).join(', ')}.`,
      '',
      fieldTable(defs[payloadDefName(type)] ?? {}, defs),
      '',
    );
  }
  return out.join('\n').trimEnd();
}

function codeTablesSection(): string {
  const sections: string[] = ['## <a id="codes"></a>4. Code tables', ''];
  const add = (anchor: string, title: string, intro: string, body: string) => {
    sections.push(`### <a id="${anchor}"></a>${title}`, '');
    if (intro) sections.push(intro, '');
    sections.push(body, '');
  };

  add(
    'code-agencies',
    'Agencies (机关)',
    'Org type: the two digits inside the platform org code.',
    labelTable('agency', AGENCY_IDS, AGENCIES, [['org type', (id) => AGENCIES[id].orgType ?? '— (provincial, no district org code)']]),
  );
  add(
    'code-divisions',
    'Divisions (行政区划, GB/T 2260)',
    'The four pilot districts. Legacy codes still sent by some systems are accepted and mapped to the current code (aliases below).',
    [
      labelTable('division', DIVISION_CODES, DIVISIONS, [
        ['court code (法院代字)', (id) => DIVISIONS[id].courtCode],
        ['abbreviation', (id) => DIVISIONS[id].abbr],
      ]),
      '',
      'Aliases:',
      '',
      table(
        ['legacy code', 'maps to', 'note'],
        Object.entries(DIVISION_ALIASES).map(([alias, target]) => [
          code(alias),
          `${code(target)} ${DIVISIONS[target].zh}`,
          DIVISION_ALIAS_NOTES[alias] ? `${DIVISION_ALIAS_NOTES[alias]!.zh} ${DIVISION_ALIAS_NOTES[alias]!.en}` : '',
        ]),
      ),
    ].join('\n'),
  );
  add(
    'code-org-codes',
    'Platform org codes (平台机构代码)',
    [
      'Format: 12 digits = 6-digit division + 2-digit agency org type (`01`–`06`) + `0000`, pattern `^(\\d{6})(0[1-6])0000$`.',
      'Example: `440105020000` = 海珠区人民检察院. `parseOrgCode` reads a code with a legacy division (e.g. `440116010000`) as',
      "the current division (`440112010000`). `PRISON` has no district org code. `orgCode` must begin with the org's `division`.",
      '',
      'Standard 1.1: a unit outside this scheme (a prison, a city or provincial detention centre, an agency of another city) is named by its',
      '**unit code**, its 18-character unified social credit code (统一社会信用代码, GB 32100-2015), in the same `orgCode` field, e.g.',
      '`{"agency": "PRISON", "division": "440000", "orgCode": "11440000MB2C93700T", "name": "广东省某监狱"}`. Its check character must be right',
      'and `division` must be the registration division it encodes (characters 3–8). The org directory maps unit codes to names and agencies.',
      '1.1 起，12位代码体系之外的单位（监狱、市级或省级看守所、外地机关）以18位统一社会信用代码作为 `orgCode`，`division` 须为代码第3–8位。',
    ].join('\n'),
    table(
      ['division', ...AGENCY_IDS.filter((a) => AGENCIES[a].orgType !== null).map(code)],
      DIVISION_CODES.map((division) => [
        `${code(division)} ${DIVISIONS[division].zh}`,
        ...AGENCY_IDS.filter((a) => AGENCIES[a].orgType !== null).map((agency) => code(orgCodeOf(agency, division) ?? '')),
      ]),
    ),
  );
  add(
    'code-processes',
    'Processes (业务流程)',
    '',
    table(
      ['process', 'code', '中文', 'English'],
      PROCESS_IDS.map((id) => [code(id), PROCESSES[id].code, PROCESSES[id].zh, PROCESSES[id].en]),
    ),
  );
  add(
    'code-message-types',
    'Message types (报文类型)',
    "The first process listed is the usual one; a message must name one of its type's processes.",
    table(
      ['messageType', '中文', 'English', 'processes', 'from', 'to'],
      MESSAGE_TYPE_IDS.map((id) => {
        const info = MESSAGE_TYPES[id];
        return [code(id), info.zh, info.en, info.processes.map(code).join(', '), info.from.map(code).join(', '), info.to.map(code).join(', ')];
      }),
    ),
  );
  add(
    'code-document-types',
    'Document types (文书类型)',
    '`docType` is any message type above, or one of these documents that only travel attached to a message:',
    labelTable('docType', codesOf(ATTACHED_DOCUMENT_TYPES), ATTACHED_DOCUMENT_TYPES),
  );
  add('code-genders', 'Genders (性别, GB/T 2261.1)', '', labelTable('code', GENDER_CODES, GENDERS));
  add(
    'code-ethnicities',
    'Ethnicities (民族, GB/T 3304)',
    `${ETHNICITY_CODES.filter((c) => Number(c) <= 56).length} ethnic groups \`01\`–\`56\`, plus \`97\` and \`98\`. Legacy systems sending the name map it to the code (with or without the trailing 族).`,
    table(
      ['code', '中文'],
      ETHNICITY_CODES.map((id) => [code(id), ETHNICITIES[id]]),
    ),
  );
  add('code-id-types', 'ID types (证件类型)', '', labelTable('idType', ID_TYPE_IDS, ID_TYPES));
  add('code-custody-measures', 'Custody measures (强制措施)', '', labelTable('measure', CUSTODY_MEASURE_IDS, CUSTODY_MEASURES));
  add('code-tracks', 'Tracks (程序)', '', labelTable('track', TRACKS, TRACK_LABELS));
  add(
    'code-principal-penalties',
    'Principal penalties (主刑)',
    'The five principal penalties of art. 33 (death split into immediate execution and two-year reprieve), plus the outcomes a sentence must also say. Since 1.1: `LIFE_IMPRISONMENT`, `DEATH`, `DEATH_WITH_REPRIEVE`, `ACCESSORY_ONLY`.',
    labelTable('principal', PRINCIPAL_PENALTY_IDS, PRINCIPAL_PENALTY_INFO, [['Criminal Law art.', (id) => PRINCIPAL_PENALTY_INFO[id].article]]),
  );
  add(
    'code-accessory-penalties',
    'Accessory penalties (附加刑, 1.1)',
    '',
    labelTable('kind', ACCESSORY_PENALTY_IDS, ACCESSORY_PENALTY_INFO, [['Criminal Law art.', (id) => ACCESSORY_PENALTY_INFO[id].article]]),
  );
  const groupName = new Map(CHARGE_GROUPS.map((g) => [g.id, `${g.zh} ${g.en}`]));
  add(
    'code-charges',
    `Charges (罪名): ${CHARGE_TABLE_INFO.count} charges, table ${CHARGE_TABLE_INFO.table} version ${CHARGE_TABLE_INFO.version}`,
    [
      `${CHARGE_TABLE_INFO.lawVersion.en}. ${CHARGE_TABLE_INFO.lawVersion.zh}。 The table is data (\`standard/codes/data/charges.json\`): an amendment is a data update.`,
      '',
      'Sources:',
      ...CHARGE_TABLE_INFO.sources.map((s) => `- ${s.zh} — ${s.en}`),
      '',
      'Notes:',
      ...CHARGE_TABLE_INFO.notes.map((n) => `- ${n.zh} — ${n.en}`),
      '',
      `Standard 1.0 codes still accepted: ${Object.entries(LEGACY_CHARGE_CODES)
        .map(([old, now]) => `${code(old)} = ${code(now)}`)
        .join(', ')}.`,
    ].join('\n'),
    table(
      ['code', '中文', 'English', 'statute', 'chapter / section'],
      CHARGE_ENTRIES.map((c) => [code(c.code), c.zh, c.en, statuteOf(c.code) ?? '', groupName.get(c.group) ?? c.group]),
    ),
  );
  return sections.join('\n').trimEnd();
}

const RULES = [
  '## <a id="rules"></a>5. Checks beyond the structure',
  '',
  'The JSON Schema (`caselink schema`) is the structural contract. `caselink validate` (`validateMessage`) also checks:',
  '',
  '- `standardVersion` is one this build reads; any other version is refused with that single reason.',
  '- `process` is one of the processes of the `messageType`.',
  '- `idNumber` of a `RESIDENT_ID`: 18 characters, valid birth date, GB 11643 check character, and the birth date and',
  '  gender it encodes agree with `birthDate` and `gender` when those are given.',
  '- Dates are calendar dates; date-times carry an offset (legacy local times are Beijing time, `+08:00`).',
  '- Amounts in yuan are not negative and have at most 2 decimals.',
  "- `orgCode` begins with the org's `division`.",
  '- A `COURT` local case number is a 案号 like `(2022)粤0105刑初123号`, with half-width brackets.',
  "- A unit code (18 characters) has the right check character, and the org's `division` is the one it encodes.",
  '- Standard 1.1: a message that declares `1.0` uses none of the 1.1 additions (each one found is named); `persons[].personId`',
  '  is unique in the message and every `personId` / `personIds` / `defendants[].personId` of the payload names one of its persons.',
  "  A defendant's plea affidavit (具结书) agrees with that person's `plea`: none for `NONE`, `WITHDRAWN` for `WITHDRAWN`.",
  '- Sentences follow the Criminal Law: terms within arts. 38, 42, 45, 69 (管制 3–36 months, 拘役 1–12, 有期徒刑 6–300); no term for',
  '  life, death, fine only; a suspended sentence only for 拘役 or 有期徒刑 up to 3 years, with a probation of 2–12 / 12–60 months and not',
  '  shorter than the term (arts. 72, 73); lifelong deprivation of political rights with death or life imprisonment (art. 57);',
  '  deprivation of political rights at most 5 years (art. 55); 终身监禁 only with a death sentence with reprieve (arts. 383, 386).',
  '- `SECOND_INSTANCE_DECISION`: 改判 (`REVISED`) is a `JUDGMENT`, 维持原判 and 发回重审 are `RULING`s (CPL 236).',
  "- Every reason is given in English and Chinese, with the field's path and value.",
].join('\n');

/** The whole reference as markdown (docs/standard.md). Pure: same code, same text. */
export function standardReference(): string {
  const schema = standardJsonSchema();
  const defs = (schema.$defs ?? {}) as Defs;
  const header = [
    '# CaseLink unified data standard — reference (统一数据标准)',
    '',
    '<!-- Generated by standard/reference.ts (node scripts/gen-docs.js). Do not edit: a test compares this file with the generator. -->',
    '',
    `Standard version ${code(CURRENT_STANDARD_VERSION)} (this build reads: ${SUPPORTED_STANDARD_VERSIONS.map(code).join(', ')}).`,
    `JSON Schema: \`caselink schema\` (draft 2020-12, \`$id\` ${code(STANDARD_JSON_SCHEMA_ID)}). How to use it: [standard-guide.md](standard-guide.md).`,
    '',
    'What changed between versions: [standard-changelog.md](standard-changelog.md).',
    '',
    'Contents: [1. Envelope](#envelope) · [2. Parts](#parts) · [3. Payloads](#payloads) · [4. Code tables](#codes) · [5. Checks](#rules)',
  ].join('\n');
  return `${[header, envelopeSection(defs), partsSection(defs), payloadsSection(defs), codeTablesSection(), RULES].join('\n\n')}\n`;
}
