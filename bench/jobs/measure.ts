// What the job benchmark measures, the same way for every target.

/** Something that enqueues no-op jobs and runs them. */
export interface Target {
  name: string;
  enqueue(i: number): Promise<void>;
  /** Starts processing; `onStart(enqueuedAt)` must be called as each job starts. */
  startWorker(concurrency: number, onStart: (enqueuedAt: number) => void): void;
  stopWorker(): Promise<void>;
}

export interface Result {
  name: string;
  /** Jobs enqueued per second (`window` adds in flight). */
  enqueuePerSec: number;
  /** Jobs started per second by a worker draining a full queue. */
  processPerSec: number;
  /** This process's CPU time per job while draining (user + system, microseconds): less noisy than rates. */
  processCpuUs: number;
  /** Enqueue-to-start latency of single jobs on an idle worker, milliseconds. */
  latencyP50: number;
  latencyP95: number;
}

/** Enqueues `n` jobs, drains them with a worker, then measures single-job latency `samples` times. */
export async function measure(
  target: Target,
  { n, window, concurrency, samples }: { n: number; window: number; concurrency: number; samples: number },
): Promise<Result> {
  let started = 0;
  let latencies: number[] | undefined;
  let waiter: (() => void) | undefined;
  const onStart = (enqueuedAt: number) => {
    started++;
    latencies?.push(Date.now() - enqueuedAt);
    waiter?.();
  };
  const startedAtLeast = (count: number) =>
    new Promise<void>((resolve) => {
      if (started >= count) return resolve();
      waiter = () => {
        if (started >= count) {
          waiter = undefined;
          resolve();
        }
      };
    });

  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (next < n) await target.enqueue(next++);
    }),
  );
  const enqueueMs = performance.now() - t0;

  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  target.startWorker(concurrency, onStart);
  await startedAtLeast(n);
  const processMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);

  latencies = [];
  for (let i = 0; i < samples; i++) {
    const before = started;
    await target.enqueue(n + i);
    await startedAtLeast(before + 1);
  }
  await target.stopWorker();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies![Math.min(latencies!.length - 1, Math.floor(p * latencies!.length))]!;
  return {
    name: target.name,
    enqueuePerSec: (n / enqueueMs) * 1000,
    processPerSec: (n / processMs) * 1000,
    processCpuUs: (cpu.user + cpu.system) / n,
    latencyP50: pct(0.5),
    latencyP95: pct(0.95),
  };
}
