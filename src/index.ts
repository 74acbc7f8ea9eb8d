// The `cortado` package entry: everything app code may import (docs/apps.md). Anything not exported here is
// internal and may change without notice. At run time the app loader maps the bare specifier `cortado` to this
// module of the running Cortado, so app code and Cortado share one instance (instanceof works on errors).

export type { AppContext, AppEnqueueOptions, AppListArgs } from './apps/app-context.ts';
export type { AppJobFunction } from './apps/app-job.ts';
export {
  type AppDefinition,
  type AppSchedulerEvents,
  defineApp,
  type FixtureSpec,
  type FunctionRef,
} from './apps/define-app.ts';
export { Document } from './apps/document.ts';
export type { QbOperator, QbQuery, QueryBuilder } from './apps/query-builder.ts';
export { type WhitelistedFunction, type WhitelistOptions, whitelist } from './apps/whitelist.ts';
export type { ArgsOf, HttpMethod, ParamSpec, ParamSpecs, ParamType } from './backend/methods.ts';
export type { DocFieldMeta, DocPermMeta, DocTypeMeta } from './db/meta.ts';
export * from './errors/index.ts';
export type { DocEvent } from './model/controllers/events.ts';
export type { Doc, DocInput } from './model/document/doc.ts';
export { reservedFieldnames } from './model/meta/standard-fields.ts';
