import { ValidationError } from '../../errors/index.ts';
import { layoutFieldtypes, tableFieldtypes } from '../../fieldtypes/index.ts';
import type { Doc } from '../../model/document/doc.ts';

const dateTokens = new Set(['YY', 'YYYY', 'MM', 'DD', 'FY']);

/**
 * Checks a DocType document's naming rule: none, `hash`, `prompt`, `autoincrement`, `field:<a field>`,
 * `naming_series:` (needs a `naming_series` field), `format:...{field}...{###}...`, or a dotted
 * `PREFIX-.#####` series.
 */
export function checkAutoname(doc: Doc): void {
  const autoname = typeof doc.autoname === 'string' ? doc.autoname.trim() : '';
  const lower = autoname.toLowerCase();
  const fields = (doc.fields as Doc[] | undefined) ?? [];
  const valueField = (name: string) =>
    fields.some(
      (f) =>
        f.fieldname === name &&
        !layoutFieldtypes.has(String(f.fieldtype)) &&
        !tableFieldtypes.has(String(f.fieldtype)),
    );
  if (['', 'hash', 'prompt', 'autoincrement'].includes(lower)) return;
  if (lower.startsWith('field:')) {
    const name = autoname.slice(6).trim();
    if (!valueField(name)) throw new ValidationError(`Invalid fieldname '${name}' in autoname`);
    return;
  }
  if (lower.startsWith('naming_series:')) {
    if (!valueField('naming_series'))
      throw new ValidationError('A naming_series field is required for naming_series:');
    return;
  }
  if (lower.startsWith('format:')) {
    const params = [...autoname.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!.trim());
    if (!params.length) throw new ValidationError(`Invalid autoname ${autoname}: no {...} part`);
    for (const param of params) {
      if (/^#+$/.test(param) || dateTokens.has(param) || valueField(param)) continue;
      throw new ValidationError(
        `Invalid autoname ${autoname}: {${param}} is not a field, date part or counter`,
      );
    }
    return;
  }
  if (autoname.includes('#')) {
    if (!autoname.includes('.')) throw new ValidationError(`Invalid naming series (. missing): ${autoname}`);
    return;
  }
  throw new ValidationError(`Invalid naming rule: ${autoname}`);
}

/** Checks `title_field` and `search_fields` name fields of the DocType. */
export function checkListSettings(doc: Doc): void {
  const names = new Set(((doc.fields as Doc[] | undefined) ?? []).map((f) => String(f.fieldname)));
  const title = doc.title_field;
  if (typeof title === 'string' && title && !names.has(title))
    throw new ValidationError(`Title field ${title} must be a fieldname of ${String(doc.name)}`);
  const search = typeof doc.search_fields === 'string' ? doc.search_fields : '';
  for (const name of search
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (name !== 'name' && !names.has(name)) throw new ValidationError(`Search field ${name} is not valid`);
  }
}

/** Adds Frappe's `amended_from` field to a submittable DocType that lacks it (`make_amendable`). */
export function makeAmendable(doc: Doc): void {
  if (!doc.is_submittable) return;
  const fields = (doc.fields as Doc[] | undefined) ?? [];
  if (fields.some((f) => f.fieldname === 'amended_from')) return;
  fields.push({
    doctype: 'DocField',
    fieldname: 'amended_from',
    label: 'Amended From',
    fieldtype: 'Link',
    options: String(doc.name),
    read_only: 1,
    no_copy: 1,
    print_hide: 1,
    search_index: 1,
  });
  doc.fields = fields;
}
