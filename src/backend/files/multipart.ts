// Reading a multipart/form-data body with @fastify/multipart (busboy inside), streaming: text fields
// become the request's arguments, and the file part goes to a temporary file in the site's folder,
// hashed and counted on the way, so no upload is ever held in memory.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { FrappeError, ValidationError } from '../../errors/index.ts';
import { MaxFileSizeReachedError } from './errors.ts';
import { removeFile } from './file-storage.ts';

/** The file part of a multipart body, stored in a temporary file until `upload_file` moves it into place. */
export interface UploadedFile {
  /** The form field that carried it (`file` for Frappe's clients). */
  fieldname: string;
  /** The file name as the client sent it (unsanitised: see `safeFileName`). */
  filename: string;
  contentType: string;
  /** The temporary file holding the content (removed when the request ends, unless moved away). */
  path: string;
  size: number;
  /** Frappe's `content_hash`: the MD5 of the content, hex. */
  hash: string;
}

/** A multipart body read: text fields (first of a repeated name wins) and at most one file. */
export interface MultipartBody {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** Bounds on a multipart body's shape: what makes its size and the parser's work finite. */
export interface MultipartLimits {
  /** Bytes of the file (the site's `max_file_size`). */
  fileBytes: number;
  parts: number;
  /** Bytes of one text field. */
  fieldBytes: number;
  /** Bytes of one part's header block (busboy drops the rest). */
  headerBytes: number;
}

/** Defaults besides the file size: enough for every Frappe client, small enough that no form is costly. */
export const formLimits: Omit<MultipartLimits, 'fileBytes'> = {
  parts: 100,
  fieldBytes: 1 << 20,
  headerBytes: 16 << 10,
};

/**
 * Reads the request's multipart body, writing its file part (one per request, as `upload_file` takes one)
 * to a new file in `tempDir`. Each temporary file's path is pushed to `temps` as soon as it exists, so the
 * caller can remove it however the request ends; a failure here removes it at once. A malformed body or
 * one beyond `limits` is a 417: `MaxFileSizeReachedError` for the file, `ValidationError` otherwise.
 *
 * @example const { fields, files } = await readMultipart(request, join(sitePath, 'private', '.uploads'), limits, temps);
 */
export async function readMultipart(
  request: FastifyRequest,
  tempDir: string,
  limits: MultipartLimits,
  temps: string[],
): Promise<MultipartBody> {
  const fields: Record<string, string> = Object.create(null);
  const files: UploadedFile[] = [];
  try {
    const parts = request.parts({
      limits: {
        fileSize: limits.fileBytes,
        files: 1,
        parts: limits.parts,
        fieldSize: limits.fieldBytes,
        headerSize: limits.headerBytes,
        headerPairs: 20,
      },
      // Only parts with a file name are files: a field typed application/octet-stream is still a field.
      isPartAFile: (_name, _type, filename) => filename !== undefined,
    });
    for await (const part of parts) {
      if (!part.fieldname) throw invalid('a part without a name');
      if (part.type === 'file') {
        files.push(await saveFile(part, tempDir, limits.fileBytes, temps));
        continue;
      }
      if (part.fieldnameTruncated || part.valueTruncated)
        throw invalid(`field ${part.fieldname.slice(0, 40)} too large`);
      // A part typed application/json arrives parsed; arguments are text, as every other field.
      const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
      if (!(part.fieldname in fields)) fields[part.fieldname] = value;
    }
  } catch (error) {
    throw multipartError(error, limits.fileBytes);
  }
  return { fields, files };
}

async function saveFile(
  part: { fieldname: string; filename: string; mimetype: string; file: Readable & { truncated?: boolean } },
  tempDir: string,
  limit: number,
  temps: string[],
): Promise<UploadedFile> {
  await mkdir(tempDir, { recursive: true });
  const path = join(tempDir, `${randomBytes(12).toString('hex')}.upload`);
  temps.push(path);
  const hash = createHash('md5');
  let size = 0;
  // Stop at the limit rather than read the rest of an oversized file.
  part.file.once('limit', () => part.file.destroy(fileTooLarge(limit)));
  try {
    await pipeline(
      part.file,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(path, { flags: 'wx' }),
    );
    if (part.file.truncated) throw fileTooLarge(limit);
  } catch (error) {
    await removeFile(path);
    throw error;
  }
  return {
    fieldname: part.fieldname,
    filename: part.filename,
    contentType: part.mimetype || 'application/octet-stream',
    path,
    size,
    hash: hash.digest('hex'),
  };
}

/** 417 for an upload beyond the site's `max_file_size`, with the limit in MB as Frappe words it. */
export function fileTooLarge(limit: number): MaxFileSizeReachedError {
  return new MaxFileSizeReachedError(
    `File size exceeded the maximum allowed size of ${(limit / 1024 / 1024).toFixed(1)} MB`,
  );
}

function invalid(why: string, cause?: unknown): ValidationError {
  return new ValidationError(`Invalid multipart body: ${why}`, { cause });
}

// @fastify/multipart's and busboy's errors, in the catalogue (their messages are fixed strings, no input).
const reasons: Record<string, string> = {
  FST_PARTS_LIMIT: 'too many parts',
  FST_FILES_LIMIT: 'more than one file',
  FST_FIELDS_LIMIT: 'too many fields',
  FST_PROTO_VIOLATION: 'a reserved field name',
  FST_INVALID_JSON_FIELD_ERROR: 'a field typed JSON is not JSON',
  FST_MP_PREMATURE_CLOSE: 'the request ended early',
};

function multipartError(error: unknown, limit: number): FrappeError {
  if (error instanceof FrappeError) return error;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code === 'FST_REQ_FILE_TOO_LARGE') return fileTooLarge(limit);
  if (code && reasons[code]) return invalid(reasons[code], error);
  if (message === 'Multipart: Boundary not found') return invalid('no boundary', error);
  if (/^Unexpected end of|terminated early/.test(message ?? '')) return invalid('truncated', error);
  return invalid('malformed', error);
}
