import type { Logger } from '../config/log.ts';

/** The hooks a transaction collects; run once after commit, in order, each failure logged not thrown. */
export class AfterCommitHooks {
  private readonly hooks: Array<() => void | Promise<void>> = [];

  add(hook: () => void | Promise<void>): void {
    this.hooks.push(hook);
  }

  /** Runs every hook in registration order; a throwing hook is logged and the rest still run. */
  async run(log: Logger): Promise<void> {
    for (const hook of this.hooks.splice(0)) {
      try {
        await hook();
      } catch (error) {
        // The commit already happened: a failed side effect must not look like a failed transaction.
        log.error({ err: error }, 'afterCommit hook failed');
      }
    }
  }
}
