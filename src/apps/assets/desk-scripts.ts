// What an app's desk scripts are, as the desk is told in its boot data: URLs under `/assets/<app>/`, per
// hook. Written by `buildAppAssets` as `<assets>/<app>/manifest.json`; read per site by `deskScriptsBoot`.
import type { DeskScripts } from '../../backend/pages/desk-page.ts';

/** One app's built desk scripts (URLs) by Frappe's hook names: the boot's `desk_scripts` shape, per app. */
export interface AppDeskScripts extends DeskScripts {
  app: string;
}

/** The manifest file of one app's built assets. */
export const manifestName = 'manifest.json';
