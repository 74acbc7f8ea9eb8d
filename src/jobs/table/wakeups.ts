/**
 * In-process wake-ups per queue name: a worker with nothing to do waits here, and an `add` in the same process
 * wakes it at once instead of at its next poll (which is how jobs from other processes are found).
 */
export class Wakeups {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves on `notify(queue)`, after `ms`, or when `signal` aborts, whichever comes first. */
  wait(queue: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      let set = this.waiting.get(queue);
      if (!set) {
        set = new Set();
        this.waiting.set(queue, set);
      }
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Wakes every worker waiting on `queue`. */
  notify(queue: string): void {
    for (const wake of [...(this.waiting.get(queue) ?? [])]) wake();
  }

  /** Wakes every waiting worker (e.g. after lost jobs were put back). */
  notifyAll(): void {
    for (const queue of this.waiting.keys()) this.notify(queue);
  }
}
