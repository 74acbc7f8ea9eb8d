// What the awesome bar offers for a text: DocTypes to jump to, "New X", and documents found with
// `frappe.desk.search.search_link` in the DocType on screen and the recently visited ones.
import { listDocTypes } from '../api/meta.ts';
import { searchLink } from '../api/resource.ts';
import { recentDoctypes } from '../router/recent.ts';
import { formPath, listPath, newPath, rememberDocType } from '../router/slug.ts';

export interface Suggestion {
  label: string;
  hint: string;
  href: string;
}

function score(name: string, text: string): number {
  const lower = name.toLowerCase();
  if (lower === text) return 0;
  if (lower.startsWith(text)) return 1;
  if (lower.split(' ').some((word) => word.startsWith(text))) return 2;
  return lower.includes(text) ? 3 : -1;
}

/**
 * Suggestions for `input`, best first.
 *
 * @example await suggest('new todo', 'ToDo') // [{ label: 'New ToDo', href: '/app/todo/new', ... }, ...]
 */
export async function suggest(
  input: string,
  context: string | undefined,
  signal?: AbortSignal,
): Promise<Suggestion[]> {
  const text = input.trim().toLowerCase();
  if (!text) return [];
  const out: Suggestion[] = [];
  let doctypes: string[] = [];
  try {
    doctypes = (await listDocTypes()).filter((d) => !d.istable).map((d) => d.name);
    for (const name of doctypes) rememberDocType(name);
  } catch {
    // no access to the DocType list: documents only
  }

  const wantsNew = /^new\s+/.exec(text);
  if (wantsNew) {
    const rest = text.slice(wantsNew[0].length);
    for (const name of rank(doctypes, rest).slice(0, 6))
      out.push({ label: `New ${name}`, hint: 'Create', href: newPath(name) });
  }
  const matched = rank(doctypes, text).slice(0, 6);
  for (const name of matched) out.push({ label: name, hint: 'List', href: listPath(name) });
  if (!wantsNew && matched[0])
    out.push({ label: `New ${matched[0]}`, hint: 'Create', href: newPath(matched[0]) });

  const where = [...new Set([context, ...recentDoctypes()].filter((d): d is string => Boolean(d)))].slice(
    0,
    3,
  );
  const found = await Promise.all(
    where.map((doctype) =>
      searchLink(doctype, input.trim(), { pageLength: 5, signal }).then(
        (rows) => rows.map((row) => ({ doctype, row })),
        () => [],
      ),
    ),
  );
  for (const { doctype, row } of found.flat())
    out.push({
      label: row.label || row.value,
      hint: row.description ? `${doctype} · ${row.description}` : doctype,
      href: formPath(doctype, row.value),
    });
  return out.slice(0, 14);
}

function rank(names: string[], text: string): string[] {
  if (!text) return names.slice();
  return names
    .map((name) => ({ name, s: score(name, text) }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => a.s - b.s || a.name.localeCompare(b.name))
    .map((x) => x.name);
}
