// `frappe.client` writes (Frappe's `frappe/client.py`): POST/PUT only (DELETE too for `delete`), as in Frappe.

import { ValidationError } from '../../errors/index.ts';
import { deleteDoc } from '../../model/document/delete.ts';
import type { Doc, DocInput } from '../../model/document/doc.ts';
import { renameDoc } from '../../model/document/rename.ts';
import { saveDoc } from '../../model/document/save.ts';
import { cancelDoc } from '../../model/document/submit.ts';
import { childFields, standardFields } from '../../model/meta/standard-fields.ts';
import { docContextOf } from '../api/doc-context.ts';
import { createDocument, updateChildRow, updateDocument } from '../api/document-ops.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { HttpMethod, MethodRegistry } from '../methods.ts';
import { toFrappeError } from '../to-frappe-error.ts';
import {
  anyParam,
  doctypeParam,
  flagArg,
  listArg,
  nameParam,
  objectArg,
  parseJsonValue,
} from './method-args.ts';

const writes: readonly HttpMethod[] = ['POST', 'PUT'];
const readOnlyFields: ReadonlySet<string> = new Set<string>([...standardFields, ...childFields, 'doctype']);
/** Frappe's cap on `insert_many`. */
export const maxInsertMany = 200;

/**
 * Registers `frappe.client.set_value`, `insert`, `insert_many`, `save`, `delete`, `submit`, `cancel`,
 * `rename_doc` and `bulk_update`. Each write needs the right permission on the document; a failure rolls
 * the whole request back.
 */
export function registerClientWriteMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist(
    'frappe.client.set_value',
    {
      methods: writes,
      params: { doctype: doctypeParam, name: nameParam, fieldname: anyParam, value: anyParam },
    },
    async (ctx, { doctype, name, fieldname, value }) => {
      const values = valuesToSet(fieldname, value);
      const dctx = docContextOf(ctx, model);
      // A child row is saved through its parent, and Frappe answers with the parent.
      if ((await dctx.metas.get(dctx.db, doctype)).isChild)
        return updateChildRow(dctx, doctype, String(name), values);
      return updateDocument(dctx, doctype, String(name), values);
    },
  );

  registry.whitelist(
    'frappe.client.insert',
    { methods: writes, params: { doc: anyParam } },
    async (ctx, { doc }) => {
      const data = document(doc, 'doc');
      return createDocument(docContextOf(ctx, model), data.doctype, data);
    },
  );

  registry.whitelist(
    'frappe.client.insert_many',
    { methods: writes, params: { docs: anyParam } },
    async (ctx, { docs }) => {
      const list = listArg(docs, 'docs');
      if (list.length > maxInsertMany)
        throw new ValidationError(`Only ${maxInsertMany} inserts allowed in one request`);
      const names: unknown[] = [];
      for (const item of list) {
        const data = document(item, 'docs');
        const saved = await createDocument(docContextOf(ctx, model), data.doctype, data);
        names.push(saved.name);
      }
      return names;
    },
  );

  registry.whitelist(
    'frappe.client.save',
    { methods: writes, params: { doc: anyParam } },
    async (ctx, { doc }) => saveDoc(docContextOf(ctx, model), document(doc, 'doc')),
  );

  registry.whitelist(
    'frappe.client.submit',
    { methods: writes, params: { doc: anyParam } },
    async (ctx, { doc }) => saveDoc(docContextOf(ctx, model), { ...document(doc, 'doc'), docstatus: 1 }),
  );

  registry.whitelist(
    'frappe.client.cancel',
    { methods: writes, params: { doctype: doctypeParam, name: nameParam } },
    async (ctx, { doctype, name }) => cancelDoc(docContextOf(ctx, model), doctype, String(name)),
  );

  registry.whitelist(
    'frappe.client.delete',
    { methods: [...writes, 'DELETE'], params: { doctype: doctypeParam, name: nameParam } },
    async (ctx, { doctype, name }) => {
      await deleteDoc(docContextOf(ctx, model), doctype, String(name));
    },
  );

  registry.whitelist(
    'frappe.client.rename_doc',
    {
      methods: writes,
      params: { doctype: doctypeParam, old_name: nameParam, new_name: nameParam, merge: anyParam },
    },
    async (ctx, { doctype, old_name, new_name, merge }) =>
      renameDoc(docContextOf(ctx, model), doctype, String(old_name), String(new_name), {
        merge: flagArg(merge, false),
      }),
  );

  registry.whitelist(
    'frappe.client.bulk_update',
    { methods: writes, params: { docs: { type: 'any', required: true } } },
    async (ctx, { docs }) => {
      const failed: Array<{ doc: unknown; exc: string }> = [];
      for (const item of listArg(docs, 'docs')) {
        try {
          const { doctype, docname, ...fields } = objectArg(item, 'docs');
          if (typeof doctype !== 'string' || (typeof docname !== 'string' && typeof docname !== 'number'))
            throw new ValidationError('Each document needs `doctype` and `docname`');
          await updateDocument(docContextOf(ctx, model), doctype, String(docname), fields);
        } catch (error) {
          // Frappe sends a traceback here; Cortado sends the message only (never server internals).
          failed.push({ doc: item, exc: toFrappeError(error).exceptionLine });
        }
      }
      return { failed_docs: failed };
    },
  );
}

// Frappe's set_value: one field and a value, or a JSON object of fields; standard fields are never set.
function valuesToSet(fieldname: unknown, value: unknown): Record<string, unknown> {
  let values: Record<string, unknown>;
  if (value === undefined || value === null) {
    const parsed = parseJsonValue(fieldname);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      values = parsed as Record<string, unknown>;
    else if (typeof fieldname === 'string') values = { [fieldname]: null };
    else throw new ValidationError('fieldname must be a field name or a JSON object of values');
  } else {
    if (typeof fieldname !== 'string') throw new ValidationError('fieldname must be a field name');
    values = { [fieldname]: value };
  }
  for (const key of Object.keys(values)) {
    if (readOnlyFields.has(key) && key !== 'idx') throw new ValidationError('Cannot edit standard fields');
  }
  return values;
}

function document(value: unknown, param: string): DocInput & Doc {
  const doc = objectArg(value, param);
  if (typeof doc.doctype !== 'string' || doc.doctype === '')
    throw new ValidationError(`${param}: doctype is required`);
  return doc as DocInput & Doc;
}
