// The filter language (SPEC 8): text → typed tree → text. The SQL side lives in store/sqlite/filterSql.ts.
export * from './ast.js';
export { parseFilter, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, MAX_FILTER_VALUES, MAX_PATTERN_LENGTH } from './parse.js';
export { describeFilter } from './describe.js';
