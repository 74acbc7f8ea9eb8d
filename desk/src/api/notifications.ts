// The signed-in user's Notification Log (mentions, assignments, shares) through Frappe v15's methods.
import { boot } from '../boot.ts';
import { call } from './client.ts';
import { getCount } from './resource.ts';

const methods = 'frappe.desk.doctype.notification_log.notification_log';

/** One Notification Log row as `get_notification_logs` returns it. */
export interface NotificationEntry {
  name: string;
  subject?: string;
  from_user?: string;
  type?: string;
  document_type?: string | null;
  document_name?: string | null;
  link?: string | null;
  read?: number;
  creation: string;
}

/** `get_notification_logs`: the newest `limit` notifications and the names of who sent them. */
export async function getNotifications(
  limit = 20,
): Promise<{ logs: NotificationEntry[]; users: Record<string, { fullname?: string }> }> {
  const reply = await call<{
    notification_logs?: NotificationEntry[];
    user_info?: Record<string, { fullname?: string }>;
  }>(`${methods}.get_notification_logs`, { limit });
  return { logs: reply?.notification_logs ?? [], users: reply?.user_info ?? {} };
}

/** Unread notifications for the signed-in user. */
export function unreadCount(): Promise<number> {
  return getCount('Notification Log', [
    ['for_user', '=', boot.user],
    ['read', '=', 0],
  ]);
}

/** `mark_as_read`: one notification. */
export async function markRead(name: string): Promise<void> {
  await call(`${methods}.mark_as_read`, { docname: name });
}

/** `mark_all_as_read`: every unread notification of the user. */
export async function markAllRead(): Promise<void> {
  await call(`${methods}.mark_all_as_read`);
}
