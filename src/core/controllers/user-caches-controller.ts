import type { HookArgs } from '../../model/controllers/events.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { Doc } from '../../model/document/doc.ts';

/**
 * Keeps the per-user caches true (`metas.roles`, `metas.userPermissions`): once the transaction commits, every
 * process forgets the site's cached roles when a User's roles change, a User is deleted or renamed, or a Role is
 * added, deleted or renamed (Administrator holds every role); and its cached User Permissions when one is
 * written or deleted, or a User goes (their rows go with them).
 */
export function registerUserCachesController(registry: ControllerRegistry): void {
  const forgetRoles = async (_doc: Doc, { ctx }: HookArgs) => ctx.metas.roles.invalidateOnCommit(ctx.db);
  const forgetUserPermissions = async (_doc: Doc, { ctx }: HookArgs) =>
    ctx.metas.userPermissions.invalidateOnCommit(ctx.db);
  registry
    .on('User', 'on_update', async (doc, args) => {
      if (roleSet(doc) !== roleSet(args.before)) await forgetRoles(doc, args);
    })
    .on('User', 'on_trash', forgetRoles)
    .on('User', 'on_trash', forgetUserPermissions)
    .on('User', 'after_rename', forgetRoles)
    .on('User', 'after_rename', forgetUserPermissions)
    .on('Role', 'after_insert', forgetRoles)
    .on('Role', 'on_trash', forgetRoles)
    .on('Role', 'after_rename', forgetRoles)
    .on('User Permission', 'on_update', forgetUserPermissions)
    .on('User Permission', 'on_trash', forgetUserPermissions);
}

// The user's roles as one comparable string (undefined rows and order ignored).
function roleSet(doc: Doc | undefined): string {
  const rows = Array.isArray(doc?.roles) ? (doc.roles as Doc[]) : [];
  return [...new Set(rows.map((row) => String(row.role ?? '')))].sort().join('\x1f');
}
