import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import * as standard from '../../standard';
import { jsonSchemaOf, messageDefName, payloadDefName, STANDARD_JSON_SCHEMA_ID, standardJsonSchema, type JsonSchema } from '../../standard/json-schema';

const FIXTURES = new URL('../fixtures/unified/', import.meta.url);
const fixtureNames = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));
const load = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

/**
 * A small structural checker for the JSON Schema subset the export uses ($ref, type, const, enum,
 * pattern, minLength, minimum, properties, required, additionalProperties, items, anyOf, oneOf),
 * so the exported schema is exercised without a validator dependency. Returns the failing paths.
 */
function check(schema: JsonSchema, value: unknown, root: JsonSchema, path = ''): string[] {
  const at = (key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
  if (typeof schema.$ref === 'string') {
    const target = (root.$defs as Record<string, JsonSchema>)[schema.$ref.replace('#/$defs/', '')];
    if (!target) return [`${path}: dangling ${schema.$ref}`];
    return check(target, value, root, path);
  }
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${path || '(message)'}: ${why}`);
  if (schema.const !== undefined && value !== schema.const) fail(`not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail('not in enum');
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((alt) => check(alt as JsonSchema, value, root, path).length === 0)) fail('no anyOf branch');
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((alt) => check(alt as JsonSchema, value, root, path).length === 0).length !== 1)
    fail('not exactly one oneOf branch');
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (typeof schema.type === 'string' && schema.type !== kind && !(schema.type === 'number' && kind === 'integer')) {
    fail(`not ${schema.type}`);
    return errors;
  }
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern');
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) fail('minLength');
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) fail('minimum');
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => errors.push(...check(schema.items as JsonSchema, item, root, at(i))));
  if (kind === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) errors.push(`${at(key)}: required`);
    for (const [key, item] of Object.entries(object)) {
      if (properties[key]) errors.push(...check(properties[key]!, item, root, at(key)));
      else if (schema.additionalProperties === false) errors.push(`${at(key)}: additional property`);
    }
  }
  return errors;
}

const schema = standardJsonSchema();
const defs = schema.$defs as Record<string, JsonSchema>;

describe('standardJsonSchema', () => {
  it('is plain JSON, draft 2020-12, with $id, title, description and the structural-contract note', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(STANDARD_JSON_SCHEMA_ID);
    expect(schema.title).toMatch(/统一报文/);
    expect(schema.description).toBe('统一报文');
    expect(schema.$comment).toMatch(/caselink validate/);
  });

  it('is oneOf the 49 message variants, each with its messageType constant and its own payload', () => {
    const variants = schema.oneOf as JsonSchema[];
    expect(variants).toHaveLength(standard.MESSAGE_TYPE_IDS.length);
    for (const [i, type] of standard.MESSAGE_TYPE_IDS.entries()) {
      expect(variants[i]).toEqual({ $ref: `#/$defs/${messageDefName(type)}` });
      const variant = defs[messageDefName(type)]!;
      const properties = variant.properties as Record<string, JsonSchema>;
      expect(properties.messageType!.const).toBe(type);
      expect(properties.payload!.$ref).toBe(`#/$defs/${payloadDefName(type)}`);
      expect(variant.additionalProperties).toBe(false);
      expect(variant.required).toEqual(
        expect.arrayContaining(['standardVersion', 'messageId', 'messageType', 'process', 'sender', 'receiver', 'sentAt', 'payload']),
      );
      expect((properties.process!.enum as string[]).length).toBe(standard.PROCESS_IDS.length);
      expect(properties.standardVersion!.enum).toEqual([...standard.SUPPORTED_STANDARD_VERSIONS]);
    }
  });

  it('labels every field in Chinese and lists code tables in order', () => {
    for (const [name, def] of Object.entries(defs)) {
      expect(String(def.description ?? ''), name).toMatch(/[\u4e00-\u9fff]/);
      for (const [field, node] of Object.entries((def.properties ?? {}) as Record<string, JsonSchema>)) {
        const target = typeof node.$ref === 'string' ? defs[node.$ref.replace('#/$defs/', '')] : undefined;
        const label = String(node.description ?? target?.description ?? '');
        expect(label, `${name}.${field}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect((defs.Person!.properties as Record<string, JsonSchema>).ethnicity!.enum).toEqual([...standard.ETHNICITY_CODES]);
  });

  it('never throws for any schema the standard exports', () => {
    const schemas = Object.entries(standard).filter(([, value]) => value instanceof z.ZodType);
    expect(schemas.length).toBeGreaterThan(20);
    for (const [name, value] of schemas) expect(() => jsonSchemaOf(value as z.ZodType), name).not.toThrow();
    for (const type of standard.MESSAGE_TYPE_IDS) expect(() => jsonSchemaOf(standard.PAYLOAD_SCHEMAS[type]), type).not.toThrow();
  });

  it('has no dangling $ref', () => {
    const refs = JSON.stringify(schema).match(/"\$ref":"#\/\$defs\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(Object.keys(defs)).toContain(ref.slice('"$ref":"#/$defs/'.length, -1));
  });
});

describe('the sample fixtures against the exported JSON Schema (structural check, no validator dependency)', () => {
  it.each(fixtureNames)('%s has every required key and nothing else', (name) => {
    expect(check(schema, load(name), schema)).toEqual([]);
  });

  it('agrees with zod: dropping any required key fails both, at that key', () => {
    for (const name of fixtureNames) {
      const message = load(name);
      const variant = defs[messageDefName(message.messageType)]!;
      for (const key of variant.required as string[]) {
        const { [key]: _dropped, ...without } = message;
        const structural = check(schema, without, schema);
        expect(structural.length, `${name} without ${key}`).toBeGreaterThan(0);
        const zodResult = standard.validateMessage(without);
        expect(zodResult.ok, `${name} without ${key}`).toBe(false);
        if (!zodResult.ok) expect(zodResult.issues.map((i) => i.path)).toContain(key);
      }
    }
  });

  it('refuses unknown keys, bad codes and a payload of another type', () => {
    const message = load('procuratorate-arrest-approval.json');
    expect(check(schema, { ...message, extra: 1 }, schema)).not.toEqual([]);
    expect(check(schema, { ...message, persons: [{ ...message.persons[0], ethnicity: '57' }] }, schema)).not.toEqual([]);
    expect(check(schema, { ...message, payload: {} }, schema)).not.toEqual([]);
    expect(check(schema, { ...message, standardVersion: '2.0' }, schema)).not.toEqual([]);
  });
});
