// JSON Schemas (OpenAPI 3.1 dialect) of a DocType's documents: what GET returns and what POST/PUT accept.
import type { DocTypeMeta } from '../../db/meta.ts';
import { type FieldValue, requiredOnInsert, valueFields } from './field-values.ts';

/** A JSON Schema object. */
export type Schema = Record<string, unknown>;

/** The component name of a DocType's schema: `ToDo`, `Has_Role` (components allow `[A-Za-z0-9._-]`). */
export function schemaName(doctype: string, suffix = ''): string {
  return `${doctype.replace(/[^A-Za-z0-9._-]/g, '_')}${suffix}`;
}

/** A `$ref` to a component schema. */
export function ref(name: string): Schema {
  return { $ref: `#/components/schemas/${name}` };
}

/**
 * The two schemas of a DocType: `<Name>` (a document as read: standard fields, own fields, child rows) and
 * `<Name>Input` (what an insert or update may send: own fields; mandatory ones without default required).
 */
export function doctypeSchemas(meta: DocTypeMeta): Record<string, Schema> {
  const own: Record<string, Schema> = {};
  const input: Record<string, Schema> = {};
  const required: string[] = [];
  for (const { field, value } of valueFields(meta)) {
    const schema = valueSchema(value, field.reqd ? 'required' : 'optional');
    if (typeof field.label === 'string' && field.label) schema.title = field.label;
    if (typeof field.description === 'string' && field.description) schema.description = field.description;
    if (field.read_only) schema.readOnly = true;
    own[field.fieldname] = schema;
    if (!field.read_only) input[field.fieldname] = schema;
    if (requiredOnInsert(field)) required.push(field.fieldname);
  }
  const doc: Schema = {
    type: 'object',
    title: meta.name,
    properties: { ...standardProperties(Boolean(meta.istable)), doctype: { const: meta.name }, ...own },
    required: meta.issingle ? ['doctype'] : ['name', 'doctype', 'docstatus'],
  };
  if (typeof meta.description === 'string' && meta.description) doc.description = meta.description;
  const write: Schema = { type: 'object', title: `${meta.name} (input)`, properties: input };
  if (required.length) write.required = required;
  return { [schemaName(meta.name)]: doc, [schemaName(meta.name, 'Input')]: write };
}

function valueSchema(value: FieldValue, presence: 'required' | 'optional'): Schema {
  // Optional values are omitted when null, but clients may send null to clear them.
  const nullable = (type: string) => (presence === 'optional' ? [type, 'null'] : type);
  switch (value.kind) {
    case 'string': {
      const schema: Schema = { type: nullable('string') };
      if (value.format) schema.format = value.format;
      if (value.maxLength) schema.maxLength = value.maxLength;
      return schema;
    }
    case 'integer':
      return { type: 'integer' };
    case 'number':
      return { type: 'number' };
    case 'check':
      return { type: 'integer', enum: [0, 1] };
    case 'select':
      return {
        type: nullable('string'),
        enum: presence === 'optional' ? [...value.options, null] : value.options,
      };
    case 'json':
      return {};
    case 'table':
      return { type: 'array', items: ref(schemaName(value.child)) };
  }
}

function standardProperties(child: boolean): Record<string, Schema> {
  const datetime = { type: 'string', description: '`YYYY-MM-DD HH:MM:SS.ffffff`', readOnly: true };
  const props: Record<string, Schema> = {
    name: { type: 'string', maxLength: 140 },
    owner: { type: 'string', readOnly: true },
    creation: datetime,
    modified: {
      ...datetime,
      readOnly: false,
      description: `${datetime.description}; send it back to detect conflicts`,
    },
    modified_by: { type: 'string', readOnly: true },
    docstatus: { type: 'integer', enum: [0, 1, 2], description: '0 draft, 1 submitted, 2 cancelled' },
    idx: { type: 'integer' },
  };
  if (child) for (const key of ['parent', 'parentfield', 'parenttype']) props[key] = { type: 'string' };
  return props;
}
