// The REST paths of one DocType, v1 (`/api/resource`) and v2 (`/api/v2/document`), as OpenAPI 3.1 path items.
import type { DocTypeMeta } from '../../db/meta.ts';
import { ref, type Schema, schemaName } from './openapi-schemas.ts';

type PathItems = Record<string, Record<string, Schema>>;

const jsonParam = (name: string, description: string): Schema => ({
  name,
  in: 'query',
  description,
  schema: { type: 'string' },
});
const intParam = (name: string, description: string): Schema => ({
  name,
  in: 'query',
  description,
  schema: { type: 'integer', minimum: 0 },
});
const nameParam: Schema = {
  name: 'name',
  in: 'path',
  required: true,
  description: 'The document name (URL-encoded; may contain `/`)',
  schema: { type: 'string' },
};

const listFilters = [
  jsonParam('fields', 'JSON list of fields, or `["*"]` (default `["name"]`)'),
  jsonParam('filters', 'JSON filters: `[[field, op, value]]` or `{field: value}`'),
  jsonParam('or_filters', 'JSON filters joined with OR'),
  jsonParam('order_by', '`field asc|desc`, comma-separated (default `modified desc`)'),
];
const v1List = [
  ...listFilters,
  jsonParam('group_by', 'A field to group by'),
  intParam('limit_start', 'Rows to skip'),
  intParam('limit_page_length', 'Rows to return (default 20; 0 = all)'),
  intParam('limit', 'Alias of `limit_page_length`'),
  { name: 'as_dict', in: 'query', description: 'false: rows as arrays', schema: { type: 'boolean' } },
  { name: 'debug', in: 'query', description: 'Adds `_debug_messages`', schema: { type: 'boolean' } },
];
const v2List = [
  ...listFilters,
  intParam('start', 'Rows to skip'),
  intParam('limit', 'Rows to return (default 20)'),
];

/** The paths of a DocType that can be listed (neither child nor single) or, for a Single, read and written. */
export function doctypePaths(meta: DocTypeMeta): PathItems {
  if (meta.istable) return {};
  const dt = encodeURIComponent(meta.name);
  const id = schemaName(meta.name).replace(/[^A-Za-z0-9_]/g, '_');
  const tags = [meta.name];
  const doc = ref(schemaName(meta.name));
  const input = ref(schemaName(meta.name, 'Input'));
  const v1 = (schema: Schema) => envelope(schema, 'V1Error');
  const v2 = (schema: Schema, extra?: Record<string, Schema>) => envelope(schema, 'V2Error', extra);
  const body = (schema: Schema) => ({ required: true, content: { 'application/json': { schema } } });
  if (meta.issingle) {
    return {
      [`/api/resource/${dt}/${dt}`]: {
        get: op(`v1_get_${id}`, tags, `Read the ${meta.name} settings`, v1(doc)),
        put: {
          ...op(`v1_update_${id}`, tags, `Change ${meta.name} settings`, v1(doc)),
          requestBody: body(input),
        },
      },
    };
  }
  return {
    [`/api/resource/${dt}`]: {
      get: { ...op(`v1_list_${id}`, tags, `List ${meta.name}`, v1(listOf(doc))), parameters: v1List },
      post: { ...op(`v1_insert_${id}`, tags, `Insert a ${meta.name}`, v1(doc)), requestBody: body(input) },
    },
    [`/api/resource/${dt}/{name}`]: {
      parameters: [nameParam] as unknown as Schema,
      get: op(`v1_get_${id}`, tags, `Read a ${meta.name}`, v1(doc)),
      put: {
        ...op(
          `v1_update_${id}`,
          tags,
          `Update a ${meta.name} (send \`modified\` to detect conflicts)`,
          v1(doc),
        ),
        requestBody: body(input),
      },
      delete: op(`v1_delete_${id}`, tags, `Delete a ${meta.name}`, v1({ const: 'ok' }), '202'),
    },
    [`/api/v2/document/${dt}`]: {
      get: {
        ...op(
          `v2_list_${id}`,
          tags,
          `List ${meta.name}`,
          v2(listOf(doc), { has_next_page: { type: 'boolean' } }),
        ),
        parameters: v2List,
      },
      post: { ...op(`v2_insert_${id}`, tags, `Insert a ${meta.name}`, v2(doc)), requestBody: body(input) },
    },
    [`/api/v2/document/${dt}/{name}`]: {
      parameters: [nameParam] as unknown as Schema,
      get: op(`v2_get_${id}`, tags, `Read a ${meta.name}`, v2(doc)),
      patch: { ...op(`v2_patch_${id}`, tags, `Update a ${meta.name}`, v2(doc)), requestBody: body(input) },
      put: { ...op(`v2_put_${id}`, tags, `Update a ${meta.name}`, v2(doc)), requestBody: body(input) },
      delete: op(`v2_delete_${id}`, tags, `Delete a ${meta.name}`, v2({ const: 'ok' }), '202'),
    },
    [`/api/v2/doctype/${dt}/count`]: {
      get: {
        ...op(`v2_count_${id}`, tags, `Count ${meta.name}`, v2({ type: 'integer' })),
        parameters: [listFilters[1]!],
      },
    },
  };
}

function listOf(doc: Schema): Schema {
  return { type: 'array', items: { anyOf: [doc, { type: 'array' }] } };
}

function envelope(data: Schema, error: string, extra: Record<string, Schema> = {}): [Schema, string] {
  return [{ type: 'object', properties: { data, ...extra }, required: ['data'] }, error];
}

function op(
  operationId: string,
  tags: string[],
  summary: string,
  [success, error]: [Schema, string],
  status = '200',
): Schema {
  return {
    operationId,
    tags,
    summary,
    responses: {
      [status]: { description: 'Success', content: { 'application/json': { schema: success } } },
      '403': { $ref: `#/components/responses/${error}` },
      '404': { $ref: `#/components/responses/${error}` },
      '417': { $ref: `#/components/responses/${error}` },
    },
  };
}
