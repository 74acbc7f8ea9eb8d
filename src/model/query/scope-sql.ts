// A read scope as SQL on one table reference: the same condition limits the listed table, the parent of a
// child table and each joined Link target. Its shape (what the SQL looks like) goes into plan cache keys;
// its values are bound on every run, in the order the SQL holds them.
import type { ReadScope, ScopeCondition, SharedWith } from './types.ts';

type Quote = (identifier: string) => string;

/**
 * The shape of a scope: equal shapes give equal SQL.
 *
 * @example scopeShape({ kind: 'owner', user: 'a@x' }) // 'owner'
 */
export function scopeShape(scope: ReadScope): string {
  const condition = scope.condition ? `+if:${scope.condition.table}\x1f${scope.condition.sql}` : '';
  switch (scope.kind) {
    case 'all':
    case 'none':
      return scope.kind + condition;
    case 'owner':
      return `owner${sharedShape(scope.shared)}${condition}`;
    case 'restricted':
      return `restricted:${scope.links.map((l) => `${l.fieldname}#${l.values.length}`).join(',')}${sharedShape(scope.shared)}${condition}`;
    case 'shared':
      return `shared${sharedShape(scope.shared)}${condition}`;
  }
}

/**
 * The condition limiting `table` (a quoted table or alias) to the scope, with `?` for its values; undefined
 * when nothing is limited.
 *
 * @example scopeSql({ kind: 'owner', user: 'a@x' }, '"tabToDo"', q) // '"tabToDo"."owner" = ?'
 */
export function scopeSql(scope: ReadScope, table: string, quote: Quote): string | undefined {
  const limit = rulesSql(scope, table, quote);
  const condition = scope.condition && conditionSql(scope.condition, table, quote);
  return limit && condition ? `${limit} AND ${condition}` : (limit ?? condition);
}

function rulesSql(scope: ReadScope, table: string, quote: Quote): string | undefined {
  const column = (name: string) => `${table}.${quote(name)}`;
  let own: string;
  switch (scope.kind) {
    case 'all':
    case 'none':
      return undefined;
    case 'shared':
      return sharedSql(scope.shared, column('name'), quote);
    case 'owner':
      own = `${column('owner')} = ?`;
      break;
    case 'restricted':
      own = scope.links.map((l) => linkSql(column(l.fieldname), l.values.length)).join(' AND ');
      break;
  }
  return scope.shared ? `(${own} OR ${sharedSql(scope.shared, column('name'), quote)})` : own;
}

// An app's condition names the DocType's own table: as it is on the listed table; on an aliased join, through
// the names it allows.
function conditionSql(condition: ScopeCondition, table: string, quote: Quote): string {
  const own = quote(condition.table);
  if (table === own) return `(${condition.sql})`;
  return `${table}.${quote('name')} IN (SELECT ${own}.${quote('name')} FROM ${own} WHERE (${condition.sql}))`;
}

/**
 * The values of `scopeSql`'s `?`s for the scope of `doctype`, in order.
 *
 * @example scopeParams({ kind: 'owner', user: 'a@x' }, 'ToDo') // ['a@x']
 */
export function scopeParams(scope: ReadScope, doctype: string): unknown[] {
  const shared = (s: SharedWith | undefined) => (s ? [doctype, s.user] : []);
  switch (scope.kind) {
    case 'all':
    case 'none':
      return [];
    case 'shared':
      return shared(scope.shared);
    case 'owner':
      return [scope.user, ...shared(scope.shared)];
    case 'restricted':
      return [...scope.links.flatMap((l) => l.values), ...shared(scope.shared)];
  }
}

function sharedShape(shared: SharedWith | undefined): string {
  if (!shared) return '';
  return shared.everyone ? '+shared*' : '+shared';
}

// Frappe's empty-value condition: a Link left empty does not hide the document (non-strict User Permissions).
function linkSql(column: string, count: number): string {
  const values = new Array<string>(count).fill('?').join(', ');
  return `(${column} IS NULL OR ${column} = '' OR ${column} IN (${values}))`;
}

/**
 * The condition on DocShare rows that count for `shared` (its one `?` is the user).
 *
 * @example shareeSql({ user: 'a@x', everyone: true }, q) // '("user" = ? OR "everyone" = 1)'
 */
export function shareeSql(shared: SharedWith, q: Quote): string {
  return shared.everyone ? `(${q('user')} = ? OR ${q('everyone')} = 1)` : `${q('user')} = ?`;
}

// Names of the documents of the DocType shared with the user for reading: one bound subquery.
function sharedSql(shared: SharedWith, nameColumn: string, q: Quote): string {
  return `${nameColumn} IN (SELECT ${q('share_name')} FROM ${q('tabDocShare')} WHERE ${q('share_doctype')} = ? AND ${q('read')} = 1 AND ${shareeSql(shared, q)})`;
}
