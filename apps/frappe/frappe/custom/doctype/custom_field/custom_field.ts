// Custom Field (Frappe's frappe.custom.doctype.custom_field): a field added to any DocType without touching its
// app. Its name is `<DocType>-<fieldname>`; the engine merges it into the DocType's meta after `insert_after`;
// saving it adds or retypes the column (schema sync), deleting it leaves the column and its data, as Frappe does.
import { Document, reservedFieldnames, ValidationError } from 'cortado';
import { bold, escapeHtml } from '../../../utils/html_utils.ts';
import { allowFieldtypeChange, coreDocTypes, translatableFieldtypes } from '../customize_form/field-rules.ts';

const layoutBreaks = new Set(['Section Break', 'Column Break', 'Tab Break']);

export default class CustomField extends Document {
  declare dt: string;
  declare label: string | undefined;
  declare fieldname: string | undefined;
  declare fieldtype: string;
  declare insert_after: string | undefined;
  declare is_virtual: number | undefined;
  declare translatable: number | undefined;

  override autoname(): void {
    this.setFieldname();
    this.name = `${this.dt}-${this.fieldname}`;
  }

  override before_insert(): void {
    this.setFieldname();
  }

  override async validate(): Promise<void> {
    const dt = String(this.dt ?? '');
    if (coreDocTypes.has(dt)) throw new ValidationError('Custom Fields cannot be added to core DocTypes.');
    const before = this.getDocBeforeSave();
    if (before && (before.dt !== this.dt || before.fieldname !== this.fieldname))
      throw new ValidationError("A Custom Field's DocType and fieldname cannot be changed");
    if (!this.fieldname) throw new ValidationError('Fieldname not set for Custom Field');
    if (this.isNew() || this.insert_after === 'append') {
      const fieldnames = (await this.ctx.getMeta(dt)).fields.map((f) => f.fieldname);
      const fieldname = this.fieldname;
      if (this.isNew() && (fieldnames.includes(fieldname) || reservedFieldnames.has(fieldname)))
        throw new ValidationError(
          `A field with the name ${bold(fieldname)} already exists in ${escapeHtml(dt)}`,
        );
      if (this.insert_after === 'append') this.insert_after = fieldnames.at(-1);
      const after = this.insert_after ? fieldnames.indexOf(this.insert_after) : -1;
      if (after >= 0) this.idx = after + 1;
    }
    const oldType = before?.fieldtype;
    if (!this.is_virtual && typeof oldType === 'string' && oldType !== this.fieldtype) {
      if (!allowFieldtypeChange(oldType, String(this.fieldtype)))
        throw new ValidationError(
          `Fieldtype cannot be changed from ${escapeHtml(oldType)} to ${escapeHtml(this.fieldtype)}`,
        );
    }
    if (this.translatable && !translatableFieldtypes.has(String(this.fieldtype))) this.translatable = 0;
  }

  override async on_update(): Promise<void> {
    // The DocType's fields with this one must still hold together; then its table follows.
    this.ctx.clearCache(this.dt);
    await this.ctx.validateFields(this.dt);
    await this.ctx.updateDb(this.dt);
  }

  override async on_trash(): Promise<void> {
    if (this.owner === 'Administrator' && this.ctx.user !== 'Administrator')
      throw new ValidationError(
        `Custom Field ${bold(this.label ?? this.fieldname)} is created by the Administrator and can only be deleted through the Administrator account.`,
      );
    const setters = await this.ctx.getAll<{ name: string }>('Property Setter', {
      fields: ['name'],
      filters: { doc_type: this.dt, field_name: this.fieldname },
    });
    for (const setter of setters)
      await this.ctx.delete('Property Setter', setter.name, { ignorePermissions: true });
    // The column stays with its data (Frappe's trim_table removes it); only the meta changes.
    this.ctx.clearCache(this.dt);
  }

  /** Frappe's `set_fieldname`: from the label (`custom_` + its letters, digits and underscores) when not given. */
  private setFieldname(): void {
    if (!this.fieldname) {
      let label = typeof this.label === 'string' ? this.label.trim() : '';
      if (!label) {
        if (!layoutBreaks.has(String(this.fieldtype))) throw new ValidationError('Label is mandatory');
        label = `${this.fieldtype}_${Math.random().toString(36).slice(2, 7)}`;
      }
      const cleaned = label.replaceAll(' ', '_').replace(/[^A-Za-z0-9_]/g, '');
      this.fieldname = `custom_${cleaned}`;
    }
    this.fieldname = String(this.fieldname).toLowerCase();
  }
}
