import type { Database } from '../db/database.ts';
import { createDocContext } from '../model/context.ts';
import type { ControllerRegistry } from '../model/controllers/registry.ts';
import { getDoc } from '../model/document/index.ts';
import type { MetaCaches } from '../model/meta/meta-caches.ts';
import { hasPermission } from '../model/permissions/index.ts';
import type { VirtualDocTypes } from '../model/virtual/virtual-doctypes.ts';
import type { PermissionChecker } from './types.ts';

/** What the document permission rules need: each site's database, metas and controllers. */
export interface DocumentPermissionsOptions {
  databases: { get(site: string): Database };
  metas: MetaCaches;
  controllers: ControllerRegistry;
  /** The process's virtual DocTypes, so their records are judged as the API serves them. */
  virtualDocTypes?: VirtualDocTypes | undefined;
}

/**
 * The websocket's subscription checks with the document engine's real rules (DocPerm, if_owner, roles, shares,
 * User Permissions): `doctype:<dt>` needs read on the DocType, `doc:<dt>/<name>` read on that document. Any
 * error (unknown DocType, missing document) is a refusal.
 */
export function documentPermissions(options: DocumentPermissionsOptions): PermissionChecker {
  const check = (
    site: string,
    user: string,
    userType: string | undefined,
    fn: Parameters<typeof withContext>[4],
  ) => withContext(options, site, user, userType, fn).catch(() => false);
  return {
    canReadDoctype: (site, user, doctype, userType) =>
      check(site, user, userType, (ctx) => hasPermission(ctx, doctype, 'read')),
    canReadDoc: (site, user, doctype, name, userType) =>
      check(site, user, userType, async (ctx) => {
        await getDoc(ctx, doctype, name);
        return true;
      }),
  };
}

function withContext(
  options: DocumentPermissionsOptions,
  site: string,
  user: string,
  userType: string | undefined,
  fn: (ctx: ReturnType<typeof createDocContext>) => Promise<boolean>,
): Promise<boolean> {
  return options.databases.get(site).transaction((tx) =>
    fn(
      createDocContext({
        site,
        db: tx,
        user,
        userType: userType === 'Website User' ? 'Website User' : 'System User',
        metas: options.metas.forSite(site),
        controllers: options.controllers,
        virtualDocTypes: options.virtualDocTypes,
      }),
    ),
  );
}
