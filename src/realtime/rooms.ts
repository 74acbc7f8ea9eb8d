// Frappe's room names (realtime/handlers/frappe_handlers.js); the namespace already scopes them to one site.

/** Every socket of the site (Website Users included). */
export const websiteRoom = 'website';
/** Every System User of the site: `publish_realtime` without user/doctype/task lands here. */
export const allRoom = 'all';

/** One user's sockets, on every replica. */
export const userRoom = (user: string): string => `user:${user}`;
/** Subscribers of a DocType's list (`list_update`). */
export const doctypeRoom = (doctype: string): string => `doctype:${doctype}`;
/** Subscribers of one document's changes. */
export const docRoom = (doctype: string, name: string): string => `doc:${doctype}/${name}`;
/** Sockets that have the document's form open (`doc_viewers`). */
export const openDocRoom = (doctype: string, name: string): string => `open_doc:${doctype}/${name}`;
/** Listeners of a background job's progress. */
export const taskRoom = (taskId: string): string => `task_progress:${taskId}`;
