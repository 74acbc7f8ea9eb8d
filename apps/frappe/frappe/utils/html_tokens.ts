// A forgiving HTML tokenizer for the sanitizer (html_utils.ts): it splits markup into text, start tags (with
// their attributes, entities decoded) and end tags. It never has to be a faithful HTML parser: the sanitizer
// rebuilds its output only from what the tokens allow, escaping every text, so markup this reads wrongly
// comes out as harmless text, never as a tag.

/** One piece of markup. Text keeps its entity references as written. */
export type HtmlToken =
  | { kind: 'text'; text: string }
  | { kind: 'start'; name: string; attrs: Map<string, string>; selfClosing: boolean }
  | { kind: 'end'; name: string };

// Elements whose content is raw text up to their end tag (never markup), as browsers parse them.
const rawTextElements = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
]);

// Sticky: each matches at `lastIndex` only, so reading never copies the rest of the input.
const tagName = /[a-zA-Z][a-zA-Z0-9-]*/y;
const attrName = /[^\s"'<>/=]+/y;
const unquoted = /[^\s>]*/y;

function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

/**
 * The tokens of `html`, in order. Comments, doctypes and processing instructions are dropped; the text of raw
 * text elements (script, style, ...) is skipped up to their end tag; `plaintext` ends the input.
 *
 * @example [...htmlTokens('<p class="x">a<br></p>')].map((t) => t.kind) // ['start', 'text', 'start', 'end']
 */
export function* htmlTokens(html: string): Generator<HtmlToken> {
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      yield { kind: 'text', text: html.slice(i) };
      return;
    }
    if (lt > i) yield { kind: 'text', text: html.slice(i, lt) };
    i = lt;
    const next = html[i + 1];
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      i = close < 0 ? n : close + 3;
    } else if (next === '!' || next === '?') {
      const close = html.indexOf('>', i);
      i = close < 0 ? n : close + 1;
    } else if (next === '/') {
      const name = matchAt(tagName, html, i + 2);
      const close = html.indexOf('>', i);
      if (!name) {
        // `</` not followed by a name: a bogus comment up to `>` (browsers drop it too).
        i = close < 0 ? n : close + 1;
        continue;
      }
      yield { kind: 'end', name: name.toLowerCase() };
      i = close < 0 ? n : close + 1;
    } else {
      const name = matchAt(tagName, html, i + 1);
      if (!name) {
        yield { kind: 'text', text: '<' };
        i += 1;
        continue;
      }
      const tag = readAttributes(html, i + 1 + name.length);
      const lowerName = name.toLowerCase();
      yield { kind: 'start', name: lowerName, attrs: tag.attrs, selfClosing: tag.selfClosing };
      i = tag.end;
      if (lowerName === 'plaintext') return;
      if (rawTextElements.has(lowerName)) i = skipRawText(html, i, lowerName);
    }
  }
}

// Attributes from `start` to the tag's `>`: name, name=value, name="value", name='value'. The first of a
// repeated name wins, as in browsers.
function readAttributes(
  html: string,
  start: number,
): { attrs: Map<string, string>; selfClosing: boolean; end: number } {
  const attrs = new Map<string, string>();
  const n = html.length;
  let i = start;
  let selfClosing = false;
  while (i < n) {
    const c = html[i]!;
    if (c === '>') return { attrs, selfClosing, end: i + 1 };
    if (c === '/') {
      selfClosing = html[i + 1] === '>';
      i += 1;
      continue;
    }
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const name = matchAt(attrName, html, i);
    if (!name) {
      i += 1;
      continue;
    }
    i += name.length;
    while (i < n && /\s/.test(html[i]!)) i += 1;
    let value = '';
    if (html[i] === '=') {
      i += 1;
      while (i < n && /\s/.test(html[i]!)) i += 1;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        value = html.slice(i + 1, close < 0 ? n : close);
        i = close < 0 ? n : close + 1;
      } else {
        value = matchAt(unquoted, html, i) ?? '';
        i += value.length;
      }
    }
    const key = name.toLowerCase();
    if (!attrs.has(key)) attrs.set(key, decodeEntities(value));
  }
  return { attrs, selfClosing, end: n };
}

// Where the raw text of element `name` ends (its end tag, any case); the input's end if never.
const rawTextEnds = new Map(
  [...rawTextElements].map((name) => [name, new RegExp(`</${name}(?=[\\s/>]|$)`, 'gi')]),
);

function skipRawText(html: string, from: number, name: string): number {
  const end = rawTextEnds.get(name)!;
  end.lastIndex = from;
  const found = end.exec(html);
  return found ? found.index : html.length;
}

const named: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  colon: ':',
  tab: '\t',
  newline: '\n',
  sol: '/',
  lpar: '(',
  rpar: ')',
  period: '.',
  comma: ',',
  semi: ';',
  equals: '=',
};

/**
 * An attribute value as a browser reads it: numeric references, and the named ones that matter for URLs
 * (`&colon;`, `&Tab;`, ...), decoded, the trailing `;` optional as browsers allow. Other named references stay
 * as written (and are then escaped, so they show literally).
 */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X'
          ? Number.parseInt(ref.slice(2), 16)
          : Number.parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : '\ufffd';
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}
