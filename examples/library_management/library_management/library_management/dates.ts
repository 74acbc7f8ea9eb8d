// Calendar dates as Frappe stores Date fields ('YYYY-MM-DD'): the library counts loans and memberships in
// whole days, so plain date strings compare correctly and need no time zone.

/** A Date as 'YYYY-MM-DD' in the server's local calendar (as the engine's `Today` default). */
export function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** 'YYYY-MM-DD' plus `days` (negative goes back). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return isoDate(new Date(year, month - 1, day + days));
}
