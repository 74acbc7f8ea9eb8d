/**
 * A value worked out once per context object (a request's roles, its User Permissions): later calls with the
 * same context get the same promise; a failure is not kept, so the next call tries again.
 *
 * @example const rolesOf = contextMemo<string[]>(); rolesOf(ctx, () => loadRoles(ctx.db, ctx.user));
 */
export function contextMemo<T>(): (ctx: object, load: () => Promise<T>) => Promise<T> {
  const memo = new WeakMap<object, Promise<T>>();
  return (ctx, load) => {
    let value = memo.get(ctx);
    if (!value) {
      value = load();
      memo.set(ctx, value);
      value.catch(() => memo.delete(ctx));
    }
    return value;
  };
}
