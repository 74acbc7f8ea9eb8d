// An app's controller classes (`<doctype>.ts` beside each DocType's JSON, and `override_doctype_class`) and its
// permission hooks (`permission_query_conditions`, `has_permission`) in the process's ControllerRegistry.
// An app's own DocTypes exist only on sites with the app; what it overrides or limits on other DocTypes acts
// only there too.

import type { DocContext } from '../model/context.ts';
import type { ControllerRegistry } from '../model/controllers/registry.ts';
import type { Right } from '../model/permissions/rights.ts';
import type { VirtualDocTypes } from '../model/virtual/virtual-doctypes.ts';
import type { AppContext } from './app-context.ts';
import { appContextOf } from './app-context-of.ts';
import { resolveRef } from './app-hooks.ts';
import type { DocumentClass } from './document.ts';
import type { InstalledApps } from './installed-apps.ts';
import type { LoadedApp } from './loaded-app.ts';
import { registerDocumentClass } from './register-document-class.ts';
import { registerVirtualDocType, type VirtualDocumentClass } from './register-virtual-doctype.ts';

type QueryCondition = (ctx: AppContext, user: string) => unknown;
type HasPermission = (doc: Readonly<Record<string, unknown>>, ptype: Right, ctx: AppContext) => unknown;

/** Registers the app's DocType controllers (virtual ones too), class overrides and permission hooks. */
export function wireDocTypeClasses(
  controllers: ControllerRegistry,
  virtualDocTypes: VirtualDocTypes,
  app: LoadedApp,
  installed: InstalledApps,
): void {
  for (const { meta, controller } of app.doctypes) {
    if (controller === undefined) continue;
    // A virtual DocType's controller also keeps its records: the model's virtual DocType registry serves it.
    if (meta.is_virtual === 1)
      registerVirtualDocType(virtualDocTypes, controllers, meta.name, controller as VirtualDocumentClass);
    else registerDocumentClass(controllers, meta.name, controller as DocumentClass);
  }
  // The class choice cannot wait for a read: it uses the list last read (warmed at start-up, kept current).
  const appliesTo = (ctx: DocContext) => installed.peek(ctx.site)?.includes(app.name) === true;
  const definition = app.definition;
  for (const [doctype, ref] of Object.entries(definition.override_doctype_class ?? {})) {
    const Cls = resolveRef(app, ref, `override_doctype_class.${doctype}`).fn as unknown as DocumentClass;
    registerDocumentClass(controllers, doctype, Cls, { appliesTo });
  }
  for (const [doctype, ref] of Object.entries(definition.permission_query_conditions ?? {})) {
    const fn = resolveRef(app, ref, `permission_query_conditions.${doctype}`).fn as QueryCondition;
    controllers.permissions.addQueryCondition(doctype, async (ctx, user) =>
      (await installed.has(ctx.site, app.name)) ? ((await fn(appContextOf(ctx), user)) as string) : undefined,
    );
  }
  for (const [doctype, ref] of Object.entries(definition.has_permission ?? {})) {
    const fn = resolveRef(app, ref, `has_permission.${doctype}`).fn as HasPermission;
    controllers.permissions.addHasPermission(doctype, async (doc, ptype, _user, ctx) =>
      (await installed.has(ctx.site, app.name))
        ? ((await fn(doc, ptype, appContextOf(ctx))) as boolean)
        : undefined,
    );
  }
}

/** Whether any app overrides a DocType class (only then must installed apps be read before the first request). */
export function overridesClasses(apps: readonly LoadedApp[]): boolean {
  return apps.some((app) => Object.keys(app.definition.override_doctype_class ?? {}).length > 0);
}
