// Rule 7: Frappe answers a private file download with `X-Accel-Redirect: /protected/<path>` after
// checking permissions; the router then sends `sites/<site>/<path>` itself, so big files never pass
// through the Python/Node worker. `/protected/` is otherwise unreachable (rule 2).
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { RequestContext } from './context.ts';
import { sendError } from './error-pages.ts';
import type { FileCache } from './file-cache.ts';
import { serveFile } from './static-files.ts';
import { normalizePath } from './url-path.ts';

const PREFIX = '/protected/';
// What nginx keeps from the backend's response when it follows X-Accel-Redirect.
const KEPT = ['content-disposition', 'cache-control', 'expires', 'set-cookie'] as const;

/**
 * The file an X-Accel-Redirect value points to, relative to the site folder (`/private/files/a.pdf`),
 * or undefined when it is not under `/protected/` or climbs out of it.
 *
 * @example protectedPath('/protected/private/files/a%20b.pdf') // '/private/files/a b.pdf'
 */
export function protectedPath(target: string): string | undefined {
  const q = target.indexOf('?');
  const path = normalizePath(q < 0 ? target : target.slice(0, q));
  if (!path?.startsWith(PREFIX) || path.length === PREFIX.length) return undefined;
  return path.slice(PREFIX.length - 1);
}

/**
 * Answers `ctx` with the file the backend designated, keeping the backend's Content-Type,
 * Content-Disposition, Cache-Control, Expires and Set-Cookie; Range and conditional requests work.
 */
export async function serveAccel(
  ctx: RequestContext,
  sitesPath: string,
  target: string,
  backendHeaders: IncomingHttpHeaders,
  files: FileCache,
): Promise<void> {
  const https = ctx.client.proto === 'https';
  const relative = protectedPath(target);
  const method = ctx.req.method;
  if (relative !== undefined && (method === 'GET' || method === 'HEAD')) {
    const extra: string[] = [];
    for (const name of KEPT) {
      const value = backendHeaders[name];
      if (typeof value === 'string') extra.push(name, value);
      else if (Array.isArray(value)) for (const v of value) extra.push(name, v);
    }
    const contentType = backendHeaders['content-type'];
    const served = await serveFile(ctx.req, ctx.res, join(sitesPath, ctx.site, relative), {
      files,
      https,
      extra,
      contentType: typeof contentType === 'string' ? contentType : undefined,
    });
    if (served) return;
  }
  sendError(ctx.res, 404, { path: ctx.path, https, head: ctx.head });
}
