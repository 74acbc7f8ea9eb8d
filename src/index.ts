// The `cortado` package entry: what app code may import (docs/apps.md). Everything else is internal.
// (Minimal on the appcore branch: the public API is completed by the api branch.)
export type { AppContext, AppEnqueueOptions, AppListArgs } from './apps/app-context.ts';
export { type AppDefinition, defineApp, type FunctionRef } from './apps/define-app.ts';
export * from './errors/index.ts';
