import { tableName } from '../../db/meta.ts';
import { LinkExistsError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';

/** Why links are checked: a delete is blocked by any link, a cancel only by submitted documents. */
export type LinkCheck = 'Delete' | 'Cancel';

/** DocTypes whose Dynamic Links never block a delete: their rows follow the document (Frappe's list). */
export const ignoredOnDelete: ReadonlySet<string> = new Set([
  'Communication',
  'ToDo',
  'DocShare',
  'Email Unsubscribe',
  'Activity Log',
  'File',
  'Version',
  'Document Follow',
  'Comment',
  'View Log',
  'Tag Link',
  'Notification Log',
  'Email Queue',
  'Document Share Key',
  'Integration Request',
  'Unhandled Email',
  'Webhook Request Log',
  'Workspace',
  'Route History',
  'Access Log',
  'Permission Log',
]);

type LinkSource = {
  parent: string;
  fieldname: string;
  fieldtype: string;
  options: string | null;
  issingle: number;
  istable: number;
};

const identifier = /^[A-Za-z0-9_ -]{1,64}$/;

/**
 * Throws LinkExistsError (417) naming a document that links to `doctype`/`name` (Frappe's
 * `check_if_doc_is_linked` and `check_if_doc_is_dynamically_linked`): a Link field with that DocType as
 * options, or a Dynamic Link whose type field names it, on a document, a child row (reported as its parent) or
 * a single's value. A document's links to itself do not count; for a cancel only submitted documents and
 * `amended_from` aside do; Dynamic Links from the DocTypes in {@link ignoredOnDelete} never block.
 */
export async function checkNoLinks(
  ctx: DocContext,
  doctype: string,
  name: string,
  check: LinkCheck,
): Promise<void> {
  const found = await findLink(ctx, doctype, name, check);
  if (found) {
    throw new LinkExistsError(
      `Cannot delete or cancel because ${doctype} ${name} is linked with ${found.doctype} ${found.name}`,
    );
  }
}

/** The first document linking to `doctype`/`name` that blocks `check`, or undefined. */
export async function findLink(
  ctx: DocContext,
  doctype: string,
  name: string,
  check: LinkCheck,
): Promise<{ doctype: string; name: string } | undefined> {
  const q = ctx.db.dialect.quote;
  const sources = await ctx.db.all<LinkSource>(
    `SELECT f.${q('parent')}, f.${q('fieldname')}, f.${q('fieldtype')}, f.${q('options')}, d.${q('issingle')}, d.${q('istable')}
     FROM ${q('tabDocField')} f JOIN ${q('tabDocType')} d ON d.${q('name')} = f.${q('parent')}
     WHERE f.${q('parenttype')} = 'DocType' AND d.${q('is_virtual')} = 0
       AND ((f.${q('fieldtype')} = 'Link' AND f.${q('options')} = ?) OR f.${q('fieldtype')} = 'Dynamic Link')`,
    [doctype],
  );
  for (const source of sources) {
    if (!identifier.test(source.parent) || !identifier.test(source.fieldname)) continue;
    const dynamic = source.fieldtype === 'Dynamic Link';
    if (dynamic && (!source.options || !identifier.test(source.options))) continue;
    if (dynamic && check === 'Delete' && ignoredOnDelete.has(source.parent)) continue;
    if (check === 'Cancel' && source.fieldname === 'amended_from') continue;
    const hit = source.issingle
      ? await singleLink(ctx, source, doctype, name, dynamic)
      : await tableLink(ctx, source, doctype, name, dynamic, check);
    if (hit) return hit;
  }
  return undefined;
}

async function singleLink(
  ctx: DocContext,
  source: LinkSource,
  doctype: string,
  name: string,
  dynamic: boolean,
): Promise<{ doctype: string; name: string } | undefined> {
  const q = ctx.db.dialect.quote;
  const value = async (field: string) =>
    (
      await ctx.db.one<{ value: unknown }>(
        `SELECT ${q('value')} FROM ${q('tabSingles')} WHERE ${q('doctype')} = ? AND ${q('field')} = ?`,
        [source.parent, field],
      )
    )?.value;
  if ((await value(source.fieldname)) !== name) return undefined;
  if (dynamic && (await value(source.options!)) !== doctype) return undefined;
  return { doctype: source.parent, name: source.parent };
}

async function tableLink(
  ctx: DocContext,
  source: LinkSource,
  doctype: string,
  name: string,
  dynamic: boolean,
  check: LinkCheck,
): Promise<{ doctype: string; name: string } | undefined> {
  const q = ctx.db.dialect.quote;
  const columns = [q('name'), q('docstatus')];
  if (source.istable) columns.push(q('parent'), q('parenttype'));
  const where = [`${q(source.fieldname)} = ?`];
  const params: unknown[] = [name];
  if (dynamic) {
    where.push(`${q(source.options!)} = ?`);
    params.push(doctype);
  }
  if (check === 'Cancel') where.push(`${q('docstatus')} = 1`);
  const rows = await ctx.db.all<{ name: string; parent?: string; parenttype?: string }>(
    `SELECT ${columns.join(', ')} FROM ${q(tableName(source.parent))} WHERE ${where.join(' AND ')} LIMIT 20`,
    params,
  );
  for (const row of rows) {
    const linkedDoctype = source.istable ? String(row.parenttype ?? '') : source.parent;
    const linkedName = source.istable ? String(row.parent ?? '') : String(row.name);
    if (linkedDoctype === doctype && linkedName === name) continue;
    if (!linkedDoctype) continue;
    return { doctype: linkedDoctype, name: linkedName };
  }
  return undefined;
}
