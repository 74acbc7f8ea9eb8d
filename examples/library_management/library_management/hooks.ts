// The Library Management app's hooks (Frappe's hooks.py): its module, the Librarian role as a fixture, the
// settings stored at install, the daily overdue job and the desk scripts of Library Transaction (form and list).
import { defineApp } from 'cortado';
import { store_default_settings } from './library_management/settings.ts';
import { mark_overdue } from './library_management/tasks.ts';

export default defineApp({
  name: 'library_management',
  title: 'Library Management',
  description: "Frappe's Library Management tutorial app: articles, members, memberships and loans",
  publisher: 'Cortado',
  modules: ['Library Management'],
  fixtures: [{ doctype: 'Role', filters: [['name', '=', 'Librarian']] }],
  after_install: store_default_settings,
  scheduler_events: { daily: [mark_overdue] },
  doctype_js: { 'Library Transaction': 'public/js/library_transaction.js' },
  doctype_list_js: { 'Library Transaction': 'public/js/library_transaction_list.js' },
});
