// The comment sanitizer (the built-in app's utils/html_utils.ts) against known script-injection shapes and random
// markup, and the `_comments` counter: no database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extractMentions, sanitizeHtml } from '../../apps/frappe/frappe/utils/html_utils.ts';
import { commentCount } from '../../src/model/query/comment-count.ts';

// What must never come out as markup: a tag not of the strict shape the sanitizer writes, a script-like
// element, an event handler, a style or srcdoc, a script URL. (Text may say anything: every `<` of text is
// escaped, so each `<` of the output starts a tag the sanitizer wrote; void elements are written `<br />`.)
const tagShape = /^<\/?([a-z0-9]+)((?: [a-z-]+="[^"<>]*")*)(?: \/)?>$/;
const badElements = new Set(['script', 'style', 'iframe', 'svg', 'object', 'embed', 'math', 'template']);
function badTag(tag: string): boolean {
  const shape = tagShape.exec(tag);
  if (!shape || badElements.has(shape[1]!)) return true;
  for (const [, name, value] of shape[2]!.matchAll(/ ([a-z-]+)="([^"]*)"/g)) {
    if (name!.startsWith('on') || name === 'style' || name === 'srcdoc') return true;
    if ((name === 'href' || name === 'src') && /^\s*(javascript|vbscript|data:text)/i.test(value!))
      return true;
  }
  return false;
}
const dangerous = { test: (html: string) => (html.match(/<[^>]*>?/g) ?? []).some(badTag) };

describe('comment sanitizer', () => {
  it('removes the classic injection shapes and keeps the editor’s formatting', () => {
    const cases: Array<[string, string]> = [
      ['<p onclick="x()">Hi<script>bad()</script></p>', '<p>Hi</p>'],
      ['<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
      ['<a href="java&Tab;script&colon;alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
      ['<a href="&#106;avascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
      ['<a href="//evil.example">x</a>', '<a rel="noopener noreferrer">x</a>'],
      ['<img src=x onerror=alert(1)>', '<img src="x" />'],
      ['<img src="data:image/svg+xml;base64,PHN2Zz4=" alt>', '<img alt="" />'],
      ['<a href="/\\evil.example" target="_self" rel="opener">x</a>', '<a rel="noopener noreferrer">x</a>'],
      ['<math><mi><p>inside</p></mi></math><br>after', '<br />after'],
      ['<svg><script>alert(1)</script><p>inside</p></svg>after', 'after'],
      ['<SCRIPT SRC=//x.js></SCRIPT>z', 'z'],
      ['<textarea><script>x</script></textarea>ok', 'ok'],
      ['<!-- <script>x</script> --><p>x</p>', '<p>x</p>'],
      ['<p style="background:url(x)" class="ql-align-center">t</p>', '<p class="ql-align-center">t</p>'],
      ['<div><p>unclosed', '<div><p>unclosed</p></div>'],
      ['a &amp; b & c <b>d', 'a &amp; b &amp; c <b>d</b>'],
      [
        '<a href="https://x.example/?a=1&amp;b=2" target="_blank">ok</a>',
        '<a href="https://x.example/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">ok</a>',
      ],
      [
        '<ol><li class="ql-indent-1">one</li></ol><pre class="ql-syntax">a &lt; b</pre>',
        '<ol><li class="ql-indent-1">one</li></ol><pre class="ql-syntax">a &lt; b</pre>',
      ],
    ];
    for (const [input, output] of cases) assert.equal(sanitizeHtml(input), output, input);
    // A dropped unknown tag (`<scr<`) between two links: both links survive, safe, and the output is a fixed
    // point (saving the comment again changes nothing).
    const links = sanitizeHtml('<a href=/a><scr</b><a href=/b>two');
    assert.match(
      links,
      /^<a href="\/a" rel="noopener noreferrer">(<\/a>)?<a href="\/b" rel="noopener noreferrer">two<\/a>/,
    );
    assert.equal(sanitizeHtml(links), links);
    assert.equal(sanitizeHtml(null), '');
  });

  it('keeps mentions as the desk writes them, and finds who is mentioned', () => {
    const html =
      '<p><span class="mention" data-index="0" data-denotation-char="@" data-id="ann@x.com" data-value="Ann" onmouseover="x()">' +
      '<span contenteditable="false"><span class="ql-mention-denotation-char">@</span>Ann</span></span> and ' +
      '<span class="mention" data-id="team" data-is-group="true">@team</span> and again ' +
      '<span class="mention" data-id="ann@x.com">@Ann</span></p>';
    const clean = sanitizeHtml(html);
    assert.ok(!dangerous.test(clean));
    const mention = /<span class="mention"[^>]*>/.exec(clean)?.[0] ?? '';
    assert.ok(mention.includes(' data-id="ann@x.com"') && mention.includes(' data-value="Ann"'), clean);
    assert.ok(!mention.includes('onmouseover') && !clean.includes('contenteditable'), clean);
    assert.deepEqual(extractMentions(clean), ['ann@x.com']);
    assert.deepEqual(extractMentions('<p>no one</p>'), []);
  });

  it('never lets anything dangerous through random markup, and cleaning twice changes nothing', () => {
    const piece = fc.constantFrom(
      '<',
      '>',
      '/',
      '"',
      "'",
      '=',
      ' ',
      '&',
      '&#',
      ';',
      'x',
      ':',
      '<script>',
      '</script>',
      '<scr',
      'ipt>',
      '<svg',
      '<a href=',
      'javascript:',
      'java&#x09;script:',
      ' onerror=',
      ' onclick="',
      '<img src=',
      '<p',
      '</p>',
      '<style>',
      '<!--',
      '-->',
      '<iframe srcdoc=',
      ' style=',
      '<span class="mention" data-id=',
      '\t',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const clean = sanitizeHtml(pieces.join(''));
        assert.ok(!dangerous.test(clean), clean);
        assert.equal(sanitizeHtml(clean), clean);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('_comment_count', () => {
  it('counts the entries of a _comments list without parsing it', () => {
    const list = [
      { comment: 'a "quoted" {brace} [bracket] \\ slash', by: 'a@x', name: 'c1' },
      { comment: '<p>two</p>', by: 'b@x', name: 'c2' },
    ];
    assert.equal(commentCount(JSON.stringify(list)), 2);
    assert.equal(commentCount(' []'), 0);
    for (const bad of [null, undefined, '', 'null', '{}', '[{"a":1}', 5]) assert.equal(commentCount(bad), 0);
    fc.assert(
      fc.property(
        fc.array(fc.record({ comment: fc.string(), by: fc.string(), name: fc.string() })),
        (rows) => commentCount(JSON.stringify(rows)) === rows.length,
      ),
    );
  });
});
