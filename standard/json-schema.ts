/**
 * The unified standard as one JSON Schema (draft 2020-12), generated from the zod schemas.
 *
 * It is the structural contract: field names, types, required fields, code lists, patterns and
 * "no unknown fields". The semantic checks zod applies through refinements (身份证号 check digit and
 * its agreement with birth date and gender, calendar dates, money with at most 2 decimals, process
 * matching messageType, org code inside its division, court 案号 form) cannot be expressed in JSON
 * Schema and are left out; `validateMessage` / `caselink validate` applies them.
 */
import { z } from 'zod';
import { MESSAGE_TYPE_IDS, MESSAGE_TYPES, type MessageType } from './codes/message-types';
import { CaseInfoSchema, ChargeSchema, TrackSchema } from './schema/case-info';
import { AttachmentSchema, DocumentSchema } from './schema/document';
import { CURRENT_STANDARD_VERSION, LocalCaseNumberSchema, UnifiedMessageSchema } from './schema/message';
import { CustodySchema, LawyerSchema, OrgSchema, PersonLegalAidSchema, PersonSchema } from './schema/parties';
import { PAYLOAD_SCHEMAS } from './schema/payloads';
import { isoDate } from './schema/primitives';
import {
  AccessoryPenaltySchema,
  ChargeSentenceSchema,
  DefendantJudgmentSchema,
  PleaAffidavitSchema,
  PrincipalPenaltySchema,
  SentenceSchema,
  SentencingRecommendationSchema,
  TermSchema,
} from './schema/sentencing';

export const STANDARD_JSON_SCHEMA_ID = `urn:caselink:standard:${CURRENT_STANDARD_VERSION}:unified-message`;

export const STANDARD_JSON_SCHEMA_COMMENT =
  'Structural contract only. Semantic checks (ID-number check digit and its agreement with birth date and gender, calendar dates, ' +
  'yuan with at most 2 decimals, process matching messageType, orgCode inside its division, unit-code check character, court case number form, ' +
  'statutory penalty terms and suspension, person ids that resolve, 1.1 additions only in 1.1 messages) are applied by ' +
  '`caselink validate` (validateMessage). 仅为结构约定；语义校验由 caselink validate 执行。';

/** A JSON Schema object as produced here (plain JSON data). */
export type JsonSchema = { [key: string]: unknown };

type Meta = Record<string, unknown>;

/** `ARREST_REQUEST` → `ArrestRequest`. */
export function pascalCase(id: string): string {
  return id
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

export const payloadDefName = (type: MessageType): string => `${pascalCase(type)}Payload`;
export const messageDefName = (type: MessageType): string => `${pascalCase(type)}Message`;

/** Named parts of the standard, emitted once under `$defs` and referenced everywhere they occur. */
export const NAMED_SCHEMAS: ReadonlyArray<readonly [string, z.ZodType]> = [
  ['Org', OrgSchema],
  ['LocalCaseNumber', LocalCaseNumberSchema],
  ['CaseInfo', CaseInfoSchema],
  ['Charge', ChargeSchema],
  ['Track', TrackSchema],
  ['Person', PersonSchema],
  ['Custody', CustodySchema],
  ['Lawyer', LawyerSchema],
  ['Document', DocumentSchema],
  ['Attachment', AttachmentSchema],
  ['SentencingRecommendation', SentencingRecommendationSchema],
  ['PleaAffidavit', PleaAffidavitSchema],
  ['Sentence', SentenceSchema],
  ['PrincipalPenalty', PrincipalPenaltySchema],
  // Standard 1.1
  ['PersonLegalAid', PersonLegalAidSchema],
  ['Term', TermSchema],
  ['AccessoryPenalty', AccessoryPenaltySchema],
  ['ChargeSentence', ChargeSentenceSchema],
  ['DefendantJudgment', DefendantJudgmentSchema],
];

/**
 * Metadata for the generator: the descriptions (Chinese labels) zod keeps in its global registry,
 * plus the `$defs` ids and formats added here, without registering anything globally.
 */
class StandardMetadata extends z.core.$ZodRegistry<Meta> {
  override get<S extends z.core.$ZodType>(schema: S): Meta | undefined {
    const parent = schema._zod.parent;
    const inherited: Meta = parent ? { ...(this.get(parent) ?? {}) } : {};
    delete inherited.id;
    const merged: Meta = { ...inherited, ...(z.globalRegistry.get(schema) ?? {}), ...(this._map.get(schema) ?? {}) };
    return Object.keys(merged).length > 0 ? merged : undefined;
  }
}

function variantsByType(): Map<MessageType, z.ZodType> {
  const variants = new Map<MessageType, z.ZodType>();
  for (const option of UnifiedMessageSchema.options as readonly z.ZodObject[]) {
    const type = (option.shape.messageType as z.ZodLiteral<MessageType>).value;
    variants.set(type, option);
  }
  return variants;
}

function standardMetadata(): StandardMetadata {
  const metadata = new StandardMetadata();
  for (const [id, schema] of NAMED_SCHEMAS) metadata.add(schema, { id });
  const variants = variantsByType();
  for (const type of MESSAGE_TYPE_IDS) {
    const zh = MESSAGE_TYPES[type].zh;
    metadata.add(PAYLOAD_SCHEMAS[type], { id: payloadDefName(type), description: `${zh}的决定/通知数据` });
    const variant = variants.get(type);
    if (variant) metadata.add(variant, { id: messageDefName(type), description: `统一报文：${zh}` });
  }
  metadata.add(isoDate, { format: 'date' });
  return metadata;
}

/** Code lists such as ethnicities ("01"…"98") in ascending order (zod lists integer-like keys first). */
function sortDigitCodes({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  const values = jsonSchema.enum;
  if (Array.isArray(values) && values.every((v) => typeof v === 'string' && /^\d+$/.test(v))) values.sort();
}

/** Options every export uses: draft 2020-12, the accepted (input) shape, fail loudly on anything unrepresentable. */
function exportOptions(): z.core.ToJSONSchemaParams {
  return { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw', metadata: standardMetadata(), override: sortDigitCodes };
}

/** One part of the standard as a stand-alone JSON Schema (named parts inside it still go to `$defs`). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, exportOptions()) as JsonSchema;
}

/** The whole unified standard: `oneOf` the 49 message variants, every named part under `$defs`. */
export function standardJsonSchema(): JsonSchema {
  const generated = jsonSchemaOf(UnifiedMessageSchema);
  const { $schema, description, ...rest } = generated;
  return {
    $schema,
    $id: STANDARD_JSON_SCHEMA_ID,
    title: `CaseLink unified message 统一报文 (standard ${CURRENT_STANDARD_VERSION})`,
    description,
    $comment: STANDARD_JSON_SCHEMA_COMMENT,
    ...rest,
  };
}
