// The list query engine (filters -> SQL): compile or run list and count requests against DocType meta.
export { compileCountQuery, compileListQuery } from './compile.ts';
export { overridesConversion } from './conversion-keys.ts';
export { dateRange, timespans } from './date-ranges.ts';
export { DataError, QueryPermissionError, UnknownDocTypeError } from './errors.ts';
export { type FilterSpec, parseFilters } from './filters.ts';
export { flagArg } from './flag-arg.ts';
export { queryLimits } from './limits.ts';
export { type Operator, operators } from './operators.ts';
export { QueryCache, sharedQueryCache } from './query-cache.ts';
export { runCountQuery, runListQuery } from './run.ts';
export type {
  CompiledListQuery,
  CompiledQuery,
  CountQueryResult,
  ListQueryInput,
  ListQueryResult,
  QueryDebug,
  QueryDeps,
  ReadableLevels,
  ReadScope,
} from './types.ts';
