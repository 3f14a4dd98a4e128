export * from './codes';
export * from './delivery-outcome';
export * from './schema';
export * from './validate';
export * from './validators/case-numbers';
export * from './validators/resident-id';
export * from './processes'; export * from './clocks';
export { jsonSchemaOf, STANDARD_JSON_SCHEMA_ID, standardJsonSchema, type JsonSchema } from './json-schema';
export { standardReference } from './reference';
