import type { SqlDialect } from '../database.ts';

/** SQLite's SQL differences: double-quoted identifiers; LIKE is already case-insensitive for ASCII. */
export const sqliteDialect: SqlDialect = {
  type: 'sqlite',
  quote: (identifier) => `"${identifier.replaceAll('"', '""')}"`,
  likeOperator: 'LIKE',
};
