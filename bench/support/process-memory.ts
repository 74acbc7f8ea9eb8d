// Resident memory of a process, from /proc (Linux).
import { readFileSync } from 'node:fs';

/** Resident set size of `pid` in MB (NaN when /proc has no such process). */
export function rssMb(pid: number | 'self'): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
