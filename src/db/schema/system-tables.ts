import type { Database, Transaction } from '../database.ts';
import { withTransaction } from '../with-transaction.ts';

/**
 * Creates Frappe's tables that belong to no DocType, when missing: `tabSingles` (values of single DocTypes,
 * one row per field; unique on doctype+field so a value can be upserted), `tabSeries` (naming series
 * counters) and `__Auth` (passwords and secrets, kept out of document tables).
 */
export async function installSystemTables(db: Database | Transaction): Promise<void> {
  const type = db.dialect.type;
  const q = db.dialect.quote;
  const int = type === 'postgres' ? 'bigint' : 'int';
  const options =
    type === 'mariadb'
      ? ' ENGINE=InnoDB ROW_FORMAT=DYNAMIC CHARACTER SET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
      : '';
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${q('tabSingles')} (
      ${q('doctype')} varchar(140) NOT NULL,
      ${q('field')} varchar(140) NOT NULL,
      ${q('value')} text
    )${options}`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${q('tabSingles_doctype_field_index')} ON ${q('tabSingles')} (${q('doctype')}, ${q('field')})`,
    `CREATE TABLE IF NOT EXISTS ${q('tabSeries')} (
      ${q('name')} varchar(100) NOT NULL PRIMARY KEY,
      ${q('current')} ${int} NOT NULL DEFAULT 0
    )${options}`,
    `CREATE TABLE IF NOT EXISTS ${q('__Auth')} (
      ${q('doctype')} varchar(140) NOT NULL,
      ${q('name')} varchar(255) NOT NULL,
      ${q('fieldname')} varchar(140) NOT NULL,
      ${q('password')} text NOT NULL,
      ${q('encrypted')} int NOT NULL DEFAULT 0,
      PRIMARY KEY (${q('doctype')}, ${q('name')}, ${q('fieldname')})
    )${options}`,
  ];
  await withTransaction(db, async (tx) => {
    for (const sql of statements) await tx.run(sql);
  });
}
