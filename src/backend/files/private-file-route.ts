// Private files (Frappe's `download_private_file`): `GET /private/files/<name>` after a permission check;
// behind the router the file itself goes out through `X-Accel-Redirect` (docs/frontend.md, routing rule 7).
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Bench } from '../../config/bench.ts';
import { DoesNotExistError, PermissionError } from '../../errors/index.ts';
import { contentTypeFor, mediaTypeFor } from '../../mime/content-type.ts';
import { docContextOf } from '../api/doc-context.ts';
import type { ModelServices } from '../api/model-services.ts';
import { contextOf } from '../request-state.ts';
import { runInContext } from '../run-in-context.ts';
import { canDownload } from './file-access.ts';
import { fileExists, filesDir, pathInside } from './file-storage.ts';
import { isActiveContent } from './upload-types.ts';

/**
 * `GET /private/files/<name>`: 403 for Guests and for users who may read no File with that URL; then, when
 * the request carries `X-Use-X-Accel-Redirect` (the router sets it), an empty reply with
 * `X-Accel-Redirect: /protected/private/files/<name>` for the router to serve; otherwise the file streamed
 * directly. HTML, SVG and XML go out as downloads (`application/octet-stream`, attachment, nosniff), never
 * rendered in the site's origin.
 */
export function registerPrivateFileRoute(app: FastifyInstance, model: ModelServices, bench: Bench): void {
  app.get('/private/files/*', async (request, reply) => {
    const ctx = contextOf(request);
    const name = (request.params as { '*': string })['*'];
    const path = await runInContext(ctx, async () => {
      const denied = new PermissionError("You don't have permission to access this file");
      if (ctx.user === 'Guest') throw denied;
      const file = pathInside(filesDir(bench, ctx.site, true), name);
      if (!file || !(await canDownload(docContextOf(ctx, model), `/private/files/${name}`))) throw denied;
      return file;
    });
    reply.header('cache-control', 'private, no-cache');
    reply.header('x-content-type-options', 'nosniff');
    if (isActiveContent(mediaTypeFor(name))) {
      // Downloaded as bytes: no browser runs its scripts in the site's origin, whatever it sniffs.
      reply.header('content-type', 'application/octet-stream');
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(basename(name))}`,
      );
    } else reply.header('content-type', contentTypeFor(name));
    if (request.headers['x-use-x-accel-redirect']) {
      return reply
        .header('x-accel-redirect', `/protected/private/files/${encodeURIComponent(name)}`)
        .send('');
    }
    if (!(await fileExists(path))) throw new DoesNotExistError('File not found');
    return reply.send(createReadStream(path));
  });
}
