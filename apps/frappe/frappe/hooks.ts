// Cortado's built-in app, `frappe`: the features Frappe ships in its own app, written as any app is
// (docs/apps.md) and installed on every site. Its DocTypes live in their modules beside their controllers; its
// whitelisted functions answer under Frappe's own method paths (`frappe.desk.form.load.getdoc` is
// `desk/form/load.ts`'s `getdoc`). It imports nothing of Cortado but the public API, `cortado`.
import { defineApp } from 'cortado';

export default defineApp({
  name: 'frappe',
  title: 'Frappe',
  description: "Cortado's built-in app: customization, the form's timeline, notifications",
  publisher: 'Cortado',
  modules: ['Custom', 'Desk', 'Contacts'],
});
