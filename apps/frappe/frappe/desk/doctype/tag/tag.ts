// Frappe's Tag and its desk methods (`frappe.desk.doctype.tag.tag.*`): a document's tags are kept in its
// `_user_tags` (`,tag1,tag2`, Frappe's format) and as Tag Link rows (what the tag search reads); each tag is a
// Tag record, made on first use. Tagging needs read permission on the document.
import { type AppContext, Document, ValidationError, whitelist } from 'cortado';
import { type DocRef, permittedDocument, publishDocinfo, titleOf } from '../../timeline.ts';

/** The Tag controller: its name is checked as a tag. */
export default class Tag extends Document {
  override validate(): void {
    this.name = tagName(this.name);
  }
}

/**
 * A valid tag: trimmed, at most 140 characters, no comma (the separator of `_user_tags`) and no control
 * characters; ValidationError otherwise.
 */
export function tagName(value: unknown): string {
  const tag = typeof value === 'string' ? value.trim() : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (!tag || tag.length > 140 || tag.includes(',') || /[\u0000-\u001f\u007f]/.test(tag))
    throw new ValidationError('A tag needs 1 to 140 characters and no commas or control characters');
  return tag;
}

const tagParams = {
  tag: { type: 'string', required: true },
  dt: { type: 'string', required: true },
  dn: { type: 'string', required: true },
  color: { type: 'string' },
} as const;

/** `add_tag`: adds `tag` to document `dt` `dn` (making the Tag when new). Replies with the tag. */
export const add_tag = whitelist(
  { methods: ['POST', 'PUT'], params: tagParams },
  async (ctx, { tag, dt, dn }) => {
    const name = tagName(tag);
    await addTag(ctx, { doctype: dt, name: dn }, name);
    return name;
  },
);

/** `add_tags`: adds each tag of `tags` (a JSON list) to each document of `docs` (a JSON list of names). */
export const add_tags = whitelist(
  {
    methods: ['POST', 'PUT'],
    params: {
      tags: { type: 'array', required: true },
      dt: { type: 'string', required: true },
      docs: { type: 'array', required: true },
      color: { type: 'string' },
    },
  },
  async (ctx, { tags, dt, docs }) => {
    const names = tags.map(tagName);
    for (const dn of docs) for (const tag of names) await addTag(ctx, { doctype: dt, name: String(dn) }, tag);
    return null;
  },
);

/** `remove_tag`: removes `tag` (compared without case) from document `dt` `dn`. */
export const remove_tag = whitelist(
  {
    methods: ['POST', 'PUT', 'DELETE'],
    params: { tag: { type: 'string', required: true }, dt: tagParams.dt, dn: tagParams.dn },
  },
  async (ctx, { tag, dt, dn }) => {
    const ref = { doctype: dt, name: dn };
    await permittedDocument(ctx, ref);
    const lower = tag.trim().toLowerCase();
    const tags = await storedTags(ctx, ref);
    await setTags(
      ctx,
      ref,
      tags.filter((t) => t.toLowerCase() !== lower),
    );
    return null;
  },
);

/** `get_tags`: the tags whose name contains `txt` (any case), sorted; `doctype` is not used (as Frappe). */
export const get_tags = whitelist(
  { params: { doctype: { type: 'string' }, txt: { type: 'string' } } },
  async (ctx, { txt = '' }) => {
    const rows = await ctx.getList<{ name: string }>('Tag', {
      fields: ['name'],
      filters: [['name', 'like', `%${txt}%`]],
    });
    const lower = txt.toLowerCase();
    const names = new Set(rows.map((row) => row.name).filter((name) => name?.toLowerCase().includes(lower)));
    return [...names].sort();
  },
);

async function addTag(ctx: AppContext, ref: DocRef, tag: string): Promise<void> {
  await permittedDocument(ctx, ref);
  const tags = await storedTags(ctx, ref);
  if (tags.includes(tag)) return;
  if (!(await ctx.exists('Tag', tag)))
    await ctx.insert({ doctype: 'Tag', name: tag }, { ignorePermissions: true });
  await setTags(ctx, ref, [...tags, tag]);
}

async function storedTags(ctx: AppContext, ref: DocRef): Promise<string[]> {
  const stored = (await ctx.getValue<string>(ref.doctype, ref.name, '_user_tags')) ?? '';
  return stored
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

// Frappe's `DocTags.update`: `_user_tags` without touching `modified`, then the Tag Links made to match.
async function setTags(ctx: AppContext, ref: DocRef, tags: readonly string[]): Promise<void> {
  const unique = [...new Set(tags)];
  await ctx.setValue(
    ref.doctype,
    ref.name,
    { _user_tags: unique.length ? `,${unique.join(',')}` : '' },
    { updateModified: false },
  );
  const links = await ctx.getAll<{ name: string; tag: string }>('Tag Link', {
    fields: ['name', 'tag'],
    filters: { document_type: ref.doctype, document_name: ref.name },
  });
  const linked = new Set(links.map((link) => link.tag));
  const added = unique.filter((tag) => !linked.has(tag));
  const title = added.length ? await titleOf(ctx, ref) : '';
  for (const tag of added) {
    const link = await ctx.insert(
      { doctype: 'Tag Link', document_type: ref.doctype, document_name: ref.name, title, tag },
      { ignorePermissions: true },
    );
    publishDocinfo(ctx, ref, 'tags', 'add', { name: link.name, tag });
  }
  for (const link of links) {
    if (unique.includes(link.tag)) continue;
    await ctx.delete('Tag Link', link.name, { ignorePermissions: true });
    publishDocinfo(ctx, ref, 'tags', 'delete', { name: link.name, tag: link.tag });
  }
}

/** A deleted document's Tag Links go with it (Frappe's `delete_tags_for_document`). */
export async function delete_tag_links(
  doc: { doctype: string; name?: string; _user_tags?: unknown },
  ctx: AppContext,
): Promise<void> {
  if (!doc._user_tags || !doc.name || doc.doctype === 'Tag Link') return;
  const links = await ctx.getAll<{ name: string }>('Tag Link', {
    fields: ['name'],
    filters: { document_type: doc.doctype, document_name: doc.name },
  });
  for (const link of links) await ctx.delete('Tag Link', link.name, { ignorePermissions: true });
}
