// The `frappe` global app scripts use (and `__`): `frappe.ui.form.on`, `frappe.listview_settings`,
// `frappe.call`, `frappe.msgprint`, `frappe.throw`. Installed once by the desk's entry.
import { api } from '../api/client.ts';
import { FrappeError } from '../api/frappe-error.ts';
import { toast } from '../components/toasts.ts';
import { listviewSettings, onForm } from './registry.ts';

/** What `frappe.throw` throws: a message meant for the user (a validate handler's stops the save). */
export class ScriptValidationError extends Error {
  override name = 'ValidationError';
}

/** Frappe's `__`: translation is not done yet, `{0}`-style placeholders are filled in. */
export function translate(text: string, args: readonly unknown[] = []): string {
  return String(text).replace(/\{(\d+)\}/g, (whole, i: string) =>
    Number(i) < args.length ? String(args[Number(i)]) : whole,
  );
}

type MessageArg = string | { message?: string; title?: string; indicator?: string };

function messageOf(arg: MessageArg): string {
  return typeof arg === 'string' ? arg : String(arg?.message ?? '');
}

/** `frappe.msgprint`: shows a message to the user. */
export function msgprint(arg: MessageArg): void {
  const text = messageOf(arg);
  const red = typeof arg === 'object' && arg?.indicator === 'red';
  if (text) toast(text, red ? 'error' : 'info');
}

/** `frappe.throw`: shows the message and throws, ending the event handler (and a save, from validate). */
export function throwMessage(arg: MessageArg): never {
  const text = messageOf(arg);
  msgprint({ message: text, indicator: 'red' });
  throw new ScriptValidationError(text);
}

interface CallOptions {
  method: string;
  args?: Record<string, unknown>;
  type?: 'GET' | 'POST';
  callback?: (reply: Record<string, unknown>) => void;
  error?: (error: unknown) => void;
}

/** `frappe.call({ method, args })` (or `frappe.call(method, args)`): resolves with the reply (`r.message`). */
export async function frappeCall(
  options: CallOptions | string,
  args?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const call: CallOptions = typeof options === 'string' ? { method: options, args } : options;
  if (!call?.method || !/^[\w.]+$/.test(call.method)) throw new Error('frappe.call needs a method path');
  const path = `/api/method/${call.method}`;
  try {
    const reply =
      call.type === 'GET'
        ? await api('GET', path, { query: (call.args ?? {}) as Record<string, string> })
        : await api('POST', path, { body: call.args ?? {} });
    call.callback?.(reply);
    return reply;
  } catch (error) {
    if (call.error) call.error(error);
    else toast(error instanceof FrappeError ? error.text : String(error), 'error');
    throw error;
  }
}

/** Adds the script API to `window.frappe` (keeping what is there) and defines `window.__`. */
export function installFrappeGlobal(): void {
  const globals = window as unknown as { frappe?: Record<string, unknown>; __?: typeof translate };
  globals.frappe = Object.assign(globals.frappe ?? {}, {
    ui: { form: { on: onForm } },
    listview_settings: listviewSettings,
    call: frappeCall,
    msgprint,
    throw: throwMessage,
    _: translate,
  });
  globals.__ = translate;
}
