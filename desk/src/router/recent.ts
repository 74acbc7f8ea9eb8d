// Which DocType the user is working in, and the last few they visited (for the awesome bar).
import { ref } from 'vue';

const key = 'cortado.desk.recent-doctypes';

/** The DocType of the list or form on screen. */
export const currentDoctype = ref<string | undefined>();

/** Marks `doctype` as the one on screen and remembers it among the recent ones. */
export function noteDoctype(doctype: string | undefined): void {
  currentDoctype.value = doctype;
  if (!doctype) return;
  const list = [doctype, ...recentDoctypes().filter((d) => d !== doctype)].slice(0, 5);
  try {
    localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // storage disabled: recents live for this page only
  }
}

/** Recently visited DocTypes, newest first. */
export function recentDoctypes(): string[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}
