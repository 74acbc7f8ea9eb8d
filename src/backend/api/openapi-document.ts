// The whole OpenAPI 3.1 document of a site, from its DocType metas (served at `/api/openapi.json`).
import type { DocTypeMeta } from '../../db/meta.ts';
import type { WhitelistedMethod } from '../methods.ts';
import { methodPaths } from './openapi-methods.ts';
import { doctypePaths } from './openapi-paths.ts';
import { doctypeSchemas, type Schema } from './openapi-schemas.ts';

/** What the document says about where it comes from. */
export interface OpenApiInfo {
  title: string;
  version: string;
  /** The server URL clients should call (`https://erp.example.com`); omitted when unknown. */
  serverUrl?: string;
}

const v1ErrorSchema: Schema = {
  type: 'object',
  description: 'Frappe v1 error envelope',
  properties: {
    exc_type: { type: 'string', examples: ['PermissionError'] },
    exception: { type: 'string' },
    exc: { type: 'string', description: 'JSON string: a list of strings' },
    _server_messages: {
      type: 'string',
      description: 'JSON string: a list of JSON strings {message,title,indicator}',
    },
  },
  required: ['exc_type', 'exception', 'exc', '_server_messages'],
};

const v2ErrorSchema: Schema = {
  type: 'object',
  description: 'Frappe v2 error envelope',
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          message: { type: 'string' },
          title: { type: 'string' },
          indicator: { type: 'string' },
        },
      },
    },
    messages: { type: 'array' },
  },
  required: ['errors'],
};

const securitySchemes: Schema = {
  token: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: "`token <api_key>:<api_secret>` (keys from the user's API Access settings)",
  },
  basic: { type: 'http', scheme: 'basic', description: 'HTTP Basic with `<api_key>:<api_secret>`' },
  cookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'sid',
    description:
      'Session cookie from `POST /api/method/login`; unsafe methods also need `X-Frappe-CSRF-Token`',
  },
};

const fixedPaths: Record<string, Schema> = {
  '/api/method/login': {
    post: {
      operationId: 'login',
      tags: ['Session'],
      summary: 'Start a session (sets the `sid` cookie)',
      security: [],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: { usr: { type: 'string' }, pwd: { type: 'string' } },
              required: ['usr', 'pwd'],
            },
          },
        },
      },
      responses: {
        '200': { description: 'Logged in', content: { 'application/json': { schema: { type: 'object' } } } },
        '401': { $ref: '#/components/responses/V1Error' },
      },
    },
  },
  '/api/method/frappe.auth.get_logged_user': {
    get: {
      operationId: 'get_logged_user',
      tags: ['Session'],
      summary: 'The current user',
      responses: {
        '200': {
          description: 'The user',
          content: {
            'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } } },
          },
        },
        '403': { $ref: '#/components/responses/V1Error' },
      },
    },
  },
};

/**
 * The OpenAPI 3.1 document for `metas` (the DocTypes one user may read): a schema pair per DocType and the
 * v1/v2 list, get, insert, update and delete paths of each listable one; `methods` (apps' whitelisted methods on
 * the site) with their declared arguments. Pure: same input, same document.
 *
 * @example const doc = buildOpenApi(metas, { title: 'erp.example.com', version: '1' });
 */
export function buildOpenApi(
  metas: readonly DocTypeMeta[],
  info: OpenApiInfo,
  methods: readonly WhitelistedMethod[] = [],
): Schema {
  const sorted = [...metas].sort((a, b) => a.name.localeCompare(b.name));
  const schemas: Record<string, Schema> = { V1Error: v1ErrorSchema, V2Error: v2ErrorSchema };
  const paths: Record<string, Schema> = { ...fixedPaths };
  const tags: Schema[] = [{ name: 'Session' }];
  for (const meta of sorted) {
    Object.assign(schemas, doctypeSchemas(meta));
    const items = doctypePaths(meta);
    if (Object.keys(items).length) tags.push({ name: meta.name });
    Object.assign(paths, items);
  }
  const apps = new Set(methods.map((m) => m.app ?? 'Methods'));
  for (const app of [...apps].sort()) tags.push({ name: app });
  Object.assign(paths, methodPaths(methods));
  const error = (schema: string) => ({
    description: 'Error',
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
  });
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    security: [{ token: [] }, { basic: [] }, { cookie: [] }],
    tags,
    paths,
    components: {
      schemas,
      securitySchemes,
      responses: { V1Error: error('V1Error'), V2Error: error('V2Error') },
    },
  };
}
