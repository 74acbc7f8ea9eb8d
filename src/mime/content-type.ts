// Content types by file name, from mime-db (through the `mime-types` package): the one MIME table of the
// router and the backend. A leaf like `errors/`: it imports nothing of Cortado, so every layer may use it.
import mime from 'mime-types';

/** What a file of unknown type is served as. */
export const defaultContentType = 'application/octet-stream';

interface Known {
  /** The media type alone (`text/css`). */
  type: string;
  /** The Content-Type header value (`text/css; charset=utf-8`). */
  header: string;
}

// Looked up once per extension. Only extensions mime-db knows are kept, so hostile names cannot grow it.
const known = new Map<string, Known>();

/**
 * The lowercased extension of a file name or path, without its dot (`''` when none; a dot in a folder
 * name or leading the name is not one).
 *
 * @example extensionOf('/assets/app.JS') // 'js'
 */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot < name.lastIndexOf('/') + 2) return '';
  return name.slice(dot + 1).toLowerCase();
}

/**
 * The media type of a file name by its extension (no parameters), or undefined when unknown.
 *
 * @example mediaTypeFor('Report.PDF') // 'application/pdf'
 */
export function mediaTypeFor(name: string): string | undefined {
  return lookup(extensionOf(name))?.type;
}

/**
 * The Content-Type to serve a file name with: text types (and JSON, JavaScript, XML) with
 * `; charset=utf-8`, images and other binary types bare, `application/octet-stream` when unknown.
 *
 * @example contentTypeFor('app.css') // 'text/css; charset=utf-8'
 */
export function contentTypeFor(name: string): string {
  return lookup(extensionOf(name))?.header ?? defaultContentType;
}

function lookup(extension: string): Known | undefined {
  if (!extension) return undefined;
  const cached = known.get(extension);
  if (cached) return cached;
  const type = mime.lookup(extension);
  if (!type) return undefined;
  const entry = { type, header: isText(type) ? `${type}; charset=utf-8` : type };
  known.set(extension, entry);
  return entry;
}

// mime-db's UTF-8 types (text/*, JSON, JavaScript), and XML documents, which are text too (SVG is served as an image).
function isText(type: string): boolean {
  return (
    Boolean(mime.charset(type)) || type === 'application/xml' || /^application\/[\w.+-]+\+xml$/.test(type)
  );
}
