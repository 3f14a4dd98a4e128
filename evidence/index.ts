export * from './records';
export * from './seal';
export * from './ledger';
export * from './package';
