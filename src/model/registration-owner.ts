// Who made a registration in the process's registries (controllers, permission hooks, virtual DocTypes,
// whitelisted methods, jobs, boot hooks). Developer-mode reload (src/apps/reload/) must take out exactly what one
// generation of the apps registered and put the next generation in, leaving core registrations alone. Wiring
// is synchronous, so an owner set around it tags every entry made inside without passing it through every
// wiring function; entries made outside belong to nobody and are never released.

let current: object | undefined;
const owners = new WeakMap<object, object>();

/**
 * Runs `register` (synchronously) with every registration it makes owned by `owner`.
 *
 * @example registeringAs(generation, () => wireApps(apps, targets, appsPath));
 */
export function registeringAs<T>(owner: object, register: () => T): T {
  const previous = current;
  current = owner;
  try {
    return register();
  } finally {
    current = previous;
  }
}

/** Marks `entry` (a registry's own record of one registration) as the current owner's; returns it. */
export function owned<T extends object>(entry: T): T {
  if (current !== undefined) owners.set(entry, current);
  return entry;
}

/** Whether `entry` was registered by `owner`. */
export function isOwnedBy(entry: object, owner: object): boolean {
  return owners.get(entry) === owner;
}

/** `list` without the entries of `owner` (the same array when it holds none). */
export function withoutOwned<T extends object>(list: readonly T[], owner: object): T[] {
  return list.filter((entry) => !isOwnedBy(entry, owner));
}

/** Deletes the map entries whose value `owner` registered. */
export function deleteOwned<K, V extends object>(map: Map<K, V>, owner: object): void {
  for (const [key, value] of map) if (isOwnedBy(value, owner)) map.delete(key);
}

/** Filters every list of `map` by owner, deleting keys left empty (a key's presence can mean "has hooks"). */
export function releaseLists<K, V extends object>(map: Map<K, V[]>, owner: object): void {
  for (const [key, list] of map) {
    const kept = withoutOwned(list, owner);
    if (kept.length === 0) map.delete(key);
    else if (kept.length !== list.length) map.set(key, kept);
  }
}
