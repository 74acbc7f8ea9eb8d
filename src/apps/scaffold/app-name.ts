// An app's name is its folder under `apps/`, its package folder, its npm package name and the first part of
// every dotted path (docs/apps.md): Frappe's rule, a lowercase identifier.
import { builtinModules } from 'node:module';

const appName = /^[a-z][a-z0-9_]{0,63}$/;
/** Names the bench itself uses: Cortado's core counts as `frappe`, `node_modules` holds the bench's links. */
const reserved = new Set(['frappe', 'cortado', 'node_modules']);

/** Why `name` cannot be an app's name, or undefined when it can. */
export function appNameProblem(name: string): string | undefined {
  if (!appName.test(name))
    return `invalid app name ${JSON.stringify(name)}: use lowercase letters, digits and underscores, starting with a letter (at most 64)`;
  if (reserved.has(name) || builtinModules.includes(name))
    return `invalid app name ${JSON.stringify(name)}: the name is reserved`;
  return undefined;
}

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
