import { MandatoryError, ValidationError } from '../../errors/index.ts';
import { nowOf } from '../context.ts';
import type { HookArgs } from '../controllers/events.ts';
import type { Doc } from '../document/doc.ts';
import { amendedName } from './amended-name.ts';
import { formatAutoname } from './format-name.ts';
import { hashName } from './hash-name.ts';
import { makeAutoname } from './naming-series.ts';
import { nextSeriesValue } from './series.ts';
import { validateName } from './validate-name.ts';

/**
 * Names a new document (Frappe's `set_new_name`): a name the caller set stands (`nameSet`); otherwise
 * `before_naming` runs first, then an amendment is `<original>-N`; a single DocType's document
 * is the DocType; then an `autoname` controller hook may set the name; otherwise the DocType's rule:
 * `field:<f>`, `naming_series:`, `prompt` (the client's `__newname` or `name`), `format:...`, `autoincrement`,
 * a `PREFIX-.#####` series, or `hash` (also the fallback). A client-supplied name counts only under `prompt`,
 * or whatever the rule when `nameSet` (Frappe's `flags.name_set`, which v2's insert sets when a name is given).
 */
export async function setNewName(
  doc: Doc,
  args: HookArgs,
  options: { nameSet?: boolean } = {},
): Promise<void> {
  const { ctx, meta } = args;
  const rule = meta.autoname;
  const lower = rule.toLowerCase();
  const supplied = doc.__newname ?? doc.name;
  delete doc.__newname;
  doc.name = undefined;
  if (options.nameSet && (typeof supplied === 'string' || typeof supplied === 'number') && String(supplied)) {
    doc.name = validateName(meta.name, String(supplied));
    return;
  }
  await ctx.controllers.run('before_naming', doc, args);
  if (typeof doc.amended_from === 'string' && doc.amended_from && meta.field('amended_from')) {
    doc.name = validateName(meta.name, await amendedName(ctx.db, meta.name, doc.amended_from));
    return;
  }
  if (meta.isSingle) {
    doc.name = meta.name;
    return;
  }
  await ctx.controllers.run('autoname', doc, args);
  if (!doc.name) doc.name = await nameByRule(doc, args, lower, rule, supplied);
  if (!doc.name) doc.name = hashName();
  doc.name = validateName(meta.name, doc.name, meta.isSingle);
}

async function nameByRule(
  doc: Doc,
  { ctx, meta }: HookArgs,
  lower: string,
  rule: string,
  supplied: unknown,
): Promise<string | undefined> {
  const input = { doc, now: nowOf(ctx) };
  if (lower.startsWith('field:')) {
    const fieldname = rule.slice(6).trim();
    const value = doc[fieldname];
    const name = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
    if (!name) throw new MandatoryError(`${meta.label(fieldname)} is required`);
    return name;
  }
  if (lower.startsWith('naming_series:')) {
    if (!doc.naming_series) doc.naming_series = defaultNamingSeries(meta.field('naming_series')?.options);
    if (!doc.naming_series) throw new MandatoryError('Naming Series mandatory');
    return makeAutoname(ctx.db, `${String(doc.naming_series)}.#####`, input);
  }
  if (lower === 'prompt') {
    if (supplied === undefined || supplied === null || String(supplied).trim() === '')
      throw new ValidationError('Please set the document name');
    return String(supplied);
  }
  if (lower.startsWith('format:')) return formatAutoname(ctx.db, rule, input);
  if (lower === 'autoincrement') return String(await nextSeriesValue(ctx.db, `${meta.name}::autoincrement`));
  if (rule.includes('#')) return makeAutoname(ctx.db, rule, input);
  return undefined;
}

/** The first series of a `naming_series` Select field's options (Frappe's `get_default_naming_series`). */
function defaultNamingSeries(options: unknown): string | undefined {
  if (typeof options !== 'string') return undefined;
  return options.split('\n').find((o) => o.trim() !== '');
}
