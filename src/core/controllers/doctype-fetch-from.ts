import { ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../../model/context.ts';
import type { Doc } from '../../model/document/doc.ts';
import { parseFetchFrom } from '../../model/document/validation/fetch-from.ts';
import { standardFields } from '../../model/meta/standard-fields.ts';

const wrongFetchFrom = { title: 'Wrong Fetch From value' };

/**
 * Refuses a field whose `fetch_from` cannot work, so a document save never meets one: it must be
 * `<link field>.<field>`, not name the field itself (Frappe's "Recursive Fetch From"), name a Link or Dynamic
 * Link field of this DocType, and, for a Link, a field the linked DocType has. Runs after the fields are
 * checked (fieldnames tidied, Link targets known to exist).
 */
export async function checkFetchFrom(ctx: DocContext, doc: Doc, fields: readonly Doc[]): Promise<void> {
  const byName = new Map(fields.map((f) => [String(f.fieldname), f]));
  for (const field of fields) {
    if (typeof field.fetch_from !== 'string' || !field.fetch_from.trim()) continue;
    field.fetch_from = field.fetch_from.trim();
    const label = typeof field.label === 'string' && field.label ? field.label : String(field.fieldname);
    const invalid = (why: string) =>
      new ValidationError(`${label} contains an invalid Fetch From expression: ${why}`, wrongFetchFrom);
    const path = parseFetchFrom(field.fetch_from);
    if (!path) throw invalid('it must be <link field>.<field>');
    if (path.link === field.fieldname) {
      throw new ValidationError(
        `${label} contains an invalid Fetch From expression, Fetch From can't be self-referential.`,
        { title: 'Recursive Fetch From' },
      );
    }
    const link = byName.get(path.link);
    if (!link || (link.fieldtype !== 'Link' && link.fieldtype !== 'Dynamic Link'))
      throw invalid(`${path.link} is not a Link field of this DocType`);
    if (link.fieldtype !== 'Link') continue;
    const target = String(link.options ?? '').trim();
    const known =
      target === doc.name
        ? byName.has(path.source) || (standardFields as readonly string[]).includes(path.source)
        : (await ctx.metas.find(ctx.db, target))?.validFieldNames.has(path.source);
    if (!known) throw invalid(`${target} has no field ${path.source}`);
  }
}
