// Frappe's `frappe.utils.add_user_info` and `get_fullname`: what the desk shows of a user next to what they did
// (name, avatar), read from User without permission checks (as Frappe: names and avatars are public to the desk).
import type { AppContext } from 'cortado';

/** One user as the desk's `user_info` maps carry them. */
export interface UserInfo {
  fullname: string;
  image: string | null;
  name: string;
  email: string | null;
  time_zone: string | null;
}

/**
 * The `user_info` map of `users` (duplicates and empty names skipped): one read for all of them. A name with no
 * User record still gets an entry (its fullname is the name), as Frappe's.
 *
 * @example await userInfo(ctx, ['ann@x.com']) // { 'ann@x.com': { fullname: 'Ann', image: null, ... } }
 */
export async function userInfo(ctx: AppContext, users: Iterable<unknown>): Promise<Record<string, UserInfo>> {
  const names = [...new Set([...users].filter((u): u is string => typeof u === 'string' && u !== ''))];
  const out: Record<string, UserInfo> = {};
  if (!names.length) return out;
  const rows = await ctx.getAll<Record<string, string | null>>('User', {
    fields: ['name', 'full_name', 'user_image', 'email', 'time_zone'],
    filters: { name: ['in', names] },
  });
  const byName = new Map(rows.map((row) => [row.name, row]));
  for (const name of names) {
    const row = byName.get(name);
    out[name] = {
      fullname: row?.full_name || name,
      image: row?.user_image ?? null,
      name,
      email: row?.email ?? null,
      time_zone: row?.time_zone ?? null,
    };
  }
  return out;
}

/** Frappe's `get_fullname`: the user's full name, or the user name when there is none. */
export async function fullName(ctx: AppContext, user: string): Promise<string> {
  return (await ctx.getValue<string>('User', user, 'full_name')) || user;
}
