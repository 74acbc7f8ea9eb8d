import type { Database, Transaction } from './database.ts';

/** Runs `fn` in a new transaction on a `Database`, or directly in the caller's open `Transaction`. */
export function withTransaction<T>(
  db: Database | Transaction,
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return 'transaction' in db ? db.transaction(fn) : fn(db);
}
