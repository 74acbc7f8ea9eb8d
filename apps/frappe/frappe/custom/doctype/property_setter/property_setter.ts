// Property Setter (Frappe's frappe.custom.doctype.property_setter): one property of a DocType, or of one of its
// fields, overridden for this site; the engine applies it when the meta loads. Named
// `<DocType>-<field or 'main'>-<property>`, so a DocType has one setter per property.
import { Document, ValidationError } from 'cortado';
import { bold, escapeHtml } from '../../../utils/html_utils.ts';
import { coreDocTypes } from '../customize_form/field-rules.ts';

// Properties that would change what a DocType is or how its rows are stored, not how it behaves: never set.
const fixedDocTypeProperties = new Set([
  'name',
  'module',
  'custom',
  'issingle',
  'istable',
  'is_virtual',
  'is_tree',
  'nsm_parent_field',
  'fields',
  'permissions',
  'doctype',
]);
const fixedFieldProperties = new Set([
  'name',
  'fieldname',
  'parent',
  'parentfield',
  'parenttype',
  'doctype',
  'idx',
]);
// Field properties whose change alters the table: the table follows them.
const schemaProperties = new Set([
  'fieldtype',
  'length',
  'unique',
  'search_index',
  'precision',
  'is_virtual',
  'default',
]);
const propertyPattern = /^[a-z_][a-z0-9_]*$/;

export default class PropertySetter extends Document {
  declare doc_type: string;
  declare doctype_or_field: string;
  declare field_name: string | undefined;
  declare row_name: string | undefined;
  declare property: string;
  declare property_type: string | undefined;
  declare value: string | undefined;

  override autoname(): void {
    this.name = `${this.doc_type}-${this.field_name || this.row_name || 'main'}-${this.property}`;
  }

  override async validate(): Promise<void> {
    const docType = String(this.doc_type ?? '');
    const property = String(this.property ?? '');
    if (coreDocTypes.has(docType)) throw new ValidationError('Core DocTypes cannot be customized.');
    if (this.doctype_or_field !== 'DocType' && this.doctype_or_field !== 'DocField')
      throw new ValidationError(
        `Property Setters on ${escapeHtml(this.doctype_or_field)} are not supported: set them on the DocType or a field`,
      );
    const onField = this.doctype_or_field === 'DocField';
    const fixed = onField ? fixedFieldProperties : fixedDocTypeProperties;
    if (!propertyPattern.test(property) || fixed.has(property))
      throw new ValidationError(`Property ${bold(property)} cannot be set by a Property Setter`);
    if (onField) {
      const fieldName = String(this.field_name ?? '');
      const meta = await this.ctx.getMeta(docType);
      if (!meta.fields.some((f) => f.fieldname === fieldName))
        throw new ValidationError(`Field ${bold(fieldName)} does not exist in ${escapeHtml(docType)}`);
      if (property === 'fieldtype' && fieldName === 'naming_series')
        throw new ValidationError(`Field type cannot be changed for ${fieldName}`);
    } else {
      this.field_name = undefined;
      await this.ctx.getMeta(docType);
    }
    if (!this.property_type) this.property_type = 'Data';
    if (this.isNew()) {
      // One setter per property: a new one replaces the one before it.
      const filters: Record<string, unknown> = { doc_type: docType, property };
      filters.field_name = this.field_name ? this.field_name : ['is', 'not set'];
      if (this.row_name) filters.row_name = this.row_name;
      const existing = await this.ctx.getAll<{ name: string }>('Property Setter', {
        fields: ['name'],
        filters,
      });
      for (const row of existing)
        await this.ctx.delete('Property Setter', row.name, { ignorePermissions: true });
    }
    this.ctx.clearCache(docType);
  }

  override async on_update(): Promise<void> {
    await this.ctx.validateFields(this.doc_type);
    if (this.changesTable()) await this.ctx.updateDb(this.doc_type);
  }

  override on_trash(): void {
    this.ctx.clearCache(this.doc_type);
  }

  override async after_delete(): Promise<void> {
    if (this.changesTable() && (await this.ctx.exists('DocType', this.doc_type)))
      await this.ctx.updateDb(this.doc_type);
  }

  private changesTable(): boolean {
    return this.doctype_or_field === 'DocField' && schemaProperties.has(String(this.property));
  }
}
