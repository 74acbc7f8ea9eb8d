// Where app scripts register: form handlers per DocType (several scripts may add handlers for one DocType,
// all run, in load order) and list settings per DocType.
import type { FormHandlers, ListSettings } from './types.ts';

const formHandlers = new Map<string, FormHandlers[]>();

/** `frappe.ui.form.on(doctype, handlers)`. */
export function onForm(doctype: string, handlers: FormHandlers): void {
  if (typeof doctype !== 'string' || !handlers || typeof handlers !== 'object') return;
  formHandlers.set(doctype, [...(formHandlers.get(doctype) ?? []), handlers]);
}

/** The handlers of `event` registered for `doctype`, in registration order. */
export function handlersOf(doctype: string, event: string): Array<(...args: never[]) => unknown> {
  const found: Array<(...args: never[]) => unknown> = [];
  for (const handlers of formHandlers.get(doctype) ?? []) {
    const handler = Object.hasOwn(handlers, event) ? handlers[event] : undefined;
    if (typeof handler === 'function') found.push(handler);
  }
  return found;
}

/** `frappe.listview_settings`: scripts assign `frappe.listview_settings['Article'] = {...}`. */
export const listviewSettings: Record<string, ListSettings> = Object.create(null);
