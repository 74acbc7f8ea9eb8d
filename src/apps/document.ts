// PLACEHOLDER (api branch): the `controllers` branch owns this file (the Document base class of app controllers)
// and replaces it at merge. It is here only so the public entry (src/index.ts) exports `Document` by name.

/** The base class of an app's DocType controllers (the controllers branch implements it). */
export class Document {
  /** A field of the DocType. */
  [field: string]: unknown;
  /** Methods `run_doc_method` may call. */
  static whitelisted: readonly string[] = [];
}
