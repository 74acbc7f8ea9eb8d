import type { Queryable } from '../../db/database.ts';
import { ValidationError } from '../../errors/index.ts';
import { nextSeriesValue } from './series.ts';

/** What a naming series reads besides the database: the document (for field parts) and the date. */
export interface SeriesInput {
  doc: Readonly<Record<string, unknown>>;
  now: Date;
}

/**
 * A name from a dotted series pattern (Frappe's `make_autoname`): parts split on `.`; the first `#...` part
 * is the counter, zero-padded to its length, counted per prefix (everything before it); `YY`, `YYYY`, `MM`,
 * `DD` are the date; a part naming a field with a value is that value; anything else is literal. A pattern
 * without `#` gets `.#####`.
 *
 * @example await makeAutoname(tx, 'TODO-.YYYY.-.####', { doc, now }) // 'TODO-2024-0001'
 */
export async function makeAutoname(db: Queryable, pattern: string, input: SeriesInput): Promise<string> {
  let key = pattern;
  if (!key.includes('#')) key = `${key}.#####`;
  else if (!key.includes('.')) throw new ValidationError(`Invalid naming series (. missing): ${pattern}`);
  return parseNamingSeries(db, key.split('.'), input);
}

/** Resolves the parts of a series pattern (see {@link makeAutoname}); `prefix` is prepended to the counter key. */
export async function parseNamingSeries(
  db: Queryable,
  parts: readonly string[],
  input: SeriesInput,
  prefix = '',
): Promise<string> {
  let name = '';
  let counted = false;
  for (const part of parts) {
    if (!part) continue;
    if (part.startsWith('#')) {
      if (counted) continue;
      counted = true;
      const value = await nextSeriesValue(db, prefix + name);
      name += String(value).padStart(part.length, '0');
    } else {
      name += datePart(part, input.now) ?? fieldPart(part, input.doc) ?? part;
    }
  }
  return name;
}

function datePart(part: string, now: Date): string | undefined {
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (part) {
    case 'YY':
      return pad(now.getFullYear() % 100);
    case 'YYYY':
      return String(now.getFullYear());
    case 'MM':
      return pad(now.getMonth() + 1);
    case 'DD':
      return pad(now.getDate());
    default:
      return undefined;
  }
}

function fieldPart(part: string, doc: Readonly<Record<string, unknown>>): string | undefined {
  const value = Object.hasOwn(doc, part) ? doc[part] : undefined;
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
