// App code inside the one permission evaluator (Frappe's `permission_query_conditions` and `has_permission`
// hooks): read scopes AND a DocType's conditions into every list and count, and document checks ask its
// `has_permission` hooks after the rules. Site scoping is the registering caller's: a hook answers undefined on
// sites where it does not apply.
import type { DocContext } from '../context.ts';
import type { Right } from './rights.ts';

/**
 * `permission_query_conditions`: an SQL condition on the DocType's table (`tab<DocType>`, as Frappe's hooks
 * write them) limiting what `user` may list, or undefined/empty for no limit. App code, trusted; it may not hold
 * `?` (placeholders are the engine's).
 */
export type QueryConditionHook = (
  ctx: DocContext,
  user: string,
) => string | undefined | null | Promise<string | undefined | null>;

/** `has_permission`: false refuses `ptype` on `doc`; anything else leaves the rules' verdict standing. */
export type DocPermissionHook = (
  doc: Readonly<Record<string, unknown>>,
  ptype: Right,
  user: string,
  ctx: DocContext,
) => boolean | undefined | null | Promise<boolean | undefined | null>;

/**
 * The permission hooks of every DocType. Several apps may register for one DocType: their conditions are all
 * ANDed, and any `false` refuses.
 *
 * @example hooks.addQueryCondition('ToDo', (ctx, user) => `\`tabToDo\`.\`owner\` = ${quoteLiteral(user)}`);
 */
export class PermissionHooks {
  readonly #conditions = new Map<string, QueryConditionHook[]>();
  readonly #checks = new Map<string, DocPermissionHook[]>();

  addQueryCondition(doctype: string, hook: QueryConditionHook): this {
    this.#conditions.set(doctype, [...(this.#conditions.get(doctype) ?? []), hook]);
    return this;
  }

  addHasPermission(doctype: string, hook: DocPermissionHook): this {
    this.#checks.set(doctype, [...(this.#checks.get(doctype) ?? []), hook]);
    return this;
  }

  /** Whether `doctype` has `permission_query_conditions` hooks. */
  limitsLists(doctype: string): boolean {
    return this.#conditions.has(doctype);
  }

  /** Whether `doctype` has `has_permission` hooks (the evaluator asks nothing otherwise). */
  checksDocuments(doctype: string): boolean {
    return this.#checks.has(doctype);
  }

  /**
   * The conditions of `doctype` for the context's user, each parenthesised, ANDed; undefined when none says
   * anything. Error when a condition holds a `?`.
   */
  async queryCondition(ctx: DocContext, doctype: string): Promise<string | undefined> {
    const hooks = this.#conditions.get(doctype);
    if (!hooks) return undefined;
    const parts: string[] = [];
    for (const hook of hooks) {
      const sql = await hook(ctx, ctx.user);
      if (sql === undefined || sql === null || String(sql).trim() === '') continue;
      if (typeof sql !== 'string')
        throw new Error(`permission_query_conditions of ${doctype} must return SQL text`);
      if (sql.includes('?'))
        throw new Error(`permission_query_conditions of ${doctype} may not hold '?' (bind no values)`);
      parts.push(`(${sql})`);
    }
    return parts.length ? parts.join(' AND ') : undefined;
  }

  /** False when a `has_permission` hook of `doctype` refuses `ptype` on `doc`. */
  async allows(
    ctx: DocContext,
    doctype: string,
    doc: Readonly<Record<string, unknown>>,
    ptype: Right,
  ): Promise<boolean> {
    for (const hook of this.#checks.get(doctype) ?? [])
      if ((await hook(doc, ptype, ctx.user, ctx)) === false) return false;
    return true;
  }
}
