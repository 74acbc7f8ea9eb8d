// Apps' whitelisted methods in the OpenAPI document: `/api/method/<path>` with the arguments their `params`
// declare (query parameters for GET, a JSON body otherwise), answered as `{"message": ...}`.
import type { ParamSpec, ParamType, WhitelistedMethod } from '../methods.ts';
import type { Schema } from './openapi-schemas.ts';

const typeSchemas: Record<ParamType, Schema> = {
  string: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  boolean: { type: 'boolean' },
  object: { type: 'object' },
  array: { type: 'array' },
  json: {},
  any: {},
};

/** The JSON schema of one declared parameter (alternatives as `anyOf`). */
export function paramSchema(spec: ParamSpec): Schema {
  const types = typeof spec.type === 'string' ? [spec.type] : spec.type;
  return types.length === 1 ? typeSchemas[types[0]!] : { anyOf: types.map((t) => typeSchemas[t]) };
}

/**
 * The path items of app methods, tagged with their app. A method without `params` takes any arguments.
 *
 * @example methodPaths(registry.list().filter((m) => m.app))
 */
export function methodPaths(methods: readonly WhitelistedMethod[]): Record<string, Schema> {
  const paths: Record<string, Schema> = {};
  for (const method of methods) {
    const params = Object.entries(method.params ?? {});
    const required = params.filter(([, spec]) => spec.required).map(([name]) => name);
    const properties = Object.fromEntries(params.map(([name, spec]) => [name, paramSchema(spec)]));
    const body: Schema = {
      type: 'object',
      properties,
      ...(required.length ? { required } : {}),
      ...(method.params ? { additionalProperties: false } : {}),
    };
    const item: Schema = {};
    for (const http of [...method.methods].sort()) {
      const operation: Schema = {
        operationId: `${http.toLowerCase()}_${method.name.replaceAll('.', '_')}`,
        tags: [method.app ?? 'Methods'],
        summary: method.name,
        ...(method.allowGuest ? { security: [] } : {}),
        responses: {
          '200': {
            description: 'The method’s result',
            content: { 'application/json': { schema: { type: 'object', properties: { message: {} } } } },
          },
          '403': { $ref: '#/components/responses/V1Error' },
          '417': { $ref: '#/components/responses/V1Error' },
        },
      };
      if (http === 'GET')
        operation.parameters = params.map(([name, spec]) => ({
          name,
          in: 'query',
          required: Boolean(spec.required),
          schema: paramSchema(spec),
        }));
      else
        operation.requestBody = {
          required: required.length > 0,
          content: { 'application/json': { schema: body } },
        };
      item[http.toLowerCase()] = operation;
    }
    paths[`/api/method/${method.name}`] = item;
  }
  return paths;
}
