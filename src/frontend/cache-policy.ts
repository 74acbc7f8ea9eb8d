// How long browsers may keep a static file. Bundles with a content hash in their name never change
// under that name, so they are cached for a year; anything else must be revalidated soon, or an
// upgrade leaves browsers running stale assets (a frappe_docker complaint).

/** Cache-Control for fingerprinted files (`app.3f9a1c2b.js`, `index-BXd3fJ4k.js`). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache-Control for everything else served statically: short, then revalidated by ETag. */
export const SHORT = 'public, max-age=300';

// A name part of at least 8 letters/digits that looks like a hash rather than a word: it has a digit
// and is lowercase hex (webpack), uppercase (esbuild's base32, which Frappe's bundler uses) or mixes
// both cases (Vite). Words like `localstorage` or `html2canvas` do not qualify; a hash that happens
// to have no digit only gets the short cache, the safe side.
const PART = /^[0-9A-Za-z]{8,}$/;

/**
 * Whether a file name carries a content hash.
 *
 * @example isFingerprinted('/assets/frappe/dist/js/desk.bundle.JH6WUE7D.js') // true
 * @example isFingerprinted('/assets/frappe/js/lib/localstorage.js') // false
 */
export function isFingerprinted(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false;
  for (const dotted of name.slice(0, dot).split('.')) {
    for (const part of dotted.split('-')) if (looksLikeHash(part)) return true;
  }
  return false;
}

function looksLikeHash(part: string): boolean {
  if (!PART.test(part) || !/[0-9]/.test(part)) return false;
  const lower = /[a-z]/.test(part);
  const upper = /[A-Z]/.test(part);
  return upper || /^[0-9a-f]+$/.test(part) || (!lower && !upper);
}

/** The Cache-Control of a file under /assets. */
export function assetCacheControl(path: string): string {
  return isFingerprinted(path) ? IMMUTABLE : SHORT;
}
