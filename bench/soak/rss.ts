// Resident memory of the soak's processes, sampled from /proc (Linux), and its growth after warm-up.
import { rssMb } from '../support/process-memory.ts';

/** One sample: seconds since the soak began, and each process's RSS (MB) by name. */
export interface Sample {
  at: number;
  rss: Record<string, number>;
}

/** Samples every `everyMs` until stopped: one `setInterval`, nothing else. */
export function sampleRss(processes: Record<string, number | 'self'>, everyMs: number, start: number) {
  const samples: Sample[] = [];
  const take = () => {
    const rss: Record<string, number> = {};
    for (const [name, pid] of Object.entries(processes)) rss[name] = rssMb(pid);
    samples.push({ at: (Date.now() - start) / 1000, rss });
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
    },
  };
}

/** What a process's memory did after warm-up. */
export interface Growth {
  name: string;
  warmMb: number;
  endMb: number;
  peakMb: number;
  /** (end − warm) per minute between the two samples. */
  mbPerMinute: number;
  /** Least-squares slope over every sample after warm-up: less sensitive to a collection just before the end. */
  slopeMbPerMinute: number;
}

/** Growth of each process from the first sample at or after `warmupSeconds` to the last one. */
export function growthAfter(samples: Sample[], warmupSeconds: number): Growth[] {
  const after = samples.filter((s) => s.at >= warmupSeconds);
  if (after.length < 2) return [];
  const first = after[0]!;
  const last = after[after.length - 1]!;
  const minutes = (last.at - first.at) / 60;
  return Object.keys(first.rss).map((name) => {
    const points = after.map((s) => [s.at / 60, s.rss[name]!] as const).filter(([, y]) => Number.isFinite(y));
    return {
      name,
      warmMb: first.rss[name]!,
      endMb: last.rss[name]!,
      peakMb: Math.max(...points.map(([, y]) => y)),
      mbPerMinute: (last.rss[name]! - first.rss[name]!) / Math.max(minutes, 1e-9),
      slopeMbPerMinute: slope(points),
    };
  });
}

function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}
