// What an app's desk scripts are, as the desk is told in its boot data: URLs under `/assets/<app>/`, per
// hook. Written by `buildAppAssets` as `<assets>/<app>/manifest.json`; read per site by `deskScriptsBoot`.

/** An app's built desk scripts (URLs), by Frappe's hook names. */
export interface AppDeskScripts {
  app: string;
  /** Loaded on every desk page (Frappe's `app_include_js`). */
  app_include_js: string[];
  /** DocType → its form scripts (`doctype_js`, and `<dt folder>.js` beside the DocType JSON). */
  doctype_js: Record<string, string[]>;
  /** DocType → its list settings scripts (`doctype_list_js`, and `<dt folder>_list.js`). */
  doctype_list_js: Record<string, string[]>;
}

/** The manifest file of one app's built assets. */
export const manifestName = 'manifest.json';
