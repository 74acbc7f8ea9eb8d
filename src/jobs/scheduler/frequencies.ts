import { CronExpressionParser } from 'cron-parser';
import type { Frequency } from './scheduler-events.ts';

/**
 * The cron expression of a frequency (Frappe's `CRON_MAP`): `All` runs every `scheduler_interval` seconds
 * (default 240, i.e. every 4 minutes); `Cron` uses the job type's own format.
 */
export function cronFor(
  frequency: string,
  cronFormat: string | null | undefined,
  schedulerInterval = 240,
): string {
  if (cronFormat) return cronFormat;
  switch (frequency as Frequency) {
    case 'Yearly':
    case 'Annual':
      return '0 0 1 1 *';
    case 'Monthly':
    case 'Monthly Long':
      return '0 0 1 * *';
    case 'Weekly':
    case 'Weekly Long':
      return '0 0 * * 0';
    case 'Daily':
    case 'Daily Long':
      return '0 0 * * *';
    case 'Hourly':
    case 'Hourly Long':
      return '0 * * * *';
    case 'All':
      return `*/${Math.max(1, Math.floor(schedulerInterval / 60))} * * * *`;
    default:
      throw new Error(`Scheduled Job Type without a cron format for frequency ${JSON.stringify(frequency)}`);
  }
}

/** `long` for the `... Long` frequencies, else `default` (Frappe's `get_queue_name`). */
export function queueForFrequency(frequency: string): string {
  return frequency.includes('Long') ? 'long' : 'default';
}

// Frappe's datetimes are naive, in the system time zone; cron expressions are read in the same zone.
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The first time after `after` that `cron` matches. */
export function nextExecution(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone }).next().toDate();
}

/** A stored datetime (`YYYY-MM-DD HH:MM:SS[.ffffff]`, local time) as a Date. */
export function parseDatetime(value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/.exec(value);
  if (!m) return new Date(value);
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  return new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms);
}
