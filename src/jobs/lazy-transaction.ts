import type { Logger } from '../config/log.ts';
import { AfterCommitHooks } from '../db/after-commit.ts';
import type { Database, Row, RunResult, Transaction } from '../db/database.ts';
import { DbUsageError } from '../db/errors.ts';

/**
 * A job's transaction, begun on its first query: a job that never touches the database costs no BEGIN and
 * COMMIT (two round trips on PostgreSQL/MariaDB). Once the job is done the runner calls `commit` or `rollback`;
 * after either, queries fail instead of silently starting another transaction. After-commit hooks run once
 * `commit` has committed (or at once when nothing was begun), and are dropped by `rollback`.
 */
export class LazyTransaction implements Transaction {
  readonly dialect: Database['dialect'];
  private begun: Promise<Transaction> | undefined;
  private settle: { commit: () => void; rollback: (error: unknown) => void } | undefined;
  private outcome: Promise<void> | undefined;
  private finished = false;
  private readonly hooks = new AfterCommitHooks();

  constructor(
    private readonly database: Database,
    private readonly log: () => Logger,
  ) {
    this.dialect = database.dialect;
  }

  async all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return (await this.tx()).all<T>(sql, params);
  }
  async one<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    return (await this.tx()).one<T>(sql, params);
  }
  async run(sql: string, params?: readonly unknown[]): Promise<RunResult> {
    return (await this.tx()).run(sql, params);
  }
  afterCommit(hook: () => void | Promise<void>): void {
    this.hooks.add(hook);
  }

  /** Commits what was begun, then runs the after-commit hooks. Rejects when the commit fails. */
  async commit(): Promise<void> {
    this.finished = true;
    if (this.begun) {
      await this.begun;
      this.settle!.commit();
      await this.outcome;
    }
    await this.hooks.run(this.log());
  }

  /** Rolls back what was begun; after-commit hooks are dropped. Never rejects. */
  async rollback(error: unknown): Promise<void> {
    this.finished = true;
    if (!this.begun) return;
    try {
      await this.begun;
    } catch {
      return; // BEGIN itself failed: nothing to roll back
    }
    this.settle!.rollback(error);
    await this.outcome!.catch(() => undefined);
  }

  private tx(): Promise<Transaction> {
    if (this.finished) return Promise.reject(new DbUsageError('Transaction already finished'));
    this.begun ??= new Promise<Transaction>((resolve, reject) => {
      this.outcome = this.database.transaction(
        (tx) =>
          new Promise<void>((commit, rollback) => {
            this.settle = { commit: () => commit(), rollback };
            resolve(tx);
          }),
      );
      this.outcome.catch(reject);
    });
    return this.begun;
  }
}
