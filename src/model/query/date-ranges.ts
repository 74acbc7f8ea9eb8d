// Frappe's named date ranges (`get_timespan_date_range`, `get_date_range` in frappe/utils/data.py and
// frappe/model/db_query.py): `timespan` values and the `previous` / `next` periods, from an injectable clock.
import { DataError, shown } from './errors.ts';

/** A calendar day, free of time zones: month 1-12. */
interface Day {
  y: number;
  m: number;
  d: number;
}

/** The `timespan` values Frappe v15 accepts. */
export const timespans = [
  'last week',
  'last month',
  'last quarter',
  'last 6 months',
  'last year',
  'yesterday',
  'today',
  'tomorrow',
  'this week',
  'this month',
  'this quarter',
  'this year',
  'next week',
  'next month',
  'next quarter',
  'next 6 months',
  'next year',
] as const;

// `previous` / `next` periods map onto timespans, as `get_date_range` does.
const periods: Record<string, string> = {
  '1 week': 'week',
  '1 month': 'month',
  '3 months': 'quarter',
  '6 months': '6 months',
  '1 year': 'year',
};

/**
 * The `[from, to]` days (`YYYY-MM-DD`, both inclusive) of a `timespan`, `previous` or `next` filter.
 *
 * @example dateRange('timespan', 'this month', new Date(2024, 4, 15)) // ['2024-05-01', '2024-05-31']
 * @example dateRange('previous', '1 week', now) // last week, Sunday to Saturday by default
 */
export function dateRange(operator: string, value: unknown, now: Date, firstDayOfWeek = 0): [string, string] {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  let span = text;
  if (operator !== 'timespan') {
    const period = periods[text];
    if (!period)
      throw new DataError(
        `Invalid value for ${operator}: ${shown(value)} (one of ${Object.keys(periods).join(', ')})`,
      );
    span = `${operator === 'previous' ? 'last' : 'next'} ${period}`;
  }
  const today: Day = { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
  const range = spanRange(span, today, firstDayOfWeek);
  if (!range) throw new DataError(`Invalid timespan: ${shown(value)} (one of ${timespans.join(', ')})`);
  return [format(range[0]), format(range[1])];
}

function spanRange(span: string, today: Day, weekStart: number): [Day, Day] | undefined {
  const week = (day: Day): [Day, Day] => {
    const first = addDays(day, -((weekday(day) - weekStart + 7) % 7));
    return [first, addDays(first, 6)];
  };
  const month = (day: Day): [Day, Day] => [
    { ...day, d: 1 },
    { ...day, d: daysIn(day.y, day.m) },
  ];
  const quarter = (day: Day): [Day, Day] => {
    const start = day.m - ((day.m - 1) % 3);
    return [
      { y: day.y, m: start, d: 1 },
      { y: day.y, m: start + 2, d: daysIn(day.y, start + 2) },
    ];
  };
  const year = (day: Day): [Day, Day] => [
    { y: day.y, m: 1, d: 1 },
    { y: day.y, m: 12, d: 31 },
  ];
  switch (span) {
    case 'last week':
      return week(addDays(today, -7));
    case 'last month':
      return month(addMonths(today, -1));
    case 'last quarter':
      return quarter(addMonths(today, -3));
    case 'last 6 months':
      return [quarter(addMonths(today, -6))[0], quarter(addMonths(today, -3))[1]];
    case 'last year':
      return year(addMonths(today, -12));
    case 'yesterday':
      return [addDays(today, -1), addDays(today, -1)];
    case 'today':
      return [today, today];
    case 'tomorrow':
      return [addDays(today, 1), addDays(today, 1)];
    case 'this week':
      return week(today);
    case 'this month':
      return month(today);
    case 'this quarter':
      return quarter(today);
    case 'this year':
      return year(today);
    case 'next week':
      return week(addDays(today, 7));
    case 'next month':
      return month(addMonths(today, 1));
    case 'next quarter':
      return quarter(addMonths(today, 3));
    case 'next 6 months':
      return [quarter(addMonths(today, 3))[0], quarter(addMonths(today, 6))[1]];
    case 'next year':
      return year(addMonths(today, 12));
    default:
      return undefined;
  }
}

/** Today as `YYYY-MM-DD` on the given clock (local time, as stored datetimes are). */
export function todayOf(now: Date): string {
  return format({ y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() });
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(y: number, m: number): number {
  return m === 2 && leap(y) ? 29 : monthDays[m - 1]!;
}

function leap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function weekday(day: Day): number {
  return new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay(); // 0 = Sunday
}

function addDays(day: Day, days: number): Day {
  const date = new Date(Date.UTC(day.y, day.m - 1, day.d + days));
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

// dateutil's relativedelta: the day is clamped to the target month's length.
function addMonths(day: Day, months: number): Day {
  const index = day.y * 12 + (day.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return { y, m, d: Math.min(day.d, daysIn(y, m)) };
}

function format(day: Day): string {
  return `${String(day.y).padStart(4, '0')}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}
