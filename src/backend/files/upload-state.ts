// A request's uploads and the files it wrote: multipart bodies are read as they stream in (text fields
// become the request's arguments, the file part a temporary file kept here for `upload_file`); temporary
// files go when the request ends, however it ends, and files stored by a request that then fails are
// removed again, so a rolled-back or aborted upload leaves nothing on disk.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Bench } from '../../config/bench.ts';
import { RequestEntityTooLarge } from '../../errors/index.ts';
import type { RequestContext } from '../request-context.ts';
import { removeFile } from './file-storage.ts';
import { formLimits, readMultipart, type UploadedFile } from './multipart.ts';
import { maxFileSizeOf } from './upload-limits.ts';

const requestUploads = new WeakMap<FastifyRequest, UploadedFile[]>();
const contextUploads = new WeakMap<RequestContext, UploadedFile[]>();
const written = new WeakMap<RequestContext, string[]>();

/** The file part of the request's multipart body (none for other bodies). */
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
 * Where a site's uploads wait while they arrive: inside the site (one filesystem with its files, so moving
 * one into place is a link), outside `private/files`, so never served or archived.
 */
export function uploadTempDir(sitePath: string): string {
  return join(sitePath, 'private', '.uploads');
}

/**
 * Reads `multipart/form-data` bodies of requests to a site as they stream in (limits: the server's body
 * limit for a declared length, the site's `max_file_size`, `formLimits`): text fields become the body, and
 * so the request's arguments; the file part is held for `uploadsOf`. Installs the cleanup of temporary
 * files (those of each request, and once per site and process those a crash left) and of failed uploads.
 */
export function registerMultipart(app: FastifyInstance, bench: Bench): void {
  // The plugin's function itself on this app (no encapsulation, as register would do), minus two hooks.
  multipart.default(withoutCleanupHooks(app), {}, (error) => {
    if (error) throw error;
  });
  const bodyLimit = app.initialConfig.bodyLimit ?? Number.POSITIVE_INFINITY;
  // Callback-style: requests without a multipart body cost no promise.
  app.addHook('preValidation', (request, reply, done) => {
    const site = request.site;
    if (!site || !request.isMultipart()) return done();
    // The server's body limit, as for every other body (a chunked body is bounded by `limits` instead).
    if (Number(request.headers['content-length']) > bodyLimit) return done(new RequestEntityTooLarge());
    const temps: string[] = [];
    // 'close' comes however the exchange ends (answered or aborted), after anything the handler moved away.
    reply.raw.once('close', () => void removeAll(temps, request.log));
    const limits = { ...formLimits, fileBytes: maxFileSizeOf(site.config) };
    const tempDir = uploadTempDir(bench.sitePath(site.name));
    if (!swept.has(tempDir)) void sweepStale(tempDir, request.log);
    readMultipart(request, tempDir, limits, temps).then(({ fields, files }) => {
      request.body = fields;
      requestUploads.set(request, files);
      done();
    }, done);
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

// @fastify/multipart adds an async onRequest and onResponse hook to every request of the app, only to clean
// up after its saveRequestFiles, which Cortado never calls (this module removes its own temporary files).
// Installed without them, it costs a request without a multipart body ~66k fewer instructions (callgrind,
// bare Fastify: 659k with the plugin registered as is, 593k so, 581k without it).
function withoutCleanupHooks(app: FastifyInstance): FastifyInstance {
  return new Proxy(app, {
    get(target, key, receiver) {
      if (key !== 'addHook') return Reflect.get(target, key, target);
      return (name: string, hook: never) =>
        name === 'onRequest' || name === 'onResponse' ? receiver : target.addHook(name as never, hook);
    },
  });
}

// An upload in progress writes to its file all the time; one untouched for an hour was cut off by a crash.
const staleMs = 60 * 60 * 1000;
const swept = new Set<string>();

async function sweepStale(dir: string, log: FastifyBaseLogger): Promise<void> {
  swept.add(dir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale: string[] = [];
  for (const name of names) {
    const stats = await stat(join(dir, name)).catch(() => undefined);
    if (stats?.isFile() && Date.now() - stats.mtimeMs > staleMs) stale.push(join(dir, name));
  }
  if (stale.length) log.warn({ dir, files: stale.length }, 'removing uploads a crash left');
  await removeAll(stale, log);
}

async function removeAll(paths: readonly string[], log: FastifyBaseLogger): Promise<void> {
  for (const path of paths)
    await removeFile(path).catch((error) => log.error({ err: error }, 'cleanup failed'));
}
