// Content types for the files a Frappe bench serves, and which of them are worth compressing.
// A short table rather than a dependency: the router must stay lean.

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  map: 'application/json; charset=utf-8',
  json: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  xhtml: 'application/xhtml+xml; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  bmp: 'image/bmp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  wasm: 'application/wasm',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  webm: 'video/webm',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

const DEFAULT_TYPE = 'application/octet-stream';

/** The Content-Type for a file name, by extension (case-insensitive). */
export function contentTypeFor(path: string): string {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return DEFAULT_TYPE;
  return TYPES[path.slice(dot + 1).toLowerCase()] ?? DEFAULT_TYPE;
}

// nginx's gzip_types of frappe_docker's template, plus what a modern bundle ships.
const COMPRESSIBLE = new Set([
  'application/atom+xml',
  'application/javascript',
  'application/x-javascript',
  'application/json',
  'application/ld+json',
  'application/manifest+json',
  'application/rss+xml',
  'application/vnd.geo+json',
  'application/vnd.ms-fontobject',
  'application/x-font-ttf',
  'application/x-web-app-manifest+json',
  'application/xhtml+xml',
  'application/xml',
  'application/wasm',
  'font/opentype',
  'font/otf',
  'font/ttf',
  'image/bmp',
  'image/svg+xml',
  'image/x-icon',
]);

const verdicts = new Map<string, boolean>();

/**
 * Whether a response of this Content-Type is worth compressing (text, JSON, XML, JS, SVG, fonts
 * that are not already compressed). Event streams are excluded: compression would buffer them.
 */
export function isCompressible(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const cached = verdicts.get(contentType);
  if (cached !== undefined) return cached;
  const semi = contentType.indexOf(';');
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  const verdict =
    (type.startsWith('text/') && type !== 'text/event-stream') ||
    COMPRESSIBLE.has(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml');
  // Bounded: content types come from upstream responses, which are not fully trusted.
  if (verdicts.size > 256) verdicts.clear();
  verdicts.set(contentType, verdict);
  return verdict;
}
