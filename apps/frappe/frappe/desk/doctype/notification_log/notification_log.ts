// Frappe's Notification Log: what the desk's bell lists. Every branch of the app notifies by inserting one
// (`make_notification_logs`); this controller tells the recipient's sockets, and the permission hooks keep each
// user to their own logs. Its methods are the bell's: list, mark read, mark all read, hide the indicator.
import { type AppContext, Document, PermissionError, whitelist } from 'cortado';
import { userInfo } from '../../../utils/user_info.ts';

/** What a notification says (Frappe's `notification_doc`); `for_user` is set per recipient. */
export interface NotificationInput {
  type: 'Mention' | 'Energy Point' | 'Assignment' | 'Share' | 'Alert';
  subject: string;
  document_type?: string;
  document_name?: string;
  from_user?: string;
  email_content?: string;
  link?: string;
}

export default class NotificationLog extends Document {
  declare for_user: string;

  /** Frappe's: the recipient's sockets hear `notification` (after commit), and the bell reloads. */
  override after_insert(): void {
    this.ctx.publishRealtime('notification', {}, { user: this.for_user });
  }
}

/**
 * Frappe's `make_notification_logs`: one Notification Log per user in `users` that is an enabled user, never to
 * the one who caused it (`from_user`) except for Energy Point and Alert notifications.
 *
 * @example await make_notification_logs(ctx, { type: 'Assignment', subject, document_type, document_name, from_user: ctx.user }, [assignee]);
 */
export async function make_notification_logs(
  ctx: AppContext,
  doc: NotificationInput,
  users: readonly string[],
): Promise<void> {
  const wanted = [...new Set(users.filter((u) => typeof u === 'string' && u !== ''))];
  if (!wanted.length) return;
  const enabled = await ctx.getAll<{ name: string }>('User', {
    fields: ['name'],
    filters: { name: ['in', wanted], enabled: 1 },
  });
  const selfToo = doc.type === 'Energy Point' || doc.type === 'Alert';
  for (const { name } of enabled) {
    if (name === doc.from_user && !selfToo) continue;
    await ctx.insert({ ...doc, doctype: 'Notification Log', for_user: name }, { ignorePermissions: true });
  }
}

/** `permission_query_conditions`: a user lists only their own logs (Administrator every log, as Frappe). */
export function get_permission_query_conditions(ctx: AppContext, user: string): string | undefined {
  if (!user || user === 'Administrator') return undefined;
  return `${ctx.quote('tabNotification Log')}.${ctx.quote('for_user')} = ${ctx.escape(user)}`;
}

/** `has_permission`: a log is its recipient's alone (Administrator is never asked). */
export function has_permission(
  doc: Readonly<Record<string, unknown>>,
  _ptype: string,
  ctx: AppContext,
): boolean | undefined {
  return doc.for_user === ctx.user ? undefined : false;
}

/** The bell's list: the user's latest logs, newest first, with the senders' `user_info`. */
export const get_notification_logs = whitelist(
  { params: { limit: { type: 'int' } } },
  async (ctx, { limit }) => {
    const notification_logs = await ctx.getList<Record<string, unknown>>('Notification Log', {
      fields: ['*'],
      limit: limit !== undefined && limit > 0 ? Math.min(limit, 500) : 20,
      order_by: 'creation desc',
    });
    return {
      notification_logs,
      user_info: await userInfo(
        ctx,
        notification_logs.map((log) => log.from_user),
      ),
    };
  },
);

/** Marks one of the user's logs read (`modified` kept). A name that is no log changes nothing, as Frappe's. */
export const mark_as_read = whitelist(
  { params: { docname: { type: 'string', required: true } } },
  async (ctx, { docname }) => {
    if (!docname || !(await ctx.exists('Notification Log', docname))) return null;
    if (!(await ctx.hasPermission('Notification Log', 'write', docname)))
      throw new PermissionError('Not permitted');
    await ctx.setValue('Notification Log', docname, { read: 1 }, { updateModified: false });
    return null;
  },
);

/** Marks every unread log of the user read. */
export const mark_all_as_read = whitelist({}, async (ctx) => {
  const unread = await ctx.getAll<{ name: string }>('Notification Log', {
    fields: ['name'],
    filters: { read: 0, for_user: ctx.user },
  });
  for (const { name } of unread)
    await ctx.setValue('Notification Log', name, { read: 1 }, { updateModified: false });
  return null;
});

/** Tells the user's other tabs the bell was opened (Frappe's `indicator_hide` to the user's room). */
export const trigger_indicator_hide = whitelist({}, async (ctx) => {
  ctx.publishRealtime('indicator_hide', {}, { user: ctx.user });
  return null;
});
