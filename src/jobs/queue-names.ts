import { z } from 'zod';
import type { CommonConfig } from '../config/schema.ts';
import { UnknownQueueError } from './errors.ts';

/** Frappe's standard queues and their timeouts in seconds (`get_queues_timeout`). */
export const standardQueues: Readonly<Record<string, number>> = { short: 300, default: 300, long: 1500 };

const defaultTimeout = 300;

// `workers` in common_site_config.json, as Frappe reads it: {"<queue>": {"timeout": <seconds>}, ...}.
const workersSchema = z.record(
  z.string().regex(/^[a-z0-9_-]{1,64}$/i, 'queue names are letters, digits, _ and -'),
  z.looseObject({ timeout: z.coerce.number().int().positive().optional() }),
);

/**
 * The bench's queues with their timeouts: short, default, long, then the custom queues of `workers` in the
 * common config (order kept, as Frappe's).
 *
 * @example queueTimeouts({ workers: { reports: { timeout: 3600 } } }) // { short: 300, default: 300, long: 1500, reports: 3600 }
 */
export function queueTimeouts(
  common: Pick<CommonConfig, 'workers'> | Record<string, unknown>,
): Record<string, number> {
  const parsed = workersSchema.safeParse((common as Record<string, unknown>).workers ?? {});
  const custom = parsed.success ? parsed.data : {};
  const out: Record<string, number> = { ...standardQueues };
  for (const [name, config] of Object.entries(custom)) out[name] = config.timeout ?? defaultTimeout;
  return out;
}

/** Throws `UnknownQueueError` unless every name is a known queue. */
export function assertQueues(names: readonly string[], timeouts: Record<string, number>): void {
  for (const name of names) {
    if (!(name in timeouts)) throw new UnknownQueueError(name, Object.keys(timeouts));
  }
}

/** `short,default` (the `--queue` option) as a list, duplicates and blanks dropped. */
export function parseQueueList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
