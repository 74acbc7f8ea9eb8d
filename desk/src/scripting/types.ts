// The client API app scripts are written against: Frappe's `frappe.ui.form.on` handlers, the `frm` they
// receive, and `frappe.listview_settings`. Only what Cortado's desk implements is typed here.
import type { Doc } from '../model/types.ts';

/** What `frm.set_query` callbacks return: filters for the Link field's search (dict or list form). */
export interface LinkQuery {
  filters?: Record<string, unknown> | unknown[];
}

/** The form object handed to every form event (Frappe's `frm`). */
export interface Frm {
  readonly doctype: string;
  /** The document on screen (reactive: assigning a field updates the form). */
  readonly doc: Doc;
  readonly docname: string | undefined;
  is_new(): boolean;
  /** Sets one field (or several from an object) and runs their change events. */
  set_value(field: string | Record<string, unknown>, value?: unknown): Promise<void>;
  /** Kept for scripts written for Frappe: the form re-renders changed fields by itself. */
  refresh_field(field: string): void;
  /** Adds a button to the form's toolbar (inside a drop-down `group` when given); cleared on every refresh. */
  add_custom_button(label: string, action: () => unknown, group?: string): void;
  clear_custom_buttons(): void;
  /** Filters for the search of Link field `field` (Frappe's `set_query(field, fn)`). */
  set_query(field: string, query: () => LinkQuery | undefined): void;
  /** Loads the document again from the server, then runs `refresh`. */
  reload_doc(): Promise<void>;
  /** Saves the document as the Save button does (validate events first). */
  save(): Promise<void>;
}

/** A form event handler: `refresh(frm)`, `<fieldname>(frm)`, `validate(frm)`, ... */
export type FormHandler = (frm: Frm) => unknown;
export type FormHandlers = Record<string, FormHandler>;

/** A list's settings (Frappe's `frappe.listview_settings[doctype]`). */
export interface ListSettings {
  /** More fields fetched with each row (for `get_indicator`). */
  add_fields?: string[];
  /** Filters the list opens with: `[fieldname, operator, value]` or `[doctype, fieldname, operator, value]`. */
  filters?: unknown[][];
  /** `[label, color, filter]` shown as the row's status pill. */
  get_indicator?: (doc: Record<string, unknown>) => [string, string?, string?] | undefined;
}

/** A custom button on the form. */
export interface CustomButton {
  label: string;
  group: string | undefined;
  action: () => unknown;
}
