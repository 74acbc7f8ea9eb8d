// The records of apps on a site (core DocTypes Installed Applications, Module Def, Patch Log), app-agnostic:
// install, migrate and uninstall write them, the backend's boot data and `get_versions` read them.
export { recordCoreApp } from './core-app.ts';
export {
  coreAppName,
  type InstalledApp,
  readInstalledApps,
  recordInstalledApp,
  removeInstalledApp,
} from './installed-apps.ts';
export {
  ensureCustomModule,
  type ModuleDefRow,
  readModuleDefs,
  recordMissingModules,
  recordModuleDefs,
  removeModuleDefs,
} from './module-defs.ts';
export { ranPatches, recordPatch, removePatchLog } from './patch-log.ts';
