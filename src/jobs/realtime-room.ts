/** Where a realtime event goes, as `publish_realtime` takes it. */
export interface RealtimeTarget {
  room?: string | undefined;
  user?: string | undefined;
  doctype?: string | undefined;
  docname?: string | undefined;
  taskId?: string | undefined;
}

/**
 * Frappe's room choice in `publish_realtime` (docs/wire.md §8): an explicit room, else task →
 * `task_progress:<id>`, user → `user:<user>`, doctype + docname → `doc:<dt>/<dn>`, else `all`.
 */
export function realtimeRoom(target: RealtimeTarget): string {
  if (target.room) return target.room;
  if (target.taskId) return `task_progress:${target.taskId}`;
  if (target.user) return `user:${target.user}`;
  if (target.doctype && target.docname) return `doc:${target.doctype}/${target.docname}`;
  return 'all';
}
