// An app's name is its folder under `apps/`, its package folder, its npm package name and the first part of
// every dotted path (docs/apps.md): Frappe's rule, a lowercase identifier.
import { appNameProblem } from '../app-names.ts';

/** Throws a one-line Error unless `name` can be a new app's name. */
export function assertAppName(name: string): void {
  const problem = appNameProblem(name);
  if (problem) throw new Error(problem);
}

/** `library_management` → `Library Management` (the default title and module, as Frappe's). */
export function titleOf(name: string): string {
  return name
    .split('_')
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}
