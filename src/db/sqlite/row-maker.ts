// Result rows built in JavaScript from better-sqlite3's raw value arrays. Its own row objects are made in C++,
// one property set (and hidden-class transition) per column and row, and cost a read more than the query
// itself; an object literal with the columns' names gives every row of a result the same shape at once.
import { LruMap } from '../../cache/lru-map.ts';
import type { Row } from '../database.ts';

/** Turns one raw row (values in column order) into a row object keyed by column name. */
export type RowMaker = (values: unknown[]) => Row;

// Makers by column list: the statements of one DocType mostly select the same columns.
const makers = new LruMap<string, RowMaker>(1000);

/**
 * The row maker for `columns`: a generated object literal (names quoted as JSON string literals, so a column
 * name is only ever a property key), or, when a column is named `__proto__` (a literal key that would set the
 * prototype), a loop defining own properties. A repeated name keeps its last column, as a driver's rows do.
 *
 * @example rowMaker(['name', 'qty'])(['a', 2]) // { name: 'a', qty: 2 }
 */
export function rowMaker(columns: readonly string[]): RowMaker {
  // Asked once per prepared statement, so an unambiguous key costs nothing that matters.
  const key = JSON.stringify(columns);
  let maker = makers.get(key);
  if (!maker) {
    maker = columns.includes('__proto__') ? definingMaker(columns) : literalMaker(columns);
    makers.set(key, maker);
  }
  return maker;
}

function literalMaker(columns: readonly string[]): RowMaker {
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${fields} };`) as RowMaker;
}

function definingMaker(columns: readonly string[]): RowMaker {
  return (values) => {
    const row: Row = {};
    for (let i = 0; i < columns.length; i++)
      Object.defineProperty(row, columns[i]!, {
        value: values[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return row;
  };
}
