/** Raised when a lock was not granted in time. */
export class LockTimeout extends Error {
  override name = 'LockTimeout';
}

interface Waiter {
  grant(): void;
}

/**
 * A FIFO async lock: callers run one after the other, in the order they asked. A waiter may give up after a
 * timeout (its place is dropped; the lock is never handed to it).
 */
export class Mutex {
  #held = false;
  readonly #queue: Waiter[] = [];

  /** Waits for the lock (at most `timeoutMs`, else LockTimeout); resolves with the function that releases it. */
  acquire(timeoutMs = Number.POSITIVE_INFINITY): Promise<() => void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.#releaser());
        },
      };
      this.#queue.push(waiter);
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          this.#queue.splice(this.#queue.indexOf(waiter), 1);
          reject(new LockTimeout(`lock not granted within ${timeoutMs} ms`));
        }, timeoutMs);
      }
    });
  }

  /** Runs `fn` holding the lock (waiting at most `timeoutMs` for it). */
  async run<T>(fn: () => Promise<T> | T, timeoutMs?: number): Promise<T> {
    const release = await this.acquire(timeoutMs);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  // A release that works once, so a double release cannot hand the lock to two holders.
  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next) next.grant();
      else this.#held = false;
    };
  }
}
