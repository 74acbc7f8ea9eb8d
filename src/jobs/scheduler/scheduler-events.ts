import { CronExpressionParser } from 'cron-parser';

/** Scheduled Job Type frequencies (Frappe's Select options, minus the maintenance ones). */
export const frequencies = [
  'All',
  'Hourly',
  'Hourly Long',
  'Daily',
  'Daily Long',
  'Weekly',
  'Weekly Long',
  'Monthly',
  'Monthly Long',
  'Cron',
  'Yearly',
  'Annual',
] as const;
/** A Scheduled Job Type frequency. */
export type Frequency = (typeof frequencies)[number];

/**
 * An app's `scheduler_events` hook, as in Frappe's hooks.py: method names per frequency, and cron expressions.
 *
 * @example { all: ['app.tasks.flush'], daily_long: ['app.tasks.rebuild'], cron: { '0/15 * * * *': ['app.tasks.poll'] } }
 */
export interface SchedulerEvents {
  all?: readonly string[];
  hourly?: readonly string[];
  hourly_long?: readonly string[];
  daily?: readonly string[];
  daily_long?: readonly string[];
  weekly?: readonly string[];
  weekly_long?: readonly string[];
  monthly?: readonly string[];
  monthly_long?: readonly string[];
  yearly?: readonly string[];
  annual?: readonly string[];
  cron?: Readonly<Record<string, readonly string[]>>;
}

/** One Scheduled Job Type to have: a method, its frequency, and the cron expression of `Cron` ones. */
export interface ScheduledEvent {
  method: string;
  frequency: Frequency;
  cronFormat?: string | undefined;
}

/**
 * The hook as a list of Scheduled Job Types (Frappe's `insert_events`): `daily_long` becomes `Daily Long`,
 * each cron expression `Cron` with its format. Unknown keys and invalid cron expressions throw.
 */
export function flattenSchedulerEvents(events: SchedulerEvents): ScheduledEvent[] {
  const out: ScheduledEvent[] = [];
  for (const [key, value] of Object.entries(events)) {
    if (key === 'cron') {
      for (const [cronFormat, methods] of Object.entries(value as Record<string, readonly string[]>)) {
        assertCron(cronFormat);
        for (const method of methods) out.push({ method, frequency: 'Cron', cronFormat });
      }
      continue;
    }
    const frequency = key
      .split('_')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join(' ') as Frequency;
    if (!frequencies.includes(frequency) || frequency === 'Cron') {
      throw new Error(`Unknown scheduler event ${JSON.stringify(key)}`);
    }
    for (const method of value as readonly string[]) out.push({ method, frequency });
  }
  return out;
}

/** Throws unless `expression` is a valid cron expression. */
export function assertCron(expression: string): void {
  try {
    CronExpressionParser.parse(expression);
  } catch (error) {
    throw new Error(`Invalid cron expression ${JSON.stringify(expression)}: ${(error as Error).message}`);
  }
}
