// Values as the list and read-only fields show them.
import type { DocField } from './types.ts';

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

/** Text for a value of `field` (empty for nothing). */
export function formatValue(field: DocField | undefined, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  switch (field?.fieldtype) {
    case 'Check':
      return value ? 'Yes' : 'No';
    case 'Int':
    case 'Float':
      return typeof value === 'number' ? numberFormat.format(value) : String(value);
    case 'Currency':
      return typeof value === 'number'
        ? value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
        : String(value);
    case 'Percent':
      return `${typeof value === 'number' ? numberFormat.format(value) : String(value)}%`;
    case 'Datetime':
      return String(value).slice(0, 19);
    case 'Text Editor':
      return htmlToText(String(value));
    case 'Password':
      return '••••••';
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Plain text of stored HTML (Text Editor values), for one-line display. */
export function htmlToText(html: string): string {
  if (!html.includes('<')) return html;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** "5 minutes ago" for a Frappe datetime (`YYYY-MM-DD HH:MM:SS.ffffff`, server local time). */
export function timeAgo(datetime: string | undefined, now = Date.now()): string {
  if (!datetime) return '';
  const at = Date.parse(datetime.replace(' ', 'T').slice(0, 23));
  if (Number.isNaN(at)) return datetime;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'just now';
  const units: Array<[number, string]> = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day'],
    [2592000, 'month'],
    [31536000, 'year'],
  ];
  let unit = units[0]!;
  for (const candidate of units) if (seconds >= candidate[0]) unit = candidate;
  const count = Math.round(seconds / unit[0]);
  return `${count} ${unit[1]}${count === 1 ? '' : 's'} ago`;
}

/** Draft / Submitted / Cancelled. */
export function docstatusLabel(docstatus: unknown): string {
  return docstatus === 1 ? 'Submitted' : docstatus === 2 ? 'Cancelled' : 'Draft';
}
