import type { Bus } from '../bus/bus.ts';
import { publishRealtime } from '../bus/realtime-publisher.ts';
import { realtimeRoom } from './realtime-room.ts';

/** The optional parts of a progress event. */
export interface ProgressOptions {
  title?: string | undefined;
  description?: string | undefined;
  doctype?: string | undefined;
  docname?: string | undefined;
  /** Listeners subscribed with `task_subscribe` get the event in room `task_progress:<id>`. */
  taskId?: string | undefined;
  /** Without a task or a document, the event goes to this user's room (Frappe: the session user). */
  user?: string | undefined;
}

/**
 * Frappe's `publish_progress`: emits `progress` `{percent, title, description}` (plus `task_id` for a task) at
 * once, not after commit, since it reports a job still running.
 *
 * @example await publishProgress(bus, 'site1.local', 40, { title: 'Importing', taskId: 'abc' });
 */
export function publishProgress(
  bus: Bus,
  site: string,
  percent: number,
  options: ProgressOptions = {},
): Promise<void> {
  const message: Record<string, unknown> = {
    percent,
    title: options.title ?? null,
    description: options.description ?? null,
  };
  if (options.taskId) message.task_id = options.taskId;
  const forDoc = Boolean(options.doctype && options.docname);
  const room = realtimeRoom({
    taskId: options.taskId,
    user: forDoc ? undefined : options.user,
    doctype: options.doctype,
    docname: options.docname,
  });
  return publishRealtime(bus, { event: 'progress', message, room, namespace: site });
}
