export * from './case-info';
export * from './document';
export * from './message';
export * from './parties';
export * from './payloads';
export * from './primitives';
export * from './sentencing';
