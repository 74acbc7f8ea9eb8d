import { ValidationError } from '../../errors/index.ts';
import {
  fieldtypes,
  layoutFieldtypes,
  tableFieldtypes,
  unindexableFieldtypes,
} from '../../fieldtypes/index.ts';
import type { DocContext } from '../../model/context.ts';
import type { Doc } from '../../model/document/doc.ts';
import { reservedFieldnames } from '../../model/meta/standard-fields.ts';
import { checkFetchFrom } from './doctype-fetch-from.ts';

const fieldnamePattern = /^[a-z][a-z0-9_]*$/;
const maxFieldnameLength = 64;

/**
 * Checks and tidies the fields of a DocType document (Frappe's `scrub_field_names` and `validate_fields`):
 * a missing fieldname comes from the label; fieldnames are lowercase `^[a-z][a-z0-9_]*$`, at most 64
 * characters, unique, and not standard or reserved names; fieldtypes are known; Link options name an existing
 * DocType (or this one), Table options a child DocType; a Dynamic Link's options name a Link-to-DocType or
 * Select field of this DocType; text types cannot be unique; a child DocType holds no tables; `fetch_from`
 * paths lead somewhere.
 */
export async function checkFields(ctx: DocContext, doc: Doc): Promise<void> {
  const fields = (doc.fields as Doc[] | undefined) ?? [];
  const seen = new Set<string>();
  fields.forEach((field, i) => {
    if (!field.fieldname) field.fieldname = derivedFieldname(field, i + 1);
    field.fieldname = String(field.fieldname).trim();
  });
  const byName = new Map(fields.map((f) => [String(f.fieldname), f]));
  for (const field of fields) {
    const name = String(field.fieldname);
    const type = String(field.fieldtype ?? '');
    const label = typeof field.label === 'string' && field.label ? field.label : name;
    if (!fieldnamePattern.test(name) || name.length > maxFieldnameLength) {
      throw new ValidationError(
        `Fieldname ${name} is not valid: use lowercase letters, digits and underscores, starting with a letter (at most ${maxFieldnameLength})`,
      );
    }
    if (reservedFieldnames.has(name)) throw new ValidationError(`Fieldname ${name} is restricted`);
    if (seen.has(name)) throw new ValidationError(`Fieldname ${name} appears multiple times`);
    seen.add(name);
    if (!fieldtypes.has(type)) throw new ValidationError(`Fieldtype ${type} of ${label} is not valid`);
    const options = typeof field.options === 'string' ? field.options.trim() : '';
    if (type === 'Link') await checkLinkTarget(ctx, doc, label, options);
    if (tableFieldtypes.has(type)) await checkTableTarget(ctx, doc, label, options);
    if (type === 'Dynamic Link') {
      const pointer = byName.get(options);
      const ok =
        pointer &&
        (pointer.fieldtype === 'Select' || (pointer.fieldtype === 'Link' && pointer.options === 'DocType'));
      if (!ok) {
        throw new ValidationError(
          `Options of Dynamic Link ${label} must name another field of this DocType: a Link with options 'DocType'`,
        );
      }
    }
    if (
      field.unique &&
      (unindexableFieldtypes.has(type) || layoutFieldtypes.has(type) || tableFieldtypes.has(type))
    )
      throw new ValidationError(`Fieldtype ${type} for ${label} cannot be unique`);
    if (field.unique) field.search_index = 0;
  }
  await checkFetchFrom(ctx, doc, fields);
}

/** The fieldname Frappe derives from a label (or from the type and position when there is no label). */
function derivedFieldname(field: Doc, position: number): string {
  const type = String(field.fieldtype ?? 'Data');
  if (typeof field.label === 'string' && field.label.trim()) {
    let name = field.label
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9_ ]/g, '')
      .replace(/ +/g, '_');
    if (reservedFieldnames.has(name)) name = `${name}1`;
    if (type === 'Section Break') name += '_section';
    else if (type === 'Column Break') name += '_column';
    else if (type === 'Tab Break') name += '_tab';
    return name;
  }
  return `${type.toLowerCase().replaceAll(' ', '_')}_${position}`;
}

async function checkLinkTarget(ctx: DocContext, doc: Doc, label: string, options: string): Promise<void> {
  if (!options) throw new ValidationError(`Options required for Link field ${label}`);
  if (options === doc.name) return;
  if (!(await ctx.metas.find(ctx.db, options))) {
    throw new ValidationError(
      `Options for Link field ${label} must name an existing DocType, not ${options}`,
    );
  }
}

async function checkTableTarget(ctx: DocContext, doc: Doc, label: string, options: string): Promise<void> {
  if (doc.istable)
    throw new ValidationError(`Child table ${String(doc.name)} cannot have table fields (${label})`);
  const child = options ? await ctx.metas.find(ctx.db, options) : undefined;
  if (!child?.isChild) {
    throw new ValidationError(
      `Options for Table field ${label} must name a child DocType, not ${options || '(none)'}`,
    );
  }
}
