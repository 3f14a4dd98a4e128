// The ESLint configuration lives with its tools in tools/lint/ (a package of its own: see its
// package.json); run `npm run lint` (after `npm run lint:install` once).
export { default } from './tools/lint/eslint.config.mjs';
