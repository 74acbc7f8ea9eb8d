// Apps on sites: install, uninstall, migrate, fixtures and listing, driving the app-agnostic steps of
// `src/site/apps/` and the records of `src/core/apps/` with what the loader made of each app (LoadedApp).
export { createAppSite } from './create-app-site.ts';
export { exportFixtures } from './export-fixtures.ts';
export { importFixtures } from './import-fixtures.ts';
export {
  type InstallAppOptions,
  type InstalledAppReport,
  installApp,
  installBuiltinApp,
} from './install-app.ts';
export { type AppListing, benchAppListing, formatAppListing, siteAppListing } from './list-apps.ts';
export { migrateApps } from './migrate-apps.ts';
export type { AppsProgress, SiteAppsEnv } from './site-apps-env.ts';
export { type UninstallAppOptions, type UninstallReport, uninstallApp } from './uninstall-app.ts';
