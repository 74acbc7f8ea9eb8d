// SQLite's LIKE as Cortado's connections run it: SQLite's own semantics (wildcards, ESCAPE, NULLs,
// numbers) with case folded for all of Unicode instead of ASCII only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SqliteDatabase } from '../../src/db/sqlite/sqlite-database.ts';

describe('sqlite: Unicode LIKE', () => {
  let dir: string;
  let db: SqliteDatabase;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cortado-like-'));
    db = new SqliteDatabase({ file: join(dir, 'site.db') });
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const like = async (value: unknown, pattern: unknown, escapeChar?: string) => {
    const sql = escapeChar === undefined ? 'SELECT ? LIKE ? AS m' : 'SELECT ? LIKE ? ESCAPE ? AS m';
    const row = await db.one<{ m: number | null }>(
      sql,
      escapeChar === undefined ? [value, pattern] : [value, pattern, escapeChar],
    );
    return row?.m;
  };

  test('folds case of accented Latin, Greek, Cyrillic and the final sigma', async () => {
    assert.equal(await like('école', 'ÉCOLE'), 1);
    assert.equal(await like('ÜBER', 'über'), 1);
    assert.equal(await like('Ωmega', 'ωMEGA'), 1);
    assert.equal(await like('ЖУК', 'жук'), 1);
    assert.equal(await like('ΟΔΟΣ', 'οδος'), 1);
    assert.equal(await like('İstanbul', 'istanbul'), 1);
    assert.equal(await like('école', 'ecole'), 0);
  });

  test('% matches any run, _ exactly one character (a code point, not a byte)', async () => {
    assert.equal(await like('Жук', 'Ж_К'), 1);
    assert.equal(await like('Жук', 'Ж_'), 0);
    assert.equal(await like('a😀b', 'A_B'), 1);
    assert.equal(await like('a😀b', 'a__b'), 0);
    assert.equal(await like('alpha beta gamma', '%BETA%'), 1);
    assert.equal(await like('alpha beta gamma', 'alpha%gamma'), 1);
    assert.equal(await like('alpha beta gamma', '%a%a%a%a%'), 1);
    assert.equal(await like('alpha beta gamma', '%gamma%alpha%'), 0);
    assert.equal(await like('abcabc', '%b_a%'), 1);
    assert.equal(await like('', '%'), 1);
    assert.equal(await like('x', ''), 0);
  });

  test('ESCAPE makes % and _ literal; without it there is no escape character', async () => {
    assert.equal(await like('100% pure', '%0\\%%', '\\'), 1);
    assert.equal(await like('1000 pure', '%0\\%%', '\\'), 0);
    assert.equal(await like('snake_case', '%\\_%', '\\'), 1);
    assert.equal(await like('snakecase', '%\\_%', '\\'), 0);
    assert.equal(await like('a\\b', 'a\\b'), 1);
    // A pattern ending in its escape character matches nothing (as SQLite's own LIKE).
    assert.equal(await like('a\\', 'a\\', '\\'), 0);
    await assert.rejects(like('a', 'a', 'xy'), /single character/);
  });

  test('NULL in gives NULL out; numbers match as their text', async () => {
    assert.equal(await like(null, '%'), null);
    assert.equal(await like('a', null), null);
    assert.equal(await like(123, '1%'), 1);
    assert.equal(await like(2.5, '2.5'), 1);
    assert.equal(await like(1e20, '1.0e+20'), 1);
  });

  test('a value with quotes is data, never SQL', async () => {
    assert.equal(await like("O'Brien", "%o'brien%"), 1);
    assert.equal(await like("' OR 1=1 --", "%' or 1=1%"), 1);
  });

  test('a pattern built to backtrack stays linear', async () => {
    const value = 'a'.repeat(20_000);
    assert.equal(await like(value, `${'%a'.repeat(40)}%b`), 0);
    assert.equal(await like(value, `${'%a_'.repeat(40)}%b`), 0);
  });
});
