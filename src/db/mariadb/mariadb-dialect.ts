import type { SqlDialect } from '../database.ts';

/** MariaDB's SQL differences: backquoted identifiers; LIKE is case-insensitive under utf8mb4_unicode_ci. */
export const mariadbDialect: SqlDialect = {
  type: 'mariadb',
  quote: (identifier) => `\`${identifier.replaceAll('`', '``')}\``,
  likeOperator: 'LIKE',
};
