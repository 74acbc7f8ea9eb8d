import type { Queryable } from '../../db/database.ts';
import { parseNamingSeries, type SeriesInput } from './naming-series.ts';

const bracedParams = /\{([\w #|]+)\}/g;

/**
 * A name from a `format:` rule (Frappe's `_format_autoname`): each `{...}` is a field value, a date part
 * (`YYYY`, `MM`, ...) or a counter (`{###}`); the rest is literal. The counter is kept per resolved prefix
 * (the text before it), so `format:INV-{customer}-{###}` counts per customer.
 *
 * @example await formatAutoname(tx, 'format:NOTE-{title}-{###}', { doc, now }) // 'NOTE-Hello-001'
 */
export async function formatAutoname(db: Queryable, autoname: string, input: SeriesInput): Promise<string> {
  const template = autoname.slice(autoname.indexOf(':') + 1);
  let name = '';
  let last = 0;
  for (const match of template.matchAll(bracedParams)) {
    name += template.slice(last, match.index);
    const param = match[1]!.trim();
    name += await parseNamingSeries(db, [param], input, name);
    last = match.index + match[0].length;
  }
  return name + template.slice(last);
}
