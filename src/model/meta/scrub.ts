/**
 * Frappe's `scrub`: a DocType or label as a snake_case name.
 *
 * @example scrub('Sales Invoice') // 'sales_invoice'
 */
export function scrub(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}
