// The guard of `ctx.sql`: app code reads with raw SQL, it never writes with it (writes go through the document
// engine, so controllers, permissions and realtime apply). One statement, starting SELECT or WITH, none of the
// words that make a read write or lock (a data-modifying CTE, SELECT ... INTO, FOR UPDATE).
import type { DbType } from '../db/database.ts';
import { ValidationError } from '../errors/index.ts';

const writeWords =
  /\b(insert|update|delete|merge|upsert|into|truncate|drop|alter|create|grant|revoke|copy|lock|attach|detach|pragma|vacuum|reindex|call)\b/i;

/**
 * Throws ValidationError unless `query` is one read-only statement. String literals, quoted identifiers and
 * comments are blanked first, so their contents neither pass nor fail the check.
 *
 * @example assertReadOnlySql('select name from `tabToDo` where status = ?', 'sqlite') // passes
 */
export function assertReadOnlySql(query: string, dbType: DbType): void {
  if (typeof query !== 'string' || query.trim() === '') throw new ValidationError('sql: a query is required');
  const code = blankLiterals(query, dbType === 'mariadb')
    .trim()
    .replace(/;\s*$/, '');
  if (!/^(select|with)\b/i.test(code))
    throw new ValidationError(
      'sql: only SELECT (or WITH ... SELECT) queries are allowed; write through documents',
    );
  if (code.includes(';')) throw new ValidationError('sql: one statement only');
  const word = writeWords.exec(code);
  if (word) throw new ValidationError(`sql: '${word[1]}' is not allowed in a read-only query`);
}

// Replaces the contents of '...', "...", `...` and comments by spaces; MariaDB also escapes with a backslash
// inside strings. An unterminated literal or comment is refused: the database would read it otherwise.
function blankLiterals(sql: string, backslashEscapes: boolean): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new ValidationError('sql: unterminated quoted text');
        const d = sql[j]!;
        if (backslashEscapes && d === '\\' && c !== '`') j += 2;
        else if (d === c && sql[j + 1] === c) j += 2;
        else if (d === c) break;
        else j += 1;
      }
      out += ' ';
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      out += ' ';
      i = end < 0 ? sql.length : end;
    } else if (c === '#' && backslashEscapes) {
      const end = sql.indexOf('\n', i);
      out += ' ';
      i = end < 0 ? sql.length : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      // MariaDB runs the text of `/*! ... */` as SQL.
      if (sql[i + 2] === '!') throw new ValidationError('sql: executable comments are not allowed');
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new ValidationError('sql: unterminated comment');
      out += ' ';
      i = end + 2;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
