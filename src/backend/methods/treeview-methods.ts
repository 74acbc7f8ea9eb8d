// Tree views (Frappe's `frappe/desk/treeview.py`): a tree DocType's nodes one level at a time, a whole tree,
// and adding a node under a parent.
import { ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../../model/context.ts';
import type { Meta } from '../../model/meta/meta.ts';
import { docContextOf } from '../api/doc-context.ts';
import { createDocument } from '../api/document-ops.ts';
import { listDocs } from '../api/list-query.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { MethodRegistry } from '../methods.ts';
import { anyParam, doctypeParam, flagArg } from './method-args.ts';

/** One node as the tree view shows it. */
interface TreeNode {
  value: string;
  title: string;
  expandable: number;
}

// The most nodes `get_all_nodes` walks: a guard against a cycle left by direct database edits.
const maxNodes = 100_000;

/**
 * Registers `frappe.desk.treeview.get_children`, `get_all_nodes` and `add_node` with Frappe's arguments.
 * Children are read through the list engine, so only nodes the user may read come back (Frappe's current
 * `get_children` skips that check).
 */
export function registerTreeviewMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist(
    'frappe.desk.treeview.get_children',
    { params: { doctype: doctypeParam, parent: { type: 'string' }, include_disabled: anyParam } },
    async (ctx, { doctype, parent, include_disabled }) => {
      const dctx = docContextOf(ctx, model);
      return children(dctx, await treeMeta(dctx, doctype), parent ?? '', flagArg(include_disabled, false));
    },
  );

  registry.whitelist(
    'frappe.desk.treeview.get_all_nodes',
    {
      params: {
        doctype: doctypeParam,
        label: { type: 'string', required: true },
        parent: { type: 'string', required: true },
        tree_method: { type: 'string' },
        include_disabled: anyParam,
      },
    },
    async (ctx, { doctype, label, parent, tree_method, include_disabled }) => {
      if (tree_method && tree_method !== 'frappe.desk.treeview.get_children')
        throw new ValidationError(`Tree method ${tree_method} is not supported`);
      const dctx = docContextOf(ctx, model);
      const meta = await treeMeta(dctx, doctype);
      const disabled = flagArg(include_disabled, false);
      const first = await children(dctx, meta, parent, disabled);
      const out = [{ parent: label, data: first }];
      const pending = first.filter((n) => n.expandable).map((n) => n.value);
      let seen = first.length;
      while (pending.length) {
        const node = pending.pop()!;
        const data = await children(dctx, meta, node, disabled);
        seen += data.length;
        if (seen > maxNodes) throw new ValidationError(`${doctype} has more than ${maxNodes} nodes`);
        out.push({ parent: node, data });
        for (const child of data) if (child.expandable) pending.push(child.value);
      }
      return out;
    },
  );

  registry.whitelist('frappe.desk.treeview.add_node', { methods: ['POST', 'PUT'] }, async (ctx, args) => {
    const { cmd: _cmd, doctype, parent, is_root: _root, ...fields } = args;
    if (typeof doctype !== 'string' || !doctype) throw new ValidationError('doctype is required');
    const dctx = docContextOf(ctx, model);
    const meta = await treeMeta(dctx, doctype);
    const parentField = meta.treeParentField;
    const under = parent ?? fields[parentField];
    // Frappe's tree view sends the DocType's own name as the parent of a root node.
    if (under !== doctype) fields[parentField] = under;
    await createDocument(dctx, doctype, fields);
  });
}

async function treeMeta(dctx: DocContext, doctype: string): Promise<Meta> {
  const meta = await dctx.metas.get(dctx.db, doctype);
  if (!meta.isTree) throw new ValidationError(`${doctype} is not a tree`);
  return meta;
}

// The nodes directly under `parent` ('' for the roots), by name, cancelled ones left out.
async function children(
  dctx: DocContext,
  meta: Meta,
  parent: string,
  includeDisabled: boolean,
): Promise<TreeNode[]> {
  const declared = meta.raw.title_field;
  const title = typeof declared === 'string' && meta.field(declared) ? declared : 'name';
  const filters: unknown[][] = [
    parent === '' ? [meta.treeParentField, 'is', 'not set'] : [meta.treeParentField, '=', parent],
    ['docstatus', '<', 2],
  ];
  if (meta.field('disabled') && !includeDisabled) filters.push(['disabled', '=', 0]);
  const { data } = await listDocs(dctx, {
    doctype: meta.name,
    fields: ['name as value', `${title} as title`, 'is_group as expandable'],
    filters,
    order_by: 'name asc',
    limit_page_length: 0,
    as_dict: 1,
  });
  return data as unknown as TreeNode[];
}
