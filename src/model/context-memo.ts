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
 * A promise made once per context object; a failure is not kept, so the next call tries again.
 *
 * @example const rolesOf = contextMemo<string[]>('roles'); rolesOf(ctx, () => loadRoles(ctx.db, ctx.user));
 */
export function contextMemo<T>(description: string): (ctx: object, load: () => Promise<T>) => Promise<T> {
  const slot = Symbol(description);
  return (ctx, load) => {
    const holder = ctx as Record<symbol, Promise<T> | undefined>;
    let value = holder[slot];
    if (!value) {
      const loading = load();
      value = loading;
      holder[slot] = loading;
      loading.catch(() => {
        if (holder[slot] === loading) holder[slot] = undefined;
      });
    }
    return value;
  };
}
