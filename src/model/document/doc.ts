// The plain-object shape documents have inside the engine and on the wire.

/**
 * A document: field values by fieldname, `doctype` always, `name` once named; child tables are arrays of
 * row documents. The same shape goes in (a payload) and comes out (serialised, nulls omitted).
 */
export type Doc = Record<string, unknown> & { doctype: string; name?: string };

/** A payload for insert/save: any object naming its DocType. Unknown keys are ignored. */
export type DocInput = Record<string, unknown> & { doctype: string };
