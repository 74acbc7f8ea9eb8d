// Values worked out once per context object (a request's document context, its roles, its User Permissions).
// They live on the object under a private symbol, not in a WeakMap: a context lives one request, and a WeakMap
// entry per request costs a hash insert and ephemeron work in every garbage collection.

/**
 * A value made once per context object: later calls with the same object get the same value.
 *
 * @example const depsOf = contextSlot<QueryDeps>('query deps'); depsOf(dctx, () => makeDeps(dctx));
 */
export function contextSlot<T>(description: string): (ctx: object, make: () => T) => T {
  const slot = Symbol(description);
  return (ctx, make) => {
    const holder = ctx as Record<symbol, T | undefined>;
    let value = holder[slot];
    if (value === undefined) {
      value = make();
      holder[slot] = value;
    }
    return value;
  };
}

/**
 * A promise made once per context object (the per-request memo of what permission checks need); a failure is
 * not kept, so the next call loads again.
 *
 * @example const rolesOf = contextMemo<Roles>('roles'); await rolesOf(ctx, () => loadRoleEntry(ctx.db, ctx.user, ctx.userType));
 */
export function contextMemo<T>(description: string): (ctx: object, load: () => Promise<T>) => Promise<T> {
  const key = Symbol(description);
  type Holder = Record<symbol, Promise<T> | undefined>;
  return (ctx, load) => {
    const holder = ctx as Holder;
    let promise = holder[key];
    if (!promise) {
      const loading = load();
      promise = loading;
      holder[key] = loading;
      loading.catch(() => {
        if (holder[key] === loading) holder[key] = undefined;
      });
    }
    return promise;
  };
}
