// The desk's side of apps, wired by createRuntime next to wireApps: the boot hook listing the desk scripts of
// the apps installed on a page's site, and developer mode's write-back of standard DocTypes into app folders.
import type { BootHook } from '../backend/pages/boot-hooks.ts';
import type { ControllerRegistry } from '../model/controllers/registry.ts';
import { deskScriptsBoot } from './assets/desk-scripts-boot.ts';
import { registerDocTypeWriteBack } from './developer-mode/write-back.ts';
import type { InstalledApps } from './installed-apps.ts';
import type { LoadedApp } from './loaded-app.ts';

/** What wireDesk registers into. */
export interface DeskTargets {
  controllers: ControllerRegistry;
  bootHooks: BootHook[];
  installed: Pick<InstalledApps, 'of'>;
}

/**
 * @example wireDesk(() => apps, { controllers, bootHooks, installed: installedApps }, bench.assetsPath);
 */
export function wireDesk(apps: () => readonly LoadedApp[], targets: DeskTargets, assetsPath: string): void {
  registerDocTypeWriteBack(targets.controllers, apps);
  targets.bootHooks.push(deskScriptsBoot(assetsPath, (site) => targets.installed.of(site)));
}
