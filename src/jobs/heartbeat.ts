import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The long-running roles that have no HTTP port to probe. */
export type HeartbeatRole = 'worker' | 'scheduler';

/** Where heartbeats are written: `$CORTADO_HEALTH_DIR`, else `<tmp>/cortado-health` (local to a container). */
export function heartbeatDir(): string {
  return process.env.CORTADO_HEALTH_DIR || join(tmpdir(), 'cortado-health');
}

// One bench's processes only: benches on one host share the temp folder.
function benchTag(sitesPath: string): string {
  return createHash('sha256').update(sitesPath).digest('hex').slice(0, 8);
}

/**
 * A process's heartbeat file, rewritten every few seconds while it is healthy (a worker after its queue
 * answered, a scheduler while its loop runs). `cortado health <role>` reads it; a stuck event loop, a dead
 * process or an unreachable queue all show as a stale file, and a process that knows it is unwell (a scheduler
 * with a stalled site) says why in `unhealthy`.
 *
 * @example const beat = new Heartbeat('worker', bench.sitesPath); beat.beat({ queues }); ... beat.stop();
 */
export class Heartbeat {
  readonly file: string;

  constructor(
    readonly role: HeartbeatRole,
    sitesPath: string,
    dir = heartbeatDir(),
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${role}-${benchTag(sitesPath)}-${process.pid}.json`);
  }

  beat(details: Record<string, unknown> = {}): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ role: this.role, pid: process.pid, at: Date.now(), ...details }));
    renameSync(tmp, this.file);
  }

  stop(): void {
    rmSync(this.file, { force: true });
  }
}

/** What `checkHeartbeat` found. */
export interface HealthReport {
  healthy: boolean;
  message: string;
}

/**
 * Healthy when a process of `role` of this bench is alive and beat within `maxAgeMs` (default 30 s).
 *
 * @example const { healthy, message } = checkHeartbeat('worker', bench.sitesPath);
 */
export function checkHeartbeat(
  role: HeartbeatRole,
  sitesPath: string,
  { dir = heartbeatDir(), maxAgeMs = 30_000, now = Date.now() } = {},
): HealthReport {
  const prefix = `${role}-${benchTag(sitesPath)}-`;
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.json'));
  } catch {
    // no folder: nothing ever beat
  }
  let newest: { pid: number; at: number; unhealthy?: unknown } | undefined;
  for (const file of files) {
    try {
      const beat = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        pid: number;
        at: number;
        unhealthy?: unknown;
      };
      if (!isAlive(beat.pid)) continue;
      if (!newest || beat.at > newest.at) newest = beat;
    } catch {
      // a file being replaced or a stray one
    }
  }
  if (!newest) return { healthy: false, message: `no running ${role} found (no heartbeat in ${dir})` };
  const age = now - newest.at;
  if (age > maxAgeMs)
    return {
      healthy: false,
      message: `${role} ${newest.pid}: last heartbeat ${Math.round(age / 1000)} s ago`,
    };
  if (typeof newest.unhealthy === 'string')
    return { healthy: false, message: `${role} ${newest.pid}: ${newest.unhealthy}` };
  return {
    healthy: true,
    message: `${role} ${newest.pid}: healthy (heartbeat ${Math.round(age / 1000)} s ago)`,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
