/**
 * Why and when a running job must stop (its timeout, or the worker's shutdown), without the cost of an
 * AbortController per job: the controller is made only if the job asks for `signal`.
 */
export class JobStop {
  /** Set once the job must stop. */
  reason: Error | undefined;
  private controller: AbortController | undefined;
  private listeners: Array<(reason: Error) => void> = [];

  /** An AbortSignal for the job's own use (fetch, timers); aborted with `reason`. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Stops the job (the first reason wins). */
  stop(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller?.abort(reason);
    for (const listener of this.listeners.splice(0)) listener(reason);
  }

  /** Calls `listener` once when the job is stopped; returns a function that forgets it. */
  onStop(listener: (reason: Error) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }
}

// One 'abort' listener per shutdown signal, however many jobs run: EventTarget listeners per job cost more
// than a no-op job.
const stopsBySignal = new WeakMap<AbortSignal, Set<() => void>>();

/** Runs `stop` when `signal` aborts (at once if it has); returns a function that forgets it. */
export function onAbort(signal: AbortSignal, stop: () => void): () => void {
  if (signal.aborted) {
    stop();
    return () => {};
  }
  let stops = stopsBySignal.get(signal);
  if (!stops) {
    const set = new Set<() => void>();
    stops = set;
    stopsBySignal.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        for (const fn of [...set]) fn();
        set.clear();
      },
      { once: true },
    );
  }
  stops.add(stop);
  return () => stops.delete(stop);
}
