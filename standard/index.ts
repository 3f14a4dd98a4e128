export * from './codes';
export * from './delivery-outcome';
export * from './schema';
export * from './validate';
export * from './validators/case-numbers';
export * from './validators/resident-id';
