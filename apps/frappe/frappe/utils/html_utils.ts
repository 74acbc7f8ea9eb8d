// Frappe's `frappe.utils.html_utils.sanitize_html` for what users write in rich text (comments): an allow-list
// of the formatting the desk's editor makes (paragraphs, emphasis, lists, links, quotes, code, images, tables,
// and @mentions as `<span class="mention" data-id=...>`), everything else removed. The output is rebuilt from
// tokens (html_tokens.ts): text escaped, allowed tags with checked attributes only, every element closed, so
// nothing the input smuggles (script, event handlers, javascript: URLs, style) survives.
import { htmlTokens } from './html_tokens.ts';

const allowedTags = new Set([
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'strike',
  'del',
  'ins',
  'sub',
  'sup',
  'small',
  'mark',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'code',
  'span',
  'div',
  'img',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
]);
const voidTags = new Set(['br', 'hr', 'img']);
// Elements dropped with everything inside them (their content is code or foreign markup, not text).
const dropWithContent = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
  'template',
  'svg',
  'math',
  'object',
  'embed',
  'applet',
  'select',
  'head',
  'frameset',
]);
// The attributes of a mention (Frappe's desk editor): who is mentioned and how the name shows.
const mentionAttrs = new Set([
  'data-id',
  'data-value',
  'data-denotation-char',
  'data-index',
  'data-is-group',
]);

const safeUrl = /^(?:https?:|mailto:|tel:|\/(?!\/)|#|\.{1,2}\/|[^:/?#]+(?:[/?#]|$))/i;
const safeImageSrc = /^(?:https?:|\/(?!\/)|data:image\/(?:png|jpe?g|gif|webp);base64,[a-z0-9+/=\s]*$)/i;
const classToken = /^[a-zA-Z0-9_-]{1,64}$/;
const entityRef = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/y;

/**
 * Safe HTML from user-written rich text. Unknown tags are removed and their text kept; script, style and the
 * like go with their content; links keep only http(s), mailto, tel and relative targets; images only http(s),
 * site paths and inline png/jpeg/gif/webp.
 *
 * @example sanitizeHtml('<p onclick="x()">Hi<script>bad()</script></p>') // '<p>Hi</p>'
 */
export function sanitizeHtml(html: unknown): string {
  if (html === null || html === undefined) return '';
  const input = String(html);
  let out = '';
  const open: string[] = [];
  let dropping: { name: string; depth: number } | undefined;
  for (const token of htmlTokens(input)) {
    if (dropping) {
      if (token.kind === 'start' && token.name === dropping.name && !token.selfClosing) dropping.depth += 1;
      else if (token.kind === 'end' && token.name === dropping.name && --dropping.depth === 0)
        dropping = undefined;
      continue;
    }
    if (token.kind === 'text') {
      out += escapeText(token.text);
    } else if (token.kind === 'start') {
      if (dropWithContent.has(token.name)) {
        // Raw text elements were skipped by the tokenizer up to their end tag, which comes next.
        if (!token.selfClosing) dropping = { name: token.name, depth: 1 };
        continue;
      }
      if (!allowedTags.has(token.name)) continue;
      out += `<${token.name}${attributes(token.name, token.attrs)}>`;
      if (!voidTags.has(token.name) && !token.selfClosing) open.push(token.name);
      else if (!voidTags.has(token.name)) out += `</${token.name}>`;
    } else {
      const at = open.lastIndexOf(token.name);
      if (at < 0) continue;
      while (open.length > at) out += `</${open.pop()}>`;
    }
  }
  while (open.length) out += `</${open.pop()}>`;
  return out;
}

/**
 * The users mentioned in rich text (Frappe's `extract_mentions`): the `data-id` of each element with class
 * `mention`, in order, each once. Group mentions (`data-is-group="true"`) name User Groups, which Cortado does
 * not have: they are left out.
 *
 * @example extractMentions('<span class="mention" data-id="ann@x.com">@Ann</span>') // ['ann@x.com']
 */
export function extractMentions(html: unknown): string[] {
  if (typeof html !== 'string' || !html.includes('mention')) return [];
  const found = new Set<string>();
  for (const token of htmlTokens(html)) {
    if (token.kind !== 'start') continue;
    const classes = token.attrs.get('class');
    if (!classes?.split(/\s+/).includes('mention')) continue;
    if (token.attrs.get('data-is-group') === 'true') continue;
    const id = token.attrs.get('data-id')?.trim();
    if (id) found.add(id);
  }
  return [...found];
}

/** Text for an HTML attribute or text node: `&`, `<`, `>`, quotes escaped. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

// Text as written, entity references kept (they cannot make markup), every other `&` and the brackets escaped.
function escapeText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else if (c === '&') {
      entityRef.lastIndex = i;
      out += entityRef.test(text) ? '&' : '&amp;';
    } else out += c;
  }
  return out;
}

function attributes(tag: string, attrs: ReadonlyMap<string, string>): string {
  let out = '';
  const add = (name: string, value: string) => {
    out += ` ${name}="${escapeHtml(value)}"`;
  };
  const classes = attrs.get('class');
  if (classes) {
    const kept = classes.split(/\s+/).filter((c) => classToken.test(c));
    if (kept.length) add('class', kept.join(' '));
  }
  if (tag === 'span') for (const name of mentionAttrs) if (attrs.has(name)) add(name, attrs.get(name)!);
  if (tag === 'a') {
    const href = cleanUrl(attrs.get('href'));
    if (href !== undefined && safeUrl.test(href)) add('href', href);
    if (attrs.get('target') === '_blank') add('target', '_blank');
    add('rel', 'noopener noreferrer');
  } else if (tag === 'img') {
    const src = cleanUrl(attrs.get('src'));
    if (src !== undefined && safeImageSrc.test(src)) add('src', src);
    for (const name of ['alt', 'title']) if (attrs.has(name)) add(name, attrs.get(name)!);
    for (const name of ['width', 'height'])
      if (/^[0-9]{1,5}%?$/.test(attrs.get(name) ?? '')) add(name, attrs.get(name)!);
  } else if (tag === 'td' || tag === 'th') {
    for (const name of ['colspan', 'rowspan'])
      if (/^[0-9]{1,3}$/.test(attrs.get(name) ?? '')) add(name, attrs.get(name)!);
  }
  return out;
}

// A URL as a browser would resolve its scheme: entities already decoded by the tokenizer, control characters
// and whitespace (which browsers ignore inside a scheme) removed.
function cleanUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  return value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');
}
