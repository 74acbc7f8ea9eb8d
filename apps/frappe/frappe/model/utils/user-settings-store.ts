// Where each user's view settings per DocType live (Frappe's `__UserSettings` table and `_user_settings` cache):
// one `User Settings` record per user and DocType, named by a digest of the pair so two concurrent first saves
// meet on the same name instead of making two records; the JSON text is cached per user and DocType.
import { createHash } from 'node:crypto';
import { type AppContext, DuplicateEntryError, ValidationError } from 'cortado';

const settingsDocType = 'User Settings';
// A settings blob is a handful of view settings; anything far larger is not one.
const maxBytes = 256 * 1024;

function recordName(user: string, doctype: string): string {
  return createHash('sha256').update(`${user}\u0000${doctype}`).digest('hex').slice(0, 32);
}

function cacheKey(user: string, doctype: string): string {
  return `user_settings::${doctype}::${user}`;
}

/** The user's settings for `doctype` as Frappe's `get_user_settings` returns them: a JSON text, `'{}'` when none. */
export async function getUserSettings(ctx: AppContext, doctype: string): Promise<string> {
  const key = cacheKey(ctx.user, doctype);
  const cached = await ctx.cache.get<string>(key);
  if (typeof cached === 'string') return cached;
  const stored = await ctx.getValue<string>(settingsDocType, recordName(ctx.user, doctype), 'data');
  const text = typeof stored === 'string' && stored !== '' ? stored : '{}';
  await ctx.cache.set(key, text);
  return text;
}

/**
 * Merges `settings` into the user's settings for `doctype` (top-level keys replaced, as Frappe's
 * `update_user_settings`) and stores them at once (Frappe writes its cache and syncs later; here the record is
 * the truth and the cache follows it).
 */
export async function updateUserSettings(
  ctx: AppContext,
  doctype: string,
  settings: Record<string, unknown>,
): Promise<void> {
  let current: unknown;
  try {
    current = JSON.parse(await getUserSettings(ctx, doctype));
  } catch {
    current = {};
  }
  const base = current && typeof current === 'object' && !Array.isArray(current) ? current : {};
  const text = JSON.stringify({ ...base, ...settings });
  if (Buffer.byteLength(text) > maxBytes) throw new ValidationError('User settings are too large');
  const name = recordName(ctx.user, doctype);
  const write = async () => {
    if (await ctx.exists(settingsDocType, name)) await ctx.setValue(settingsDocType, name, { data: text });
    else
      await ctx.insert(
        { doctype: settingsDocType, name, user: ctx.user, for_doctype: doctype, data: text },
        { ignorePermissions: true },
      );
  };
  try {
    await write();
  } catch (error) {
    // Another request made the record first: update it instead.
    if (!(error instanceof DuplicateEntryError)) throw error;
    await ctx.setValue(settingsDocType, name, { data: text });
  }
  await ctx.cache.set(cacheKey(ctx.user, doctype), text);
}
