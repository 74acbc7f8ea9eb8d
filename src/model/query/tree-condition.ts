// The nested-set operators (`descendants of`, `descendants of (inclusive)`, `not descendants of`,
// `ancestors of`, `not ancestors of`), as Frappe's db_query applies them: the field's values are matched
// against the names of the tree nodes below (or above) the given node, found by `lft`/`rgt`. The tree is
// the field's Link target, or the filtered DocType itself for a standard field such as `name`. Cortado
// writes the node lookup as a subquery with the node's name bound, so the SQL never depends on a value:
// an unknown node has no descendants or ancestors.
import type { SqlDialect } from '../../db/database.ts';
import { childFields, optionalFields, standardFields } from '../meta/standard-fields.ts';
import { scalar } from './coerce.ts';
import type { Bound } from './condition.ts';
import { DataError } from './errors.ts';
import type { Operator } from './operators.ts';
import { loadTable } from './query-tables.ts';
import type { ColumnInfo, TableInfo } from './table-info.ts';
import type { QueryDeps } from './types.ts';

const treeOperators: ReadonlySet<Operator> = new Set<Operator>([
  'descendants of',
  'descendants of (inclusive)',
  'not descendants of',
  'ancestors of',
  'not ancestors of',
]);

const standard: ReadonlySet<string> = new Set([...standardFields, ...childFields, ...optionalFields]);

/** Whether an operator is one of the nested-set operators. */
export function isTreeOperator(operator: Operator): boolean {
  return treeOperators.has(operator);
}

/**
 * The tree a nested-set filter on `column` of `table` looks in: its Link target, or `table` itself for
 * a standard field. DataError unless that DocType has `lft` and `rgt`.
 *
 * @example await treeOf(orderTable, customerGroupColumn, 'descendants of', getMeta) // the group tree
 */
export async function treeOf(
  table: TableInfo,
  column: ColumnInfo,
  operator: Operator,
  getMeta: QueryDeps['getMeta'],
): Promise<TableInfo> {
  const linked = table.linkFields.get(column.name);
  const doctype = linked ?? (standard.has(column.name) ? table.doctype : undefined);
  if (doctype === undefined || column.kind !== 'text')
    throw new DataError(`${operator} needs a Link field or name, not ${column.name}`);
  const tree = doctype === table.doctype ? table : await loadTable(getMeta, doctype);
  if (!tree?.columns.has('lft') || !tree.columns.has('rgt'))
    throw new DataError(`${operator} needs a tree DocType: ${doctype} is not one`);
  return tree;
}

/**
 * The value of a nested-set filter: one node name (bound twice for the inclusive form, which also matches
 * the node itself, even one that is not in the tree, as Frappe does); `not` forms compare NULL as ''.
 */
export function bindTreeCondition(operator: Operator, raw: unknown, column: ColumnInfo): Bound {
  const value = scalar(raw, column.name);
  const node = value === null ? '' : String(value).trim();
  const negated = operator.startsWith('not ');
  return {
    variant: negated && column.nullable ? 'c' : 'p',
    params: operator === 'descendants of (inclusive)' ? [node, node] : [node],
  };
}

/**
 * The SQL of a bound nested-set condition on `columnSql` against the tree table `tree`.
 *
 * @example treeConditionSql('ancestors of', 'p', '"tabTask"."group"', 'tabGroup', dialect)
 * // `"tabTask"."group" IN (SELECT "tree_member"."name" FROM "tabGroup" "tree_member", ... WHERE ...)`
 */
export function treeConditionSql(
  operator: Operator,
  variant: string,
  columnSql: string,
  tree: string,
  dialect: SqlDialect,
): string {
  const q = dialect.quote;
  const [member, node] = [q('tree_member'), q('tree_node')];
  const [lft, rgt, name] = [q('lft'), q('rgt'), q('name')];
  const below = operator.includes('descendants');
  const range = below
    ? `${member}.${lft} > ${node}.${lft} AND ${member}.${rgt} < ${node}.${rgt}`
    : `${member}.${lft} < ${node}.${lft} AND ${member}.${rgt} > ${node}.${rgt}`;
  const nodes = `SELECT ${member}.${name} FROM ${q(tree)} ${member}, ${q(tree)} ${node} WHERE ${node}.${name} = ? AND ${range}`;
  if (operator === 'descendants of (inclusive)') return `(${columnSql} = ? OR ${columnSql} IN (${nodes}))`;
  if (!operator.startsWith('not ')) return `${columnSql} IN (${nodes})`;
  const subject = variant === 'c' ? `COALESCE(${columnSql}, '')` : columnSql;
  return `${subject} NOT IN (${nodes})`;
}
