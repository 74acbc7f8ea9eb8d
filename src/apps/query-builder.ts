// `ctx.qb`: a small builder for raw reads of one DocType's table (Frappe's `frappe.qb` for the common case).
// Table and column names are checked against the DocType's meta and quoted; every value is bound; the SQL runs
// through `ctx.sql`, so it is a read like any other. Permissions do not apply (use getList for that).
import { ValidationError } from '../errors/index.ts';
import type { DocContext } from '../model/context.ts';

/** Comparison operators the builder writes. */
export type QbOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'like' | 'not like' | 'in' | 'not in' | 'is';

const operators: ReadonlySet<string> = new Set([
  '=',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  'like',
  'not like',
  'in',
  'not in',
  'is',
]);
const maxRows = 100_000;

/** A read of one DocType being built; each call returns the same builder. */
export interface QbQuery<T = Record<string, unknown>> {
  /** Columns to return (default `name`). */
  select(...fields: string[]): QbQuery<T>;
  /** A condition; `where(field, value)` means `=`; `is` takes `'set'` or `'not set'`. Conditions are ANDed. */
  where(field: string, operatorOrValue: unknown, value?: unknown): QbQuery<T>;
  orderBy(field: string, direction?: 'asc' | 'desc'): QbQuery<T>;
  limit(rows: number): QbQuery<T>;
  offset(rows: number): QbQuery<T>;
  run(): Promise<T[]>;
  /** The first row, or undefined. */
  first(): Promise<T | undefined>;
  /** How many rows match (select, order, limit and offset ignored). */
  count(): Promise<number>;
}

/** The builder's entry: `ctx.qb.from('Article').select('name').where('status', 'Issued').run()`. */
export interface QueryBuilder {
  from<T = Record<string, unknown>>(doctype: string): QbQuery<T>;
}

type Sql = <T>(query: string, values?: readonly unknown[]) => Promise<T[]>;

/** The query builder of a context, running its SQL through `sql` (the read-only guard). */
export function queryBuilder(dctx: DocContext, sql: Sql): QueryBuilder {
  return { from: (doctype) => new Query(dctx, sql, doctype) };
}

class Query<T> implements QbQuery<T> {
  #fields: string[] = ['name'];
  #where: Array<{ field: string; op: string; value: unknown }> = [];
  #order: Array<{ field: string; direction: 'asc' | 'desc' }> = [];
  #limit: number | undefined;
  #offset = 0;

  constructor(
    private readonly dctx: DocContext,
    private readonly sql: Sql,
    private readonly doctype: string,
  ) {}

  select(...fields: string[]): this {
    if (fields.length === 0) throw new ValidationError('qb: select needs a field');
    this.#fields = fields;
    return this;
  }
  where(field: string, operatorOrValue: unknown, value?: unknown): this {
    const [op, operand] =
      value === undefined ? ['=', operatorOrValue] : [String(operatorOrValue).toLowerCase(), value];
    if (!operators.has(op))
      throw new ValidationError(`qb: unknown operator ${String(operatorOrValue).slice(0, 20)}`);
    if ((op === 'in' || op === 'not in') && !Array.isArray(operand))
      throw new ValidationError(`qb: '${op}' takes a list of values`);
    if (op === 'is' && operand !== 'set' && operand !== 'not set')
      throw new ValidationError("qb: 'is' takes 'set' or 'not set'");
    this.#where.push({ field, op, value: operand });
    return this;
  }
  orderBy(field: string, direction: 'asc' | 'desc' = 'asc'): this {
    if (direction !== 'asc' && direction !== 'desc') throw new ValidationError('qb: order is asc or desc');
    this.#order.push({ field, direction });
    return this;
  }
  limit(rows: number): this {
    this.#limit = count('limit', rows);
    return this;
  }
  offset(rows: number): this {
    this.#offset = count('offset', rows);
    return this;
  }

  async run(): Promise<T[]> {
    const { from, where, params, column } = await this.#parts();
    const order = this.#order.map((o) => `${column(o.field)} ${o.direction}`).join(', ');
    let text = `SELECT ${this.#fields.map(column).join(', ')} FROM ${from}${where}`;
    if (order) text += ` ORDER BY ${order}`;
    text += ` LIMIT ${this.#limit ?? maxRows} OFFSET ${this.#offset}`;
    return this.sql<T>(text, params);
  }
  async first(): Promise<T | undefined> {
    this.#limit = 1;
    return (await this.run())[0];
  }
  async count(): Promise<number> {
    const { from, where, params } = await this.#parts();
    const [row] = await this.sql<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${from}${where}`, params);
    return Number(row?.n ?? 0);
  }

  async #parts() {
    const meta = await this.dctx.metas.get(this.dctx.db, this.doctype);
    if (meta.isSingle || meta.isVirtual)
      throw new ValidationError(`qb: ${meta.name} has no table of its own`);
    const q = this.dctx.db.dialect.quote;
    const column = (field: string) => {
      if (typeof field !== 'string' || !meta.validFieldNames.has(field))
        throw new ValidationError(`qb: ${meta.name} has no field ${String(field).slice(0, 140)}`);
      return q(field);
    };
    const params: unknown[] = [];
    const conditions = this.#where.map(({ field, op, value }) => {
      const col = column(field);
      if (op === 'is') return `${col} IS ${value === 'set' ? 'NOT NULL' : 'NULL'}`;
      if (op === 'in' || op === 'not in') {
        const list = value as unknown[];
        if (list.length === 0) return op === 'in' ? '1 = 0' : '1 = 1';
        params.push(...list);
        return `${col} ${op.toUpperCase()} (${list.map(() => '?').join(', ')})`;
      }
      params.push(value);
      const sqlOp =
        op === 'like'
          ? this.dctx.db.dialect.likeOperator
          : op === 'not like'
            ? `NOT ${this.dctx.db.dialect.likeOperator}`
            : op;
      return `${col} ${sqlOp} ?`;
    });
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    return { from: q(`tab${meta.name}`), where, params, column };
  }
}

function count(what: string, rows: number): number {
  if (!Number.isSafeInteger(rows) || rows < 0 || rows > maxRows)
    throw new ValidationError(`qb: ${what} must be a whole number from 0 to ${maxRows}`);
  return rows;
}
