// LIKE matching with Unicode case folding, for SQLite, whose built-in LIKE folds ASCII letters only.
// Semantics are SQLite's own apart from the folding: `%` any run of characters, `_` exactly one
// character (code point), the escape character (when given) makes the next character literal, and a
// pattern ending in its escape character matches nothing.

/** Whether a (case-folded) text matches one compiled pattern. */
export type LikeMatcher = (folded: string) => boolean;

/**
 * Text folded for case-insensitive comparison, one character at a time (so `_` still means one
 * character): each character's lowercase, the final sigma as σ. The same on every machine (no locale).
 *
 * @example foldCase('ÉCOLE ΟΔΟΣ') // 'école οδοσ'
 */
export function foldCase(text: string): string {
  let folded = text.toLowerCase();
  // Only a few characters (İ) lowercase to more than one: fold those one by one to their first.
  if (folded.length !== text.length) folded = foldEach(text);
  return folded.includes('ς') ? folded.replaceAll('ς', 'σ') : folded;
}

function foldEach(text: string): string {
  let out = '';
  for (const char of text) out += String.fromCodePoint(char.toLowerCase().codePointAt(0)!);
  return out;
}

// One piece of pattern between `%` runs: literal text, or a regular expression source when it holds `_`.
interface Segment {
  literal?: string;
  source?: string;
}

/**
 * Compiles a LIKE pattern into a matcher of folded text. Matching never backtracks across `%`: each
 * piece between `%` runs is found at its leftmost place, which is optimal for fixed-width pieces, so
 * a hostile pattern costs at most (text length × pattern length).
 *
 * @example compileLike('%\\%_', '\\')(foldCase('100%!')) // true
 */
export function compileLike(pattern: string, escapeChar?: string): LikeMatcher {
  const pieces: Array<Array<string | null>> = [[]];
  let escaped = false;
  for (const char of pattern) {
    const current = pieces[pieces.length - 1]!;
    if (escaped) {
      current.push(foldCase(char));
      escaped = false;
    } else if (char === escapeChar) escaped = true;
    else if (char === '%') {
      if (current.length || pieces.length === 1) pieces.push([]);
    } else if (char === '_') current.push(null);
    else current.push(foldCase(char));
  }
  if (escaped) return () => false;
  const segments = pieces.map(segmentOf);
  if (segments.length === 1) return exact(segments[0]!);
  return anchoredBothEnds(segments);
}

function segmentOf(atoms: Array<string | null>): Segment {
  if (!atoms.includes(null)) return { literal: atoms.join('') };
  return {
    source: atoms.map((a) => (a === null ? '.' : a.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))).join(''),
  };
}

function exact(segment: Segment): LikeMatcher {
  if (segment.literal !== undefined) {
    const literal = segment.literal;
    return (text) => text === literal;
  }
  const re = new RegExp(`^(?:${segment.source})$`, 'su');
  return (text) => re.test(text);
}

// `first%middle%...%last`: first at the start, last at the end, each middle piece leftmost in between.
function anchoredBothEnds(segments: Segment[]): LikeMatcher {
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1).filter((s) => s.literal !== '');
  const firstRe = first.source === undefined ? undefined : new RegExp(first.source, 'suy');
  const middleRes = middle.map((s) => (s.source === undefined ? undefined : new RegExp(s.source, 'sug')));
  const lastRe = last.source === undefined ? undefined : new RegExp(`(?:${last.source})$`, 'sug');
  return (text) => {
    let pos = 0;
    if (firstRe) {
      firstRe.lastIndex = 0;
      if (!firstRe.test(text)) return false;
      pos = firstRe.lastIndex;
    } else if (first.literal) {
      if (!text.startsWith(first.literal)) return false;
      pos = first.literal.length;
    }
    for (let i = 0; i < middle.length; i++) {
      const re = middleRes[i];
      if (re) {
        re.lastIndex = pos;
        if (!re.test(text)) return false;
        pos = re.lastIndex;
      } else {
        const literal = middle[i]!.literal!;
        const at = text.indexOf(literal, pos);
        if (at < 0) return false;
        pos = at + literal.length;
      }
    }
    if (lastRe) {
      lastRe.lastIndex = pos;
      return lastRe.test(text);
    }
    const literal = last.literal!;
    return text.length - literal.length >= pos && text.endsWith(literal);
  };
}
