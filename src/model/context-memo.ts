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

/** A promise made once per context object, and its value once known. */
export interface ContextMemo<T> {
  /** The context's promise, loading it on first need; a failure is not kept, so the next call tries again. */
  (ctx: object, load: () => Promise<T>): Promise<T>;
  /** The context's value when it is already known, without a promise. */
  peek(ctx: object): T | undefined;
  /** Records a value known without loading (from a process-wide cache), so later calls need no promise. */
  settle(ctx: object, value: T): T;
}

interface Slot<T> {
  promise: Promise<T>;
  value?: T;
}

/**
 * A promise made once per context object, whose value can also be read without awaiting once known.
 *
 * @example const rolesOf = contextMemo<string[]>('roles'); rolesOf(ctx, () => loadRoles(ctx.db, ctx.user));
 */
export function contextMemo<T>(description: string): ContextMemo<T> {
  const key = Symbol(description);
  type Holder = Record<symbol, Slot<T> | undefined>;
  const memo = (ctx: object, load: () => Promise<T>): Promise<T> => {
    const holder = ctx as Holder;
    let slot = holder[key];
    if (!slot) {
      const loading = load();
      const made: Slot<T> = { promise: loading };
      slot = made;
      holder[key] = made;
      loading.then(
        (value) => {
          made.value = value;
        },
        () => {
          if (holder[key] === made) holder[key] = undefined;
        },
      );
    }
    return slot.promise;
  };
  memo.peek = (ctx: object): T | undefined => (ctx as Holder)[key]?.value;
  memo.settle = (ctx: object, value: T): T => {
    (ctx as Holder)[key] = { promise: Promise.resolve(value), value };
    return value;
  };
  return memo;
}
