// Which responses the router compresses, by Content-Type (the types themselves come from src/mime).

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
  'image/vnd.microsoft.icon',
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
