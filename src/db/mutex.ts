/**
 * A first-come-first-served async lock. SQLite's single writer connection holds one transaction at a time,
 * and a transaction may span awaits, so everything writing on that connection queues here.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Waits for the lock; resolves with the function that releases it. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }

  /** Runs `fn` holding the lock. */
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
