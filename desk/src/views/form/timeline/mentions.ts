// @mentions in the comment box: the "@text" being typed before the caret, replacing it with Frappe's
// mention markup (`<span class="mention" data-id="<user>" data-value="<Full Name>">@Full Name</span>`,
// which the server reads to notify the user), and the box's HTML as the server gets it.

/** The "@query" right before the caret, with the range it covers; undefined when none is being typed. */
export function mentionAtCaret(box: HTMLElement): { query: string; range: Range } | undefined {
  const selection = window.getSelection();
  if (!selection?.rangeCount || !selection.isCollapsed) return undefined;
  const caret = selection.getRangeAt(0);
  const node = caret.startContainer;
  if (node.nodeType !== Node.TEXT_NODE || !box.contains(node)) return undefined;
  if (node.parentElement?.closest('.mention')) return undefined;
  const before = (node.textContent ?? '').slice(0, caret.startOffset);
  const match = /(?:^|\s)@([^\s@]{0,40})$/.exec(before);
  if (!match) return undefined;
  const range = document.createRange();
  range.setStart(node, caret.startOffset - match[1]!.length - 1);
  range.setEnd(node, caret.startOffset);
  return { query: match[1]!, range };
}

/** Replaces `range` (the typed "@query") with a mention of `user`, and puts the caret after it. */
export function insertMention(range: Range, user: string, fullName: string): void {
  const span = document.createElement('span');
  span.className = 'mention';
  span.dataset.id = user;
  span.dataset.value = fullName;
  span.contentEditable = 'false'; // one unit while editing; dropped by `commentHtml`
  span.textContent = `@${fullName}`;
  const space = document.createTextNode('\u00a0');
  range.deleteContents();
  range.insertNode(space);
  range.insertNode(span);
  const selection = window.getSelection();
  const after = document.createRange();
  after.setStartAfter(space);
  after.collapse(true);
  selection?.removeAllRanges();
  selection?.addRange(after);
}

/** The box's content as the comment to send (editing-only attributes removed), or '' when empty. */
export function commentHtml(box: HTMLElement): string {
  const copy = box.cloneNode(true) as HTMLElement;
  for (const el of copy.querySelectorAll('[contenteditable]')) el.removeAttribute('contenteditable');
  const empty = !(copy.textContent ?? '').trim() && !copy.querySelector('.mention');
  return empty ? '' : copy.innerHTML;
}
