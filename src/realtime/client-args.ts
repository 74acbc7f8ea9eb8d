// Every argument of a client event comes off the network: these turn `unknown` into a safe name or undefined.

/** Frappe's limit for DocType and document names (`varchar(140)`), used for task ids too. */
export const maxNameLength = 140;

// Control characters would forge log lines and never occur in Frappe names.
const controlChars = /\p{Cc}/u;

/**
 * A document or task name: a non-empty string of at most 140 characters without control characters.
 *
 * @example asName('TD-0001') // 'TD-0001'; asName({}) // undefined
 */
export function asName(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '' || value.length > maxNameLength) return undefined;
  return controlChars.test(value) ? undefined : value;
}

/**
 * A DocType name: a name that also contains no `/`, so `doc:<doctype>/<name>` rooms cannot be forged
 * (DocType "A/B" with name "C" would otherwise share a room with DocType "A", name "B/C").
 *
 * @example asDoctype('Sales Invoice') // 'Sales Invoice'; asDoctype('A/B') // undefined
 */
export function asDoctype(value: unknown): string | undefined {
  const name = asName(value);
  return name === undefined || name.includes('/') ? undefined : name;
}
