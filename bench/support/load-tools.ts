// What every benchmark's load generator shares: Debian's wrk (C, cheap on the CPU the servers share) with its
// output parsed, else autocannon in this process; both report the same `LoadResult`.
import { execFile, spawnSync } from 'node:child_process';

/** One measurement. */
export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  /** Non-2xx replies and socket errors. */
  errors: number;
}

/** Whether wrk is on the PATH. */
export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
}

/**
 * Runs wrk with `args` (connections, duration, `--latency`, script, URL) and parses its report.
 *
 * @example await runWrk(['-t1', '-c50', '-d5s', '--latency', url], 5);
 */
export function runWrk(args: string[], seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { encoding: 'utf8', timeout: (seconds + 30) * 1000 }, (err, stdout) => {
      if (err) return reject(err);
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
      const p99 = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout);
      if (!rps || !p99) return reject(new Error(`cannot parse wrk output:\n${stdout}`));
      const unit = p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1;
      const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
      const errors = non2xx + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
      resolve({ requestsPerSecond: Number(rps), p99Ms: Number(p99[1]) * unit, errors });
    });
  });
}

/** Runs autocannon with `options` (its own option object) in this process. */
export async function runAutocannon(options: object): Promise<LoadResult> {
  // Imported by name: autocannon ships no type declarations.
  const name = 'autocannon';
  const { default: run } = (await import(name)) as { default: (opts: object) => Promise<AutocannonResult> };
  const result = await run(options);
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number };
  errors: number;
  non2xx: number;
}
