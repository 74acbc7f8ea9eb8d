// Customize Form (Frappe's frappe.custom.doctype.customize_form): a Single that is never saved. The desk fills it
// with one DocType's properties and fields (`fetch_to_customize`), the user edits them, and
// `save_customization` stores only what differs from the DocType as Custom Fields (new fields) and Property
// Setters (changed properties of the DocType and of its standard fields); `reset_to_defaults` removes them.
// Each method runs on the form's copy (`run_doc_method` with `docs`) and answers with the copy reloaded.
import { type DocFieldMeta, type DocTypeMeta, Document, ValidationError } from 'cortado';
import { escapeHtml } from '../../../utils/html_utils.ts';
import {
  allowFieldtypeChange,
  coreDocTypes,
  docfieldProperties,
  doctypeProperties,
  noValueFieldtypes,
  optionsChangeable,
  translatableFieldtypes,
} from './field-rules.ts';

type Row = Record<string, unknown>;
const numericTypes = new Set(['Check', 'Int']);
const rowBookkeeping = {
  doctype: 'Customize Form Field',
  parent: 'Customize Form',
  parentfield: 'fields',
  parenttype: 'Customize Form',
};

export default class CustomizeForm extends Document {
  static override whitelisted = ['fetch_to_customize', 'save_customization', 'reset_to_defaults'];
  declare doc_type: string | undefined;
  declare fields: Row[] | undefined;

  /** Loads the DocType's properties and its fields (with their customizations) onto this form. */
  async fetch_to_customize(): Promise<void> {
    const docType = this.doc_type;
    const doc = this.asDict();
    for (const key of Object.keys(doc)) if (!['doctype', 'doc_type'].includes(key)) delete doc[key];
    this.name = 'Customize Form';
    this.fields = [];
    if (!docType) return;
    const meta = await this.ctx.getMeta(String(docType));
    checkCustomizable(meta);
    for (const [prop, type] of Object.entries(doctypeProperties)) this.set(prop, formValue(type, meta[prop]));
    this.label = '';
    const names = await this.docFieldNames(meta.name);
    this.fields = meta.fields.map((field, i) => {
      const row: Row = {
        ...rowBookkeeping,
        name: field.is_custom_field
          ? field.name
          : (names.get(field.fieldname) ?? `${meta.name}-${field.fieldname}`),
        idx: i + 1,
        fieldname: field.fieldname,
        is_custom_field: field.is_custom_field ? 1 : 0,
        is_system_generated: field.is_system_generated ? 1 : 0,
      };
      for (const [prop, type] of Object.entries(docfieldProperties))
        if (prop !== 'idx') row[prop] = formValue(type, field[prop]);
      return row;
    });
  }

  /** Stores what the form changed (Property Setters, Custom Fields), syncs the table, and reloads the form. */
  async save_customization(): Promise<void> {
    const docType = this.doc_type;
    if (!docType) return;
    const meta = await this.ctx.getMeta(String(docType));
    checkCustomizable(meta);
    const standard = await this.ctx.getMeta(meta.name, { standard: true });
    const rows = this.rows();
    const state = { updateDb: false };
    await this.setPropertySetters(meta, standard, rows, state);
    await this.updateCustomFields(meta, rows, state);
    await this.ctx.validateFields(meta.name);
    if (state.updateDb) await this.ctx.updateDb(meta.name);
    this.ctx.clearCache(meta.name);
    await this.fetch_to_customize();
  }

  /** Removes the DocType's customizations made by users (not those apps made), then reloads the form. */
  async reset_to_defaults(): Promise<void> {
    const docType = this.doc_type;
    if (!docType) return;
    const meta = await this.ctx.getMeta(String(docType));
    checkCustomizable(meta);
    const setters = await this.ctx.getAll<Row>('Property Setter', {
      fields: ['name', 'field_name', 'property', 'is_system_generated'],
      filters: { doc_type: meta.name },
    });
    for (const setter of setters) {
      if (
        setter.field_name === 'naming_series' ||
        setter.property === 'options' ||
        setter.is_system_generated
      )
        continue;
      await this.ctx.delete('Property Setter', String(setter.name));
    }
    const fields = await this.ctx.getAll<{ name: string }>('Custom Field', {
      fields: ['name'],
      filters: { dt: meta.name, is_system_generated: 0 },
    });
    for (const field of fields) await this.ctx.delete('Custom Field', field.name);
    await this.ctx.updateDb(meta.name);
    await this.fetch_to_customize();
  }

  private rows(): Row[] {
    const rows = Array.isArray(this.fields) ? this.fields : [];
    for (const row of rows)
      if (!row || typeof row !== 'object' || Array.isArray(row))
        throw new ValidationError('Each field must be an object');
    return rows;
  }

  // The DocField row names of the DocType's own fields (the form's rows carry them, as Frappe's do).
  private async docFieldNames(docType: string): Promise<Map<string, string>> {
    const definition = await this.ctx.getDoc('DocType', docType);
    const rows = Array.isArray(definition.fields) ? (definition.fields as Row[]) : [];
    return new Map(rows.map((r) => [String(r.fieldname), String(r.name)]));
  }

  private async setPropertySetters(
    meta: DocTypeMeta,
    standard: DocTypeMeta,
    rows: Row[],
    state: { updateDb: boolean },
  ): Promise<void> {
    for (const [prop, type] of Object.entries(doctypeProperties)) {
      if (!same(type, this.get(prop), meta[prop]))
        await this.makePropertySetter(standard, prop, this.get(prop), type);
    }
    await this.setFieldOrder(meta, rows);
    for (const [i, row] of rows.entries()) {
      const field = meta.fields.find((f) => f.fieldname === row.fieldname);
      if (!field || !isStandardOrSystemGenerated(field)) continue;
      const own = standard.fields.find((f) => f.fieldname === field.fieldname);
      for (const [prop, type] of Object.entries(docfieldProperties)) {
        if (prop === 'idx' || same(type, row[prop], field[prop])) continue;
        if (!this.allowPropertyChange(prop, field, own, row, i + 1, state)) continue;
        await this.makePropertySetter(standard, prop, row[prop], type, field.fieldname);
      }
    }
  }

  // Frappe's `field_order` setter: kept only while the form's order differs from the DocType's own.
  private async setFieldOrder(meta: DocTypeMeta, rows: Row[]): Promise<void> {
    const order = rows.map((r) => String(r.fieldname ?? '')).filter(Boolean);
    const standardOrder = meta.fields.filter((f) => !f.is_custom_field).map((f) => f.fieldname);
    const existing = typeof meta.field_order === 'string' ? meta.field_order : undefined;
    if (JSON.stringify(order) === JSON.stringify(standardOrder)) {
      if (existing) await this.deletePropertySetters(meta.name, 'field_order');
      return;
    }
    if (existing === JSON.stringify(order)) return;
    await this.ctx.insert({
      doctype: 'Property Setter',
      doctype_or_field: 'DocType',
      doc_type: meta.name,
      property: 'field_order',
      property_type: 'Data',
      value: JSON.stringify(order),
      is_system_generated: 0,
    });
  }

  // Frappe's `allow_property_change`: what Customize Form may not do to a standard field is skipped.
  private allowPropertyChange(
    prop: string,
    field: DocFieldMeta,
    own: DocFieldMeta | undefined,
    row: Row,
    rowNumber: number,
    state: { updateDb: boolean },
  ): boolean {
    const fieldtype = String(row.fieldtype ?? field.fieldtype);
    switch (prop) {
      case 'fieldtype':
        if (!allowFieldtypeChange(String(field.fieldtype), fieldtype))
          throw new ValidationError(
            `Fieldtype cannot be changed from ${escapeHtml(field.fieldtype)} to ${escapeHtml(fieldtype)} in row ${rowNumber}`,
          );
        state.updateDb = true;
        return true;
      case 'length':
      case 'unique':
        state.updateDb = true;
        return true;
      case 'precision':
        if (Number(row.precision) > 6) state.updateDb = true;
        return true;
      case 'allow_on_submit':
        return !row.allow_on_submit || Boolean(own?.allow_on_submit);
      case 'reqd':
        return !(Number(own?.reqd) === 1 && !Number(row.reqd));
      case 'in_list_view':
        return !(row.in_list_view && fieldtype !== 'Attach Image' && noValueFieldtypes.has(fieldtype));
      case 'read_only':
        return !(!Number(row.read_only) && Number(own?.read_only) === 1);
      case 'options':
        return optionsChangeable.has(fieldtype);
      case 'translatable':
        return translatableFieldtypes.has(fieldtype);
      default:
        return true;
    }
  }

  // Frappe's `make_property_setter`: the old setter goes; a new one is made only when the value differs from
  // the DocType's own, so setting a property back to the standard leaves no setter behind.
  private async makePropertySetter(
    standard: DocTypeMeta,
    prop: string,
    value: unknown,
    type: string,
    fieldname?: string,
  ): Promise<void> {
    await this.deletePropertySetters(standard.name, prop, fieldname);
    const own = fieldname ? standard.fields.find((f) => f.fieldname === fieldname)?.[prop] : standard[prop];
    if (same(type, value, own)) return;
    await this.ctx.insert({
      doctype: 'Property Setter',
      doctype_or_field: fieldname ? 'DocField' : 'DocType',
      doc_type: standard.name,
      field_name: fieldname,
      property: prop,
      property_type: type,
      value:
        value === null || value === undefined
          ? ''
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value),
      is_system_generated: 0,
    });
  }

  private async deletePropertySetters(docType: string, property: string, fieldname?: string): Promise<void> {
    const setters = await this.ctx.getAll<{ name: string }>('Property Setter', {
      fields: ['name'],
      filters: { doc_type: docType, property, field_name: fieldname ?? ['is', 'not set'] },
    });
    for (const setter of setters) await this.ctx.delete('Property Setter', setter.name);
  }

  private async updateCustomFields(
    meta: DocTypeMeta,
    rows: Row[],
    state: { updateDb: boolean },
  ): Promise<void> {
    for (const [i, row] of rows.entries()) {
      if (isStandardOrSystemGenerated(row)) continue;
      const existing = row.fieldname
        ? meta.fields.find((f) => f.fieldname === row.fieldname && f.is_custom_field)
        : undefined;
      if (!existing) {
        await this.addCustomField(meta.name, rows, i);
        state.updateDb = true;
      } else if (!isStandardOrSystemGenerated(existing)) await this.updateCustomField(existing, rows, i);
    }
    const kept = new Set(rows.map((r) => r.fieldname));
    for (const field of meta.fields) {
      if (kept.has(field.fieldname) || isStandardOrSystemGenerated(field)) continue;
      await this.ctx.delete('Custom Field', String(field.name));
    }
  }

  private async addCustomField(docType: string, rows: Row[], i: number): Promise<void> {
    const row = rows[i]!;
    const values: Row = { doctype: 'Custom Field', dt: docType, idx: i };
    for (const prop of Object.keys(docfieldProperties))
      if (prop !== 'idx' && row[prop] !== undefined) values[prop] = row[prop];
    if (row.fieldname) values.fieldname = row.fieldname;
    if (i > 0) values.insert_after = rows[i - 1]!.fieldname;
    const inserted = await this.ctx.insert(values as never);
    row.fieldname = inserted.fieldname;
  }

  private async updateCustomField(field: DocFieldMeta, rows: Row[], i: number): Promise<void> {
    const row = rows[i]!;
    const custom = await this.ctx.getDoc('Custom Field', String(field.name));
    let changed = false;
    for (const [prop, type] of Object.entries(docfieldProperties)) {
      if (prop === 'idx' || same(type, row[prop], custom[prop])) continue;
      custom[prop] = row[prop];
      changed = true;
    }
    const insertAfter = i > 0 ? rows[i - 1]!.fieldname : undefined;
    if (i > 0 && custom.insert_after !== insertAfter) {
      custom.insert_after = insertAfter;
      changed = true;
    }
    // Saved through its controller: a type change is checked and the column follows.
    if (changed) await this.ctx.save(custom);
  }
}

// Frappe's `validate_doctype`: what Customize Form refuses.
function checkCustomizable(meta: DocTypeMeta): void {
  if (coreDocTypes.has(meta.name)) throw new ValidationError('Core DocTypes cannot be customized.');
  if (meta.issingle) throw new ValidationError('Single DocTypes cannot be customized.');
  if (meta.custom)
    throw new ValidationError('Only standard DocTypes are allowed to be customized from Customize Form.');
}

function isStandardOrSystemGenerated(field: Row): boolean {
  return !field.is_custom_field || Boolean(field.is_system_generated);
}

// A property as the form shows it: numbers for Check/Int, else the value or null.
function formValue(type: string, value: unknown): unknown {
  if (numericTypes.has(type)) return Number(value) || 0;
  return value === undefined || value === '' ? null : value;
}

// Whether two values of a property are the same once unset is read as 0 or '' (as the stored meta leaves it out).
function same(type: string, a: unknown, b: unknown): boolean {
  if (numericTypes.has(type)) return (Number(a) || 0) === (Number(b) || 0);
  const text = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return text(a) === text(b);
}
