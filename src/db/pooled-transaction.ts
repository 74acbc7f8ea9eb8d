import type { Logger } from '../config/log.ts';
import type { AfterCommitHooks } from './after-commit.ts';

/** The four steps of a transaction on one pooled server connection, as each driver spells them. */
export interface PooledSteps {
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Returns the connection to the pool; `broken` (its rollback failed) means destroy it instead. */
  release(broken: boolean): void;
}

/** A driver's transaction object: marked done once it commits or rolls back, with its after-commit hooks. */
export interface PooledTransaction {
  done: boolean;
  readonly hooks: AfterCommitHooks;
}

/**
 * Runs `fn` in a transaction on a pooled connection (PostgreSQL, MariaDB): commit when it resolves,
 * rollback and rethrow (through `mapError`) when it throws; a connection whose rollback failed is in an
 * unknown state and never goes back to the pool. After-commit hooks run once the connection is released.
 */
export async function runPooledTransaction<T, X extends PooledTransaction>(
  steps: PooledSteps,
  tx: X,
  fn: (tx: X) => Promise<T>,
  log: Logger,
  mapError: (error: unknown) => unknown = (error) => error,
): Promise<T> {
  let result: T;
  let broken = false;
  try {
    await steps.begin();
    result = await fn(tx);
    tx.done = true;
    await steps.commit();
  } catch (error) {
    tx.done = true;
    try {
      await steps.rollback();
    } catch {
      broken = true;
    }
    throw mapError(error);
  } finally {
    steps.release(broken);
  }
  await tx.hooks.run(log);
  return result;
}
