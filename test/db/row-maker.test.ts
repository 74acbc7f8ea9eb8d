// SQLite rows are made by generated object literals: a column name must only ever be a key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rowMaker } from '../../src/db/sqlite/row-maker.ts';

describe('SQLite row maker', () => {
  it('keys rows by hostile column names without running them', () => {
    const names = [
      '"',
      '\\',
      'a\nb',
      '\u2028',
      "'); throw new Error('ran'); ('",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile column name, on purpose
      '`${1}`',
      '}; x = {',
      '0',
      'é',
    ];
    const row = rowMaker(names)(names.map((_, i) => i));
    assert.deepEqual(
      names.map((n) => row[n]),
      names.map((_, i) => i),
    );
    assert.equal(Object.keys(row).length, names.length);
  });

  it('keeps __proto__ as an own key and the prototype untouched', () => {
    const row = rowMaker(['name', '__proto__'])(['a', { polluted: true }]);
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, { polluted: true });
    assert.equal((row as { polluted?: boolean }).polluted, undefined);
  });

  it('keeps the last of repeated names and tells column lists apart', () => {
    assert.deepEqual(rowMaker(['a', 'a'])([1, 2]), { a: 2 });
    assert.deepEqual(rowMaker(['a\u0000b'])([1]), { 'a\u0000b': 1 });
    assert.deepEqual(rowMaker(['a', 'b'])([1, 2]), { a: 1, b: 2 });
  });
});
