import { tableName } from '../../db/meta.ts';
import { DuplicateEntryError, MandatoryError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../../model/context.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { Doc } from '../../model/document/doc.ts';

/**
 * The User Permission controller (Frappe's `UserPermission`): a row applies to all DocTypes or to the one
 * named in `applicable_for` (then required); the same restriction twice is a DuplicateEntryError; one
 * default per user and DocType. The user is told to reload their permissions after commit, as Frappe does.
 */
export function registerUserPermissionController(registry: ControllerRegistry): void {
  registry.on('User Permission', 'validate', async (doc, { ctx }) => {
    if (Number(doc.apply_to_all_doctypes)) doc.applicable_for = null;
    else if (!doc.applicable_for)
      throw new MandatoryError(
        'Applicable For is required when the permission does not apply to all document types',
      );
    await refuseDuplicate(ctx, doc);
    await refuseSecondDefault(ctx, doc);
  });
  for (const event of ['on_update', 'on_trash'] as const) {
    registry.on('User Permission', event, (doc, { ctx }) => {
      ctx.publish({ event: 'update_user_permissions', message: null, room: `user:${String(doc.user)}` });
    });
  }
}

async function refuseDuplicate(ctx: DocContext, doc: Doc): Promise<void> {
  const q = ctx.db.dialect.quote;
  const row = await ctx.db.one(
    `SELECT ${q('name')} FROM ${q(tableName('User Permission'))}
     WHERE ${q('user')} = ? AND ${q('allow')} = ? AND ${q('for_value')} = ? AND ${q('apply_to_all_doctypes')} = ?
       AND COALESCE(${q('applicable_for')}, '') = ? AND ${q('name')} <> ? LIMIT 1`,
    [
      doc.user,
      doc.allow,
      doc.for_value,
      Number(doc.apply_to_all_doctypes) ? 1 : 0,
      doc.applicable_for ?? '',
      String(doc.name ?? ''),
    ],
  );
  if (row) throw new DuplicateEntryError('User permission already exists');
}

async function refuseSecondDefault(ctx: DocContext, doc: Doc): Promise<void> {
  if (!Number(doc.is_default)) return;
  const q = ctx.db.dialect.quote;
  const row = await ctx.db.one<{ name: string }>(
    `SELECT ${q('name')} FROM ${q(tableName('User Permission'))}
     WHERE ${q('user')} = ? AND ${q('allow')} = ? AND ${q('is_default')} = 1 AND ${q('name')} <> ?
       AND (${q('apply_to_all_doctypes')} = 1 OR COALESCE(${q('applicable_for')}, '') = ?) LIMIT 1`,
    [doc.user, doc.allow, String(doc.name ?? ''), doc.applicable_for ?? ''],
  );
  if (row)
    throw new ValidationError(
      `User Permission ${row.name} has already assigned default value for ${String(doc.allow)}.`,
    );
}
