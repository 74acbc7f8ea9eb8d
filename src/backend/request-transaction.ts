import type { Database, Row, RunResult, SqlDialect, Transaction } from '../db/database.ts';

const rollback = Symbol('rollback');

/**
 * The request's transaction, opened lazily on the first query (a request that never touches the
 * database pays nothing) and ended once by the HTTP layer: committed for a successful
 * POST/PUT/PATCH/DELETE, rolled back otherwise. `afterCommit` hooks run only after a commit.
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

  /** `onHookError` hears about afterCommit hooks that throw: the data is committed, so the request still succeeds. */
  constructor(db: Database, onHookError: (error: unknown) => void) {
    this.#db = db;
    this.dialect = db.dialect;
    this.#onHookError = onHookError;
  }

  async all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return (await this.#open()).all<T>(sql, params);
  }
  async one<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    return (await this.#open()).one<T>(sql, params);
  }
  async run(sql: string, params?: readonly unknown[]): Promise<RunResult> {
    return (await this.#open()).run(sql, params);
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

  #open(): Promise<Transaction> {
    if (this.#ended) return Promise.reject(new Error('the request transaction has already ended'));
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
