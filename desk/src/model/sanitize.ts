// Stored rich text (Text Editor values) may come from anyone who can write the document: before it is
// put into the page it is reduced to a small set of formatting tags, with no attributes but safe links
// and Frappe's mention markup (`<span class="mention" data-id="user" data-value="Name">`).

const allowed = new Set([
  'P',
  'BR',
  'B',
  'STRONG',
  'I',
  'EM',
  'U',
  'S',
  'UL',
  'OL',
  'LI',
  'A',
  'H1',
  'H2',
  'H3',
  'H4',
  'BLOCKQUOTE',
  'PRE',
  'CODE',
  'SPAN',
  'DIV',
]);
const dropWithContent = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE', 'SVG', 'MATH']);

function clean(node: Node, into: Node, doc: Document): void {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === Node.TEXT_NODE) {
      into.appendChild(doc.createTextNode(child.textContent ?? ''));
    } else if (child instanceof Element) {
      const tag = child.tagName.toUpperCase();
      if (dropWithContent.has(tag)) continue;
      if (!allowed.has(tag)) {
        clean(child, into, doc); // keep the text, lose the element
        continue;
      }
      const copy = doc.createElement(tag.toLowerCase());
      if (tag === 'A') {
        const href = child.getAttribute('href') ?? '';
        if (/^(https?:|mailto:|\/(?!\/))/i.test(href.trim())) {
          copy.setAttribute('href', href.trim());
          copy.setAttribute('rel', 'noopener noreferrer');
        }
      }
      if (tag === 'SPAN' && child.classList.contains('mention')) {
        copy.className = 'mention';
        for (const name of ['data-id', 'data-value']) {
          const value = child.getAttribute(name);
          if (value !== null) copy.setAttribute(name, value);
        }
      }
      clean(child, copy, doc);
      into.appendChild(copy);
    }
  }
}

/**
 * Safe HTML for a Text Editor value or a comment: allow-listed tags, no attributes except checked link
 * targets and mentions' user data (set as attribute values, never parsed).
 *
 * @example sanitizeHtml('<p onclick="x()">Hi<script>bad()</script></p>') // '<p>Hi</p>'
 */
export function sanitizeHtml(html: string): string {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const out = document.implementation.createHTMLDocument('');
  const root = out.createElement('div');
  clean(parsed.body, root, out);
  return root.innerHTML;
}
