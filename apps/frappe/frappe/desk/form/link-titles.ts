// Frappe's `set_link_titles`: for Link fields whose target DocType shows its title in links
// (`show_title_field_in_link`), the linked documents' titles under `__link_titles`, keyed `<DocType>::<name>`.
import type { AppContext, Doc } from 'cortado';

type Field = Record<string, unknown>;

/** `{ "<DocType>::<name>": title }` for the document's and its rows' title-shown links. */
export async function linkTitles(ctx: AppContext, doc: Doc): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const metaFields = async (doctype: string) =>
    ((await ctx.getMeta(doctype)).fields as Field[] | undefined) ?? [];
  const collect = async (row: Doc, fields: Field[]) => {
    for (const df of fields) {
      const value = row[String(df.fieldname)];
      if (df.fieldtype !== 'Link' || typeof df.options !== 'string' || typeof value !== 'string' || !value)
        continue;
      const target = await ctx.getMeta(df.options);
      if (!target.show_title_field_in_link) continue;
      const titleField =
        typeof target.title_field === 'string' && target.title_field ? target.title_field : '';
      if (!titleField) continue;
      const title = await ctx.getValue<string>(df.options, value, titleField);
      if (title !== undefined && title !== null) out[`${df.options}::${value}`] = String(title);
    }
  };
  const fields = await metaFields(doc.doctype);
  await collect(doc, fields);
  for (const df of fields) {
    const rows = doc[String(df.fieldname)];
    if (!Array.isArray(rows) || typeof df.options !== 'string') continue;
    const childFields = await metaFields(df.options);
    for (const row of rows as Doc[]) await collect(row, childFields);
  }
  return out;
}
