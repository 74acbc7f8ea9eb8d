import type { SqlDialect } from '../database.ts';

/** PostgreSQL's SQL differences: double-quoted identifiers, `ILIKE` for case-insensitive matching. */
export const postgresDialect: SqlDialect = {
  type: 'postgres',
  quote: (identifier) => `"${identifier.replaceAll('"', '""')}"`,
  likeOperator: 'ILIKE',
};
