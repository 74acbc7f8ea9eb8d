import type { Database, Row, RunResult, SqlDialect, Transaction } from '../db/database.ts';
import { InReadOnlyMode } from '../errors/index.ts';

const rollback = Symbol('rollback');

// A statement that only reads and takes no lock: safe to run outside the transaction.
const plainSelect = /^\s*select\b/i;
const lockingRead = /\bfor\s+(?:update|share|no\s+key\s+update|key\s+share)\b|\block\s+in\s+share\s+mode\b/i;

// The answer per SQL text: the engine's statements repeat, so the two patterns run once for each.
const plainReads = new Map<string, boolean>();

function isPlainRead(sql: string): boolean {
  let plain = plainReads.get(sql);
  if (plain === undefined) {
    plain = plainSelect.test(sql) && !lockingRead.test(sql);
    if (plainReads.size >= 2000) plainReads.clear();
    plainReads.set(sql, plain);
  }
  return plain;
}

/** Options of a request transaction. */
export interface RequestTransactionOptions {
  /**
   * Reads run on the database directly (SQLite's reader connection, a pooled connection elsewhere) until the
   * first write opens the transaction: for requests that roll back anyway (GET, HEAD), so a read-only request
   * never takes SQLite's writer lock nor pays BEGIN/ROLLBACK.
   */
  readsOutside?: boolean;
  /**
   * The site is read-only (maintenance with reads allowed): plain reads run on the database directly and
   * anything else is refused with 503 InReadOnlyMode before it reaches the database.
   */
  readOnly?: boolean;
}

/** What a write answers while the site is read-only (Frappe's InReadOnlyMode). */
export function readOnlyError(): InReadOnlyMode {
  return new InReadOnlyMode(
    'The site is in maintenance mode and read-only: this change cannot be made now. Please try again in a few minutes.',
    { title: 'In Read Only Mode' },
  );
}

/**
 * The request's transaction, opened lazily on the first query (a request that never touches the
 * database pays nothing; with `readsOutside`, on the first write) and ended once by the HTTP layer:
 * committed for a successful POST/PUT/PATCH/DELETE, rolled back otherwise. `afterCommit` hooks run only
 * after a commit.
 *
 * @example const rows = await ctx.db.all('select name from "tabToDo"'); // inside the request's transaction
 */
export class RequestTransaction implements Transaction {
  readonly dialect: SqlDialect;
  readonly #db: Database;
  readonly #hooks: Array<() => void | Promise<void>> = [];
  #tx: Promise<Transaction> | undefined;
  #done: Promise<void> | undefined;
  #settle: ((commit: boolean) => void) | undefined;
  #ended = false;
  readonly #onHookError: (error: unknown) => void;
  readonly #readsOutside: boolean;
  readonly #readOnly: boolean;

  /** `onHookError` hears about afterCommit hooks that throw: the data is committed, so the request still succeeds. */
  constructor(db: Database, onHookError: (error: unknown) => void, options: RequestTransactionOptions = {}) {
    this.#db = db;
    this.dialect = db.dialect;
    this.#onHookError = onHookError;
    this.#readOnly = options.readOnly ?? false;
    this.#readsOutside = this.#readOnly || (options.readsOutside ?? false);
  }

  // Not async: each hands the database's own promise on (an async function returning a promise costs the
  // caller extra microtask turns, on every query of every request).
  all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    if (this.#outside(sql)) return this.#db.all<T>(sql, params);
    return this.#open().then((tx) => tx.all<T>(sql, params));
  }
  one<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    if (this.#outside(sql)) return this.#db.one<T>(sql, params);
    return this.#open().then((tx) => tx.one<T>(sql, params));
  }
  run(sql: string, params?: readonly unknown[]): Promise<RunResult> {
    if (this.#readOnly) return Promise.reject(readOnlyError());
    return this.#open().then((tx) => tx.run(sql, params));
  }

  afterCommit(hook: () => void | Promise<void>): void {
    this.#hooks.push(hook);
  }

  /** Whether a query opened the transaction. */
  get opened(): boolean {
    return this.#tx !== undefined;
  }

  /**
   * Commits (`commit` true) or rolls back, then runs the afterCommit hooks after a commit.
   * A failed commit throws; a failed rollback is swallowed (the request's own error matters more).
   */
  async end(commit: boolean): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#tx) {
      const opened = await this.#tx.then(
        () => true,
        () => false,
      );
      if (opened) this.#settle?.(commit);
      if (commit) await this.#done;
      else await this.#done?.catch(() => undefined);
    }
    if (!commit) return;
    for (const hook of this.#hooks) {
      try {
        await hook();
      } catch (error) {
        this.#onHookError(error);
      }
    }
  }

  /** Ends the request's unit of work at once when no query opened the transaction (nothing to roll back). */
  endUnopened(): boolean {
    if (this.#tx) return false;
    this.#ended = true;
    return true;
  }

  // Once the transaction is open every query goes through it, so the request sees its own writes.
  #outside(sql: string): boolean {
    return this.#readsOutside && this.#tx === undefined && !this.#ended && isPlainRead(sql);
  }

  #open(): Promise<Transaction> {
    if (this.#ended) return Promise.reject(new Error('the request transaction has already ended'));
    if (this.#readOnly) return Promise.reject(readOnlyError());
    this.#tx ??= new Promise<Transaction>((resolve, reject) => {
      // The transaction callback hands its handle out and then waits for end() to settle it.
      this.#done = this.#db
        .transaction(
          (tx) =>
            new Promise<void>((ok, fail) => {
              this.#settle = (commit) => (commit ? ok() : fail(rollback));
              resolve(tx);
            }),
        )
        .catch((error: unknown) => {
          if (error !== rollback) throw error;
        });
      this.#done.catch(reject);
    });
    return this.#tx;
  }
}
