import type { DocFieldMeta, DocPermMeta, DocTypeMeta } from '../../db/meta.ts';
import { noColumnFieldtypes, tableFieldtypes } from '../../fieldtypes/index.ts';
import { childFields, optionalFields, standardFields } from './standard-fields.ts';
import { isTreeMeta, treeParentField } from './tree.ts';

/**
 * A DocType's meta with the questions the engine asks of it answered once: fields by name, which hold
 * columns, which are child tables or links, permlevels, the title field.
 *
 * @example const meta = new Meta(await loadMeta(db, 'ToDo')); meta.field('status')?.options
 */
export class Meta {
  readonly name: string;
  /** The meta as stored (Frappe's JSON shape). */
  readonly raw: DocTypeMeta;
  readonly fields: readonly DocFieldMeta[];
  readonly permissions: readonly DocPermMeta[];
  /** Fields that hold a column of `tab<DocType>` (not layout, not tables, not virtual). */
  readonly columnFields: readonly DocFieldMeta[];
  /** `Table` and `Table MultiSelect` fields: their options name the child DocType. */
  readonly tableFields: readonly DocFieldMeta[];
  readonly linkFields: readonly DocFieldMeta[];
  readonly dynamicLinkFields: readonly DocFieldMeta[];
  /** Every name a query may use: standard fields (and child/optional ones where they exist) plus column fields. */
  readonly validFieldNames: ReadonlySet<string>;
  /** Documents kept as a nested set (`is_tree` with `lft`, `rgt` and the parent link in place). */
  readonly isTree: boolean;
  /** Whether any field sits above permlevel 0 (field-level permissions apply). */
  readonly hasHighPermlevels: boolean;
  readonly #byName: Map<string, DocFieldMeta>;

  constructor(raw: DocTypeMeta) {
    this.raw = raw;
    this.name = raw.name;
    this.fields = raw.fields ?? [];
    this.permissions = raw.permissions ?? [];
    this.#byName = new Map(this.fields.map((f) => [f.fieldname, f]));
    const standard = new Set<string>(standardFields);
    this.columnFields = this.fields.filter(
      (f) => !noColumnFieldtypes.has(f.fieldtype) && !f.is_virtual && !standard.has(f.fieldname),
    );
    this.tableFields = this.fields.filter((f) => tableFieldtypes.has(f.fieldtype) && f.options);
    this.linkFields = this.fields.filter((f) => f.fieldtype === 'Link' && f.options);
    this.dynamicLinkFields = this.fields.filter((f) => f.fieldtype === 'Dynamic Link' && f.options);
    const valid = new Set<string>(standardFields);
    if (this.isChild) for (const f of childFields) valid.add(f);
    else for (const f of optionalFields) if (f !== '_seen' || raw.track_seen) valid.add(f);
    for (const f of this.columnFields) valid.add(f.fieldname);
    this.validFieldNames = valid;
    this.isTree = isTreeMeta(raw);
    this.hasHighPermlevels = this.fields.some((f) => permlevel(f) > 0);
  }

  get isSingle(): boolean {
    return Boolean(this.raw.issingle);
  }
  get isChild(): boolean {
    return Boolean(this.raw.istable);
  }
  get isSubmittable(): boolean {
    return Boolean(this.raw.is_submittable);
  }
  get isVirtual(): boolean {
    return Boolean(this.raw.is_virtual);
  }
  get trackChanges(): boolean {
    return Boolean(this.raw.track_changes);
  }
  get isCustom(): boolean {
    return Boolean(this.raw.custom);
  }
  /** The parent link of a tree DocType (`nsm_parent_field`, default `parent_<scrubbed name>`). */
  get treeParentField(): string {
    return treeParentField(this.raw);
  }
  /** The naming rule (`autoname`), '' when none (then names are hashes). */
  get autoname(): string {
    return typeof this.raw.autoname === 'string' ? this.raw.autoname.trim() : '';
  }
  /** Frappe's `get_title_field`: `title_field` when it names a field, else `title` when there is one, else `name`. */
  get titleField(): string {
    const declared = this.raw.title_field;
    if (typeof declared === 'string' && this.#byName.has(declared)) return declared;
    return this.#byName.has('title') ? 'title' : 'name';
  }

  /** A field by name, or undefined. Standard fields are not DocFields and give undefined. */
  field(fieldname: string): DocFieldMeta | undefined {
    return this.#byName.get(fieldname);
  }

  /** Whether `fieldname` may be read or filtered on: a standard field or a column field. */
  isValidField(fieldname: string): boolean {
    return this.validFieldNames.has(fieldname);
  }

  /** A field's permlevel (0 for standard fields and fields without one). */
  permlevel(fieldname: string): number {
    const field = this.#byName.get(fieldname);
    return field ? permlevel(field) : 0;
  }

  /** A field's label, or its name when it has none (for messages). */
  label(fieldname: string): string {
    const label = this.#byName.get(fieldname)?.label;
    return typeof label === 'string' && label ? label : fieldname;
  }
}

/** A DocField's permlevel as a number (0 when unset). */
export function permlevel(field: DocFieldMeta): number {
  return Number(field.permlevel) || 0;
}
