// Tree DocTypes (`is_tree`): documents kept as a nested set (`lft`/`rgt`), each with a parent link to
// the same DocType (`nsm_parent_field`), `is_group` (only groups may have children) and `old_parent`.
import type { DocFieldMeta, DocTypeMeta } from '../../db/meta.ts';
import { scrub } from './scrub.ts';

/**
 * The fieldname of a tree DocType's parent link: `nsm_parent_field` when set, else Frappe's default
 * `parent_<scrubbed DocType name>`.
 *
 * @example treeParentField({ name: 'Item Group', ... }) // 'parent_item_group'
 */
export function treeParentField(meta: Pick<DocTypeMeta, 'name'> & { nsm_parent_field?: unknown }): string {
  const declared = typeof meta.nsm_parent_field === 'string' ? meta.nsm_parent_field.trim() : '';
  return declared || `parent_${scrub(meta.name)}`;
}

/**
 * The fields Frappe's DocType adds when `is_tree` is set: `lft` and `rgt` (hidden, read only, indexed
 * here for the tree filters), `is_group`, `old_parent` and the parent link.
 */
export function treeFields(doctype: string): DocFieldMeta[] {
  const position = { fieldtype: 'Int', read_only: 1, hidden: 1, no_copy: 1, search_index: 1 } as const;
  return [
    { fieldname: 'lft', label: 'Left', ...position },
    { fieldname: 'rgt', label: 'Right', ...position },
    { fieldname: 'is_group', label: 'Is Group', fieldtype: 'Check' },
    {
      fieldname: 'old_parent',
      label: 'Old Parent',
      fieldtype: 'Link',
      options: doctype,
      read_only: 1,
      hidden: 1,
    },
    {
      fieldname: treeParentField({ name: doctype }),
      label: `Parent ${doctype}`,
      fieldtype: 'Link',
      options: doctype,
    },
  ];
}

/** Whether documents of a DocType are kept as a nested set: `is_tree` with its tree fields in place. */
export function isTreeMeta(meta: DocTypeMeta): boolean {
  if (!meta.is_tree) return false;
  const names = new Set(meta.fields.map((f) => f.fieldname));
  return names.has('lft') && names.has('rgt') && names.has(treeParentField(meta));
}
