// Values put into messages the desk renders as HTML (Frappe's messages bold names with <strong>): escaped, so a
// hostile fieldname or type shows as text.

/** `text` with HTML's special characters escaped. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Frappe's `frappe.bold`: the escaped value in <strong>. */
export function bold(text: unknown): string {
  return `<strong>${escapeHtml(text)}</strong>`;
}
