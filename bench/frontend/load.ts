// Load generation: Debian's wrk when installed (C, cheap on the CPU the servers share), else
// autocannon in this process.
import { execFile, spawnSync } from 'node:child_process';

/** One measurement. */
export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
}

/** Whether wrk is on the PATH. */
export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
}

/** Runs the load for `seconds` and reports throughput and p99 latency. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  return hasWrk() ? wrk(o) : autocannon(o);
}

function wrk(o: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'wrk',
      ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--latency', o.url],
      { encoding: 'utf8', timeout: (o.seconds + 30) * 1000 },
      (err, stdout) => {
        if (err) return reject(err);
        const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
        const p99 = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout);
        if (!rps || !p99) return reject(new Error(`cannot parse wrk output:\n${stdout}`));
        const unit = p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1;
        const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
        const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
          stdout,
        );
        const errors = non2xx + (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
        resolve({ requestsPerSecond: Number(rps), p99Ms: Number(p99[1]) * unit, errors });
      },
    );
  });
}

async function autocannon(o: LoadOptions): Promise<LoadResult> {
  // Imported by name: autocannon ships no type declarations.
  const name = 'autocannon';
  const { default: run } = (await import(name)) as { default: (opts: object) => Promise<AutocannonResult> };
  const result = await run({ url: o.url, connections: o.connections, duration: o.seconds });
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
