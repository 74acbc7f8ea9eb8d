// Which uploads are allowed to whom, and which stored files are served as downloads. The types come from
// the one MIME table, src/mime.

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

/**
 * Whether a browser would render a file of this media type as a page in the site's origin (HTML, XML and
 * every `+xml` type such as SVG and XHTML, saved web archives): such private files are served as downloads
 * (`Content-Disposition: attachment`). By type rather than extension, so every extension the MIME table
 * maps to one is covered.
 */
export function isActiveContent(type: string | undefined): boolean {
  if (!type) return false;
  return (
    type === 'text/html' ||
    type === 'text/xml' ||
    type === 'application/xml' ||
    type === 'message/rfc822' ||
    type.endsWith('+xml')
  );
}
