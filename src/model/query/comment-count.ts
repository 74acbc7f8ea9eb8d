// Frappe's `_comment_count` (DatabaseQuery's `with_comment_count`): how many comments a row's `_comments` holds,
// for the list view's comment badge. Counted by scanning the JSON text, so a page of rows costs no parsing.

/**
 * The number of entries of a `_comments` value (a JSON list of objects): 0 for none, null or anything that is
 * not a JSON list.
 *
 * @example commentCount('[{"comment":"hi","by":"a@x","name":"c1"}]') // 1
 */
export function commentCount(value: unknown): number {
  if (typeof value !== 'string') return 0;
  let i = 0;
  const n = value.length;
  while (i < n && value.charCodeAt(i) <= 32) i += 1;
  if (value[i] !== '[') return 0;
  let depth = 0;
  let count = 0;
  let inString = false;
  for (; i < n; i += 1) {
    const c = value.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i += 1; // backslash: the next character is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      // An object opened directly inside the outer list is one comment.
      if (c === 123 && depth === 1) count += 1;
      depth += 1;
    } else if (c === 93 || c === 125) {
      depth -= 1;
      if (depth === 0) return count;
    }
  }
  return 0; // not a closed list
}

/**
 * Sets `_comment_count` on every row that has a name, from its `_comments` (0 when the row has none, as Frappe's
 * when the list did not select it). Rows are changed in place.
 */
export function addCommentCounts(rows: readonly Record<string, unknown>[]): void {
  for (const row of rows) if (row.name) row._comment_count = commentCount(row._comments);
}
