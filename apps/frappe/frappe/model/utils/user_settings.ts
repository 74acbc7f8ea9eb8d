// `frappe.model.utils.user_settings` (Frappe v15): each user's list/report view settings per DocType.
import { ValidationError, whitelist } from 'cortado';
import { getUserSettings, updateUserSettings } from './user-settings-store.ts';

const doctypeParam = { type: 'string', required: true } as const;

/** Merges `user_settings` (a JSON object) into the user's settings for `doctype`; returns what was sent. */
export const save = whitelist(
  { params: { doctype: doctypeParam, user_settings: { type: 'json' } } },
  async (ctx, { doctype, user_settings }) => {
    const settings = user_settings === undefined || user_settings === '' ? {} : user_settings;
    if (!settings || typeof settings !== 'object' || Array.isArray(settings))
      throw new ValidationError('user_settings must be a JSON object');
    await ctx.getMeta(doctype); // an unknown DocType is a 404, not a record
    await updateUserSettings(ctx, doctype, settings as Record<string, unknown>);
    return settings;
  },
);

/** The user's settings for `doctype` as a JSON text (`'{}'` when none), as Frappe answers. */
export const get = whitelist({ params: { doctype: doctypeParam } }, async (ctx, { doctype }) => {
  await ctx.getMeta(doctype);
  return getUserSettings(ctx, doctype);
});
