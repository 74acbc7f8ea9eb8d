// A request's uploads and the files it wrote: multipart bodies are parsed into form fields (the request's
// arguments) and file parts (kept here for `upload_file`); files written by a request that then fails are
// removed again, so a rolled-back upload leaves nothing on disk.
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors/index.ts';
import type { RequestContext } from '../request-context.ts';
import { removeFile } from './file-storage.ts';
import { boundaryOf, parseMultipart, type UploadedFile } from './multipart.ts';

const requestUploads = new WeakMap<FastifyRequest, UploadedFile[]>();
const contextUploads = new WeakMap<RequestContext, UploadedFile[]>();
const written = new WeakMap<RequestContext, string[]>();

/** The file parts of the request's multipart body (none for other bodies). */
export function uploadsOf(ctx: RequestContext): readonly UploadedFile[] {
  return contextUploads.get(ctx) ?? [];
}

/** Records a file the request wrote: it is deleted if the request fails (its transaction rolled back). */
export function removeOnFailure(ctx: RequestContext, path: string): void {
  const paths = written.get(ctx) ?? [];
  paths.push(path);
  written.set(ctx, paths);
}

/**
 * Parses `multipart/form-data` bodies (within the server's body limit): text fields become the body, and so
 * the request's arguments; file parts are held for `uploadsOf`. Installs the cleanup of failed uploads.
 */
export function registerMultipart(app: FastifyInstance): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const boundary = boundaryOf(request.headers['content-type']);
      if (!boundary) throw new ValidationError('Invalid multipart body: no boundary');
      const { fields, files } = parseMultipart(body as Buffer, boundary);
      requestUploads.set(request, files);
      done(null, fields);
    } catch (error) {
      done(error as Error);
    }
  });
  // Both hooks run on every request: callback-style, they cost no promise on the requests without uploads.
  // The first runs after the backend's own preHandler built `request.ctx` (hooks run in registration order).
  app.addHook('preHandler', (request, _reply, done) => {
    const files = requestUploads.get(request);
    if (files && request.ctx) contextUploads.set(request.ctx, files);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const paths = request.ctx ? written.get(request.ctx) : undefined;
    if (paths && reply.statusCode >= 400) void removeAll(paths, request.log);
    done();
  });
}

async function removeAll(paths: readonly string[], log: FastifyBaseLogger): Promise<void> {
  for (const path of paths)
    await removeFile(path).catch((error) => log.error({ err: error }, 'cleanup failed'));
}
