// What the built-in app adds to the desk's boot data (Frappe's `boot_session`).
import { coreDocTypes } from './custom/doctype/customize_form/field-rules.ts';

/** The DocTypes Customize Form refuses, so the desk offers "Customize" only where the server allows it. */
export function boot_session(bootinfo: Record<string, unknown>): void {
  bootinfo.core_doctypes_list = [...coreDocTypes];
}
