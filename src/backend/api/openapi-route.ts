// `GET /api/openapi.json`: the site's REST API as OpenAPI 3.1, for the DocTypes the caller may read.
import type { FastifyInstance } from 'fastify';
import type { DocTypeMeta } from '../../db/meta.ts';
import type { DocContext } from '../../model/context.ts';
import type { Meta } from '../../model/meta/meta.ts';
import { hasPermission } from '../../model/permissions/has-permission.ts';
import { getRoles } from '../../model/permissions/roles.ts';
import type { MethodRegistry, WhitelistedMethod } from '../methods.ts';
import type { RequestContext } from '../request-context.ts';
import { contextOf } from '../request-state.ts';
import { runInContext } from '../run-in-context.ts';
import { docContextOf } from './doc-context.ts';
import type { ModelServices } from './model-services.ts';
import type { OpenApiCache } from './openapi-cache.ts';
import { buildOpenApi } from './openapi-document.ts';

/**
 * The metas a user may see in the API document: every DocType they may read (or select), plus the child
 * DocTypes those use (their rows appear inside documents).
 */
export async function readableMetas(dctx: DocContext): Promise<DocTypeMeta[]> {
  const q = dctx.db.dialect.quote;
  const rows = await dctx.db.all<{ name: string }>(
    `SELECT ${q('name')} FROM ${q('tabDocType')} ORDER BY ${q('name')}`,
  );
  const chosen = new Map<string, Meta>();
  const children = new Set<string>();
  for (const { name } of rows) {
    const meta = await dctx.metas.find(dctx.db, name);
    if (!meta || meta.isChild || meta.isVirtual) continue;
    if (!(await hasPermission(dctx, meta, 'read')) && !(await hasPermission(dctx, meta, 'select'))) continue;
    chosen.set(meta.name, meta);
    for (const table of meta.tableFields) children.add(table.options!);
  }
  for (const child of children) {
    const meta = await dctx.metas.find(dctx.db, child);
    if (meta) chosen.set(meta.name, meta);
  }
  return [...chosen.values()].map((m) => m.raw);
}

/**
 * Registers `GET /api/openapi.json` (Cortado's addition to Frappe's API): generated from the site's live
 * meta for the caller's roles, cached per site and role set, rebuilt when metas change.
 */
export function registerOpenApiRoute(
  app: FastifyInstance,
  model: ModelServices,
  cache: OpenApiCache,
  methods: MethodRegistry,
): void {
  app.get('/api/openapi.json', async (request, reply) => {
    const ctx = contextOf(request);
    const text = await runInContext(ctx, async () => {
      const dctx = docContextOf(ctx, model);
      const profile =
        ctx.user === 'Administrator' ? 'Administrator' : [...(await getRoles(dctx))].sort().join('\x1e');
      // Never from the Host header: a hostile one would be served back (and would grow the cache).
      const serverUrl = serverUrlOf(ctx.config.host_name);
      return cache.get(ctx.site, `${profile}\x1f${serverUrl ?? ''}`, async () =>
        JSON.stringify(
          buildOpenApi(
            await readableMetas(dctx),
            { title: `${ctx.site} REST API`, version: '1.0.0', serverUrl },
            await appMethodsOn(ctx, methods),
          ),
        ),
      );
    });
    return reply
      .type('application/json; charset=utf-8')
      .header('cache-control', 'private, no-cache')
      .send(text);
  });
}

/** Apps' whitelisted methods that answer on the request's site (a Guest sees the guest ones). */
async function appMethodsOn(ctx: RequestContext, registry: MethodRegistry): Promise<WhitelistedMethod[]> {
  const out: WhitelistedMethod[] = [];
  for (const method of registry.list()) {
    if (!method.app || (ctx.user === 'Guest' && !method.allowGuest)) continue;
    if (!method.availableOn || (await method.availableOn(ctx))) out.push(method);
  }
  return out;
}

/**
 * The document's server URL: the site config's `host_name` (Frappe's public URL of the site, `http://` assumed
 * without a scheme, as Frappe does). Without one the document names no server, which OpenAPI reads as
 * "relative to where this document was fetched".
 *
 * @example serverUrlOf('erp.example.com') // 'http://erp.example.com'
 */
export function serverUrlOf(hostName: string | undefined): string | undefined {
  const value = hostName?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(/^https?:\/\//i.test(value) ? value : `http://${value}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
