export { MariadbDatabase, type MariadbOptions } from './mariadb-database.ts';
export { mariadbDialect } from './mariadb-dialect.ts';
