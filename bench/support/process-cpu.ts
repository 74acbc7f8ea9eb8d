// CPU time a process has used, from /proc (Linux): what a server spends per request, whatever else shares
// the machine. Throughput on a shared 2-core box swings with its neighbours; CPU per request barely does.
import { readFileSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ on every Linux this runs on

/** User + system CPU seconds used so far by process `pid` (default: this one); NaN when /proc is missing. */
export function cpuSeconds(pid: number | 'self' = 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}
