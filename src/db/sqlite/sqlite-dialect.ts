import type { SqlDialect } from '../database.ts';

/** SQLite's SQL differences: double-quoted identifiers; LIKE is made case-insensitive for Unicode (`sqlite-like.ts`). */
export const sqliteDialect: SqlDialect = {
  type: 'sqlite',
  quote: (identifier) => `"${identifier.replaceAll('"', '""')}"`,
  likeOperator: 'LIKE',
};
