// Load generation for the router benchmark: wrk when installed, else autocannon (bench/support/load-tools.ts).
import { hasWrk, type LoadResult, runAutocannon, runWrk } from '../support/load-tools.ts';

export { hasWrk, type LoadResult } from '../support/load-tools.ts';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  /** Request headers, the same on every request. */
  headers?: Record<string, string>;
}

/** Runs the load for `seconds` and reports throughput and p99 latency. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const headers = Object.entries(o.headers ?? {});
  if (hasWrk()) {
    const h = headers.flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
    return runWrk(['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--latency', ...h, o.url], o.seconds);
  }
  return runAutocannon({
    url: o.url,
    connections: o.connections,
    duration: o.seconds,
    headers: Object.fromEntries(headers),
  });
}
