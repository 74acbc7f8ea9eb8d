import { MandatoryError, ValidationError } from '../../errors/index.ts';
import type { Doc } from '../../model/document/doc.ts';
import { treeFields, treeParentField } from '../../model/meta/tree.ts';

/**
 * Frappe's `validate_nestedset`: a DocType with `is_tree` gets the tree fields it lacks (`lft`, `rgt`,
 * `is_group`, `old_parent`, `parent_<name>`), `nsm_parent_field` defaults to that parent link, and the
 * parent field must be a Link to the DocType itself.
 */
export function makeTree(doc: Doc): void {
  if (!doc.is_tree) return;
  const name = String(doc.name);
  const fields = (doc.fields as Doc[] | undefined) ?? [];
  const has = (fieldname: string) => fields.some((f) => f.fieldname === fieldname);
  const added = !has('lft');
  for (const field of treeFields(name))
    if (!has(field.fieldname)) fields.push({ doctype: 'DocField', ...field });
  doc.fields = fields;
  const declared = typeof doc.nsm_parent_field === 'string' ? doc.nsm_parent_field.trim() : '';
  if (!declared && added) doc.nsm_parent_field = treeParentField({ name });
  const parentField = typeof doc.nsm_parent_field === 'string' ? doc.nsm_parent_field.trim() : '';
  if (!parentField) throw new MandatoryError('Parent Field (Tree) is a mandatory field');
  const link = fields.find((f) => f.fieldname === parentField);
  if (!link) throw new ValidationError('Parent Field must be a valid fieldname');
  if (link.fieldtype !== 'Link' || link.options !== name)
    throw new ValidationError(`Parent Field ${parentField} must be a Link to ${name}`);
}
