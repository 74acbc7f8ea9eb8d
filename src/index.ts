// The `cortado` package entry: what app code may import (docs/apps.md). Everything else is internal.
// (Minimal on the appcore branch: the api branch's entry replaces it.)
export type { AppContext, AppEnqueueOptions, AppListArgs } from './apps/app-context.ts';
export { type AppDefinition, defineApp, type FunctionRef } from './apps/define-app.ts';
export { Document } from './apps/document.ts';
export { whitelist } from './apps/whitelist.ts';
export * from './errors/index.ts';
