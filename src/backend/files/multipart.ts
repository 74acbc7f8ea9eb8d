// A multipart/form-data parser over a body the server has already read (capped by its `bodyLimit`), so
// there is no stream to manage and every limit is a plain length check. Kept small on purpose: the only
// client of multipart bodies is `upload_file`.
import { ValidationError } from '../../errors/index.ts';

/** One file part of a multipart body. */
export interface UploadedFile {
  /** The form field that carried it (`file` for Frappe's clients). */
  fieldname: string;
  /** The file name as the client sent it (unsanitised: see `safeFileName`). */
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A parsed multipart body: text fields (first of a repeated name wins) and file parts. */
export interface MultipartBody {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** Bounds on a multipart body's shape (its total size is the server's body limit). */
export interface MultipartLimits {
  parts: number;
  /** Bytes of one text field. */
  fieldBytes: number;
  /** Bytes of one part's header block. */
  headerBytes: number;
}

/** Defaults: enough for every Frappe client, small enough that no form can make the parser work hard. */
export const defaultMultipartLimits: MultipartLimits = {
  parts: 100,
  fieldBytes: 1 << 20,
  headerBytes: 16 << 10,
};

const crlf = Buffer.from('\r\n');
const headerEnd = Buffer.from('\r\n\r\n');

/**
 * The boundary of a `multipart/form-data` Content-Type, or undefined.
 *
 * @example boundaryOf('multipart/form-data; boundary="abc"') // 'abc'
 */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * Parses a multipart/form-data body; a malformed body or one beyond `limits` is a 417 ValidationError.
 *
 * @example parseMultipart(body, boundaryOf(request.headers['content-type'])!).files[0]?.filename
 */
export function parseMultipart(
  body: Buffer,
  boundary: string,
  limits: MultipartLimits = defaultMultipartLimits,
): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  const fields: Record<string, string> = Object.create(null);
  const files: UploadedFile[] = [];
  // The first delimiter may be preceded by a preamble, which is ignored.
  let at = body.subarray(0, delimiter.length).equals(delimiter) ? 0 : body.indexOf(next);
  if (at < 0) throw invalid('no boundary');
  at += at === 0 ? delimiter.length : next.length;
  for (let parts = 0; ; parts++) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) break; // `--`: the closing delimiter
    if (!body.subarray(at, at + 2).equals(crlf)) throw invalid('bad delimiter line');
    if (parts >= limits.parts) throw invalid('too many parts');
    const headersStart = at + 2;
    const headersEnd = body.indexOf(headerEnd, headersStart);
    if (headersEnd < 0 || headersEnd - headersStart > limits.headerBytes) throw invalid('bad part headers');
    const contentStart = headersEnd + headerEnd.length;
    const contentEnd = body.indexOf(next, contentStart);
    if (contentEnd < 0) throw invalid('unterminated part');
    const headers = parseHeaders(body.toString('utf8', headersStart, headersEnd));
    const disposition = parseDisposition(headers.get('content-disposition') ?? '');
    const name = disposition.get('name');
    if (name === undefined) throw invalid('part without a name');
    const filename = disposition.get('filename*') ?? disposition.get('filename');
    if (filename !== undefined) {
      files.push({
        fieldname: name,
        filename,
        contentType: headers.get('content-type') ?? 'application/octet-stream',
        data: body.subarray(contentStart, contentEnd),
      });
    } else {
      if (contentEnd - contentStart > limits.fieldBytes)
        throw invalid(`field ${name.slice(0, 40)} too large`);
      if (!(name in fields)) fields[name] = body.toString('utf8', contentStart, contentEnd);
    }
    at = contentEnd + next.length;
  }
  return { fields, files };
}

function invalid(why: string): ValidationError {
  return new ValidationError(`Invalid multipart body: ${why}`);
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

// `form-data; name="a"; filename="b \"c\".txt"; filename*=UTF-8''d%20e.txt` → parameter map.
function parseDisposition(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /;\s*([\w*.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of value.matchAll(pattern)) {
    const key = match[1]!.toLowerCase();
    let text = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!.trim();
    if (key.endsWith('*')) text = decodeExtended(text);
    params.set(key, text);
  }
  return params;
}

// RFC 5987 `charset'lang'percent-encoded`; a malformed value is kept as it came.
function decodeExtended(text: string): string {
  const match = /^[\w-]*'[\w-]*'(.*)$/.exec(text);
  if (!match) return text;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!;
  }
}
