// Content types of stored files, by extension (Python's `mimetypes.guess_type` for what Frappe stores).
// A short table of its own: the backend must not reach into the router's modules.

const types: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/**
 * Frappe's `ALLOWED_MIMETYPES`: what Guests and website users may upload (desk users may upload anything).
 */
export const allowedMimetypesForWebsiteUsers: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/plain',
  'video/quicktime',
  'video/mp4',
  'text/csv',
]);

/** Extensions a browser would run as a page or script: served as downloads (`Content-Disposition: attachment`). */
export const activeContentExtensions: ReadonlySet<string> = new Set(['svg', 'html', 'htm', 'xml']);

/**
 * The content type of a file name by its extension, or undefined when unknown.
 *
 * @example guessType('Report.PDF') // 'application/pdf'
 */
export function guessType(name: string): string | undefined {
  return types[extensionOf(name)];
}

/** The lowercased extension without its dot (`''` when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
