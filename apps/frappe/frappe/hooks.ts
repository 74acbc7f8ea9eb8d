// Cortado's built-in app, `frappe`: the features Frappe ships in its own app, written as any app is
// (docs/apps.md) and installed on every site. Its DocTypes live in their modules beside their controllers; its
// whitelisted functions answer under Frappe's own method paths (`frappe.desk.form.load.getdoc` is
// `desk/form/load.ts`'s `getdoc`). It imports nothing of Cortado but the public API, `cortado`.
import { defineApp } from 'cortado';
import * as comment from './core/doctype/comment/comment.ts';
import { after_delete_file, after_insert_file } from './desk/attachment_events.ts';
import { after_delete_comment, after_insert_comment } from './desk/comment_log_events.ts';
import * as notificationLog from './desk/doctype/notification_log/notification_log.ts';
import { delete_tag_links } from './desk/doctype/tag/tag.ts';
import { after_delete_docshare, after_insert_docshare, on_update_docshare } from './desk/share_events.ts';
import { after_delete_todo, on_update_todo, validate_todo } from './desk/todo_events.ts';

export default defineApp({
  name: 'frappe',
  title: 'Frappe',
  description: "Cortado's built-in app: customization, the form's timeline, notifications",
  publisher: 'Cortado',
  modules: ['Custom', 'Desk'],
  doc_events: {
    '*': { after_delete: delete_tag_links },
    Comment: {
      validate: comment.validate,
      // The comment's own bookkeeping (`_comments`, mentions), then its timeline event.
      after_insert: [comment.after_insert, after_insert_comment],
      on_update: comment.on_update,
      on_trash: comment.on_trash,
      after_delete: after_delete_comment,
    },
    ToDo: { validate: validate_todo, on_update: on_update_todo, after_delete: after_delete_todo },
    DocShare: {
      after_insert: after_insert_docshare,
      on_update: on_update_docshare,
      after_delete: after_delete_docshare,
    },
    File: { after_insert: after_insert_file, after_delete: after_delete_file },
  },
  permission_query_conditions: {
    'Notification Log': notificationLog.get_permission_query_conditions,
  },
  has_permission: {
    Comment: comment.has_permission,
    'Notification Log': notificationLog.has_permission,
  },
});
