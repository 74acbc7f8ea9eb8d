import type { DocContext } from '../../model/context.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { Doc } from '../../model/document/doc.ts';

/**
 * Keeps the role caches true: a User whose roles changed, a deleted or renamed User, and a Role added, deleted
 * or renamed (Administrator holds every role) make every process forget the site's cached roles once the
 * transaction commits.
 */
export function registerRoleChangeController(registry: ControllerRegistry): void {
  const forgetRoles = async (_doc: Doc, { ctx }: { ctx: DocContext }) => {
    ctx.metas.roles.invalidateOnCommit(ctx.db);
  };
  registry
    .on('User', 'on_update', async (doc, args) => {
      if (roleSet(doc) !== roleSet(args.before)) await forgetRoles(doc, args);
    })
    .on('User', 'on_trash', forgetRoles)
    .on('User', 'after_rename', forgetRoles)
    .on('Role', 'after_insert', forgetRoles)
    .on('Role', 'on_trash', forgetRoles)
    .on('Role', 'after_rename', forgetRoles);
}

// The user's roles as one comparable string (undefined rows and order ignored).
function roleSet(doc: Doc | undefined): string {
  const rows = Array.isArray(doc?.roles) ? (doc.roles as Doc[]) : [];
  return [...new Set(rows.map((row) => String(row.role ?? '')))].sort().join('\x1f');
}
