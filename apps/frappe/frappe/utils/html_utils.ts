// Frappe's `frappe.utils.html_utils.sanitize_html` for what users write in rich text (comments): an allow-list
// of the formatting the desk's editor makes (paragraphs, emphasis, lists, links, quotes, code, images, tables,
// and @mentions as `<span class="mention" data-id=...>`), everything else removed. The cleaning is
// sanitize-html's: it parses with htmlparser2, writes back only allowed tags and attributes, escapes all text
// and closes every element, so nothing the input smuggles (script, event handlers, script URLs, style) survives.
import sanitize from 'sanitize-html';

// The attributes of a mention (Frappe's desk editor): who is mentioned and how the name shows.
const mentionAttrs = ['data-id', 'data-value', 'data-denotation-char', 'data-index', 'data-is-group'];

const commentOptions: sanitize.IOptions = {
  allowedTags: [
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
  ],
  // Dropped with everything inside them: their content is code or foreign markup, not text.
  nonTextTags: [
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
    'option',
    'head',
    'frameset',
  ],
  allowedAttributes: {
    '*': ['class'],
    a: ['href', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    span: mentionAttrs,
  },
  // Editor classes (`ql-align-center`, `mention`, ...): plain tokens only.
  allowedClasses: { '*': [/^[a-zA-Z0-9_-]{1,64}$/] },
  // An attribute left empty (`data-id=`) is dropped rather than written bare; `alt=""` stays.
  nonBooleanAttributes: ['*'],
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    // Links open nothing that can reach back into the desk: only `_blank` targets, and never an opener.
    a: (tagName, { target, rel, ...attribs }) => ({
      tagName,
      attribs: { ...attribs, ...(target === '_blank' ? { target } : {}), rel: 'noopener noreferrer' },
    }),
  },
};

/**
 * Safe HTML from user-written rich text. Unknown tags are removed and their text kept; script, style and the
 * like go with their content; links keep only http(s), mailto and relative targets; images only http(s) and
 * relative sources.
 *
 * @example sanitizeHtml('<p onclick="x()">Hi<script>bad()</script></p>') // '<p>Hi</p>'
 */
export function sanitizeHtml(html: unknown): string {
  if (html === null || html === undefined) return '';
  // htmlparser2 closes an element implied by the next one (`<a>` by `<a>`, `<p>` by `<p>`) only when it is
  // directly on top: a dropped unknown tag in between leaves them nested, and the clean output would reparse
  // differently (an edited comment would change on save). The second pass sees only allowed, explicitly
  // closed tags, so its tree is the one its output reparses to.
  return sanitize(sanitize(String(html), commentOptions), commentOptions);
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
  // sanitize-html as a parser: nothing is kept, every start tag (attributes decoded) is reported.
  sanitize(html, {
    allowedTags: [],
    allowedAttributes: {},
    onOpenTag: (_name, attrs) => {
      if (!attrs.class?.split(/\s+/).includes('mention')) return;
      if (attrs['data-is-group'] === 'true') return;
      const id = attrs['data-id']?.trim();
      if (id) found.add(id);
    },
  });
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

/** Frappe's `frappe.bold`: the escaped value in <strong>. */
export function bold(text: unknown): string {
  return `<strong>${escapeHtml(text)}</strong>`;
}
