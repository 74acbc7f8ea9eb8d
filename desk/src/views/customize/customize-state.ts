// Customize Form's model: the `Customize Form` Single as Frappe's doc methods fill and read it
// (`fetch_to_customize`, `save_customization`, `reset_to_defaults` through `run_doc_method`), edited as the
// DocType builder edits a DocType: field rows, naming rule, title, sort and search fields.
import { api } from '../../api/client.ts';
import type { Doc } from '../../model/types.ts';
import {
  autonameOf,
  type BuilderField,
  fieldRowOf,
  fieldsOf,
  namingOf,
  validateFields,
  validateNaming,
} from '../builder/builder-state.ts';

export interface CustomizeModel {
  doc_type: string;
  naming_rule: string;
  naming_param: string;
  title_field: string;
  sort_field: string;
  sort_order: 'ASC' | 'DESC';
  search_fields: string;
  fields: BuilderField[];
  /** The Customize Form document as the server sent it (its other properties are sent back unchanged). */
  original: Doc;
}

/** Runs a Customize Form doc method on `doc` (Frappe's `frm.call` → `run_doc_method`); the document it leaves. */
async function runMethod(doc: Doc, method: string): Promise<Doc> {
  const reply = await api<{ docs?: Doc[] }>('POST', '/api/method/run_doc_method', {
    body: { docs: JSON.stringify(doc), method },
  });
  const next = reply.docs?.[0];
  if (!next) throw new Error(`${method} returned no document`);
  return next;
}

const blank = (docType: string): Doc => ({
  doctype: 'Customize Form',
  name: 'Customize Form',
  doc_type: docType,
});

/** The Customize Form of `docType`: its properties and fields as the site has them now. */
export function fetchToCustomize(docType: string): Promise<Doc> {
  return runMethod(blank(docType), 'fetch_to_customize');
}

/** Saves the customizations (Custom Fields and Property Setters); resolves with the form fetched again. */
export function saveCustomization(doc: Doc): Promise<Doc> {
  return runMethod(doc, 'save_customization');
}

/** Removes every customization of `docType`; resolves with the form fetched again. */
export function resetToDefaults(docType: string): Promise<Doc> {
  return runMethod(blank(docType), 'reset_to_defaults');
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** The editable model of a fetched Customize Form. */
export function customizeModelOf(doc: Doc): CustomizeModel {
  const naming = namingOf(doc);
  return {
    doc_type: text(doc.doc_type),
    naming_rule: naming.rule,
    naming_param: naming.param,
    title_field: text(doc.title_field),
    sort_field: text(doc.sort_field) || 'modified',
    sort_order: text(doc.sort_order).toUpperCase() === 'ASC' ? 'ASC' : 'DESC',
    search_fields: text(doc.search_fields),
    fields: fieldsOf(doc.fields as Doc[] | undefined),
    original: doc,
  };
}

/** An app's own field (not a Custom Field): Customize Form may change its properties, not remove it. */
export function isStandardField(field: BuilderField): boolean {
  return Boolean(field.original && !Number(field.original.is_custom_field ?? 0));
}

/** The Customize Form document to save. New rows are Custom Fields, named by the server from their label. */
export function customizeDocOf(model: CustomizeModel): Doc {
  const doc: Doc = {
    ...model.original,
    doctype: 'Customize Form',
    name: 'Customize Form',
    doc_type: model.doc_type,
    ...namingToSave(model),
    title_field: model.title_field || null,
    sort_field: model.sort_field,
    sort_order: model.sort_order,
    search_fields: model.search_fields.trim() || null,
    fields: model.fields.map((f, i) => {
      const row = fieldRowOf(f, i, 'Customize Form Field');
      row.is_custom_field = f.original ? Number(f.original.is_custom_field ?? 0) : 1;
      row.parent = 'Customize Form';
      row.parenttype = 'Customize Form';
      row.parentfield = 'fields';
      for (const key of Object.keys(row)) if (row[key] === undefined) delete row[key];
      return row;
    }),
  };
  return doc;
}

// The naming as it came unless it was changed: an `autoname` spelt differently (`''` for `hash`) would
// otherwise become a Property Setter nobody asked for.
function namingToSave(model: CustomizeModel): Record<string, unknown> {
  const before = namingOf(model.original);
  if (before.rule === model.naming_rule && before.param === model.naming_param) return {};
  return { naming_rule: model.naming_rule, autoname: autonameOf(model.naming_rule, model.naming_param) };
}

/** Problems by key (`naming`, `fields.<i>.<prop>`). */
export function validateCustomize(model: CustomizeModel): Record<string, string> {
  const errors: Record<string, string> = {};
  const named = validateFields(model.fields, errors, true);
  validateNaming(model.naming_rule, model.naming_param, named, errors);
  return errors;
}
