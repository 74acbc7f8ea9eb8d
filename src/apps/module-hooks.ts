// How app TypeScript is imported: tsx compiles it (apps ship no build step), and a resolve hook maps the bare
// specifier `cortado` to this running Cortado's own entry, so app code and Cortado share one module instance
// (an app's controller `instanceof Document` holds; one error catalogue). tsx's namespaced `tsImport` would
// load `cortado` a second time inside its namespace, so tsx is registered once for the process and the hook
// itself carries a generation mark from an app module to the app modules it imports (developer-mode reload).
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

/** The query parameter that marks one generation of an app's modules (a reload imports a new one). */
export const generationParam = 'cortado-app-generation';

// Compiled, this file is dist/apps/module-hooks.js and the entry dist/index.js; under tsx, src/index.ts.
const compiled = import.meta.url.endsWith('.js');
const entryUrl = new URL(compiled ? '../index.js' : '../index.ts', import.meta.url).href;
const cortadoRoot = new URL('..', import.meta.url).href;

// Runs on Node's loader thread: plain JavaScript, given its data through `initialize`.
const resolveHook = `
let entry, root;
const param = ${JSON.stringify(generationParam)};
export function initialize(data) { entry = data.entry; root = data.root; }
export async function resolve(specifier, context, next) {
  // Resolved onwards (not short-circuited): tsx's own resolve marks the entry as TypeScript when it is.
  if (specifier === 'cortado') return next(entry, context);
  const result = await next(specifier, context);
  const parent = context.parentURL;
  if (!parent || !parent.startsWith('file:') || !result.url.startsWith('file:')) return result;
  const generation = new URL(parent).searchParams.get(param);
  if (!generation || result.url.includes('/node_modules/') || result.url.startsWith(root)) return result;
  const url = new URL(result.url);
  if (url.searchParams.has(param)) return result;
  url.searchParams.set(param, generation);
  return { ...result, url: url.href };
}
`;

let installed = false;

/** Installs tsx and the `cortado` resolve hook, once per process (later calls do nothing). */
export function installAppModuleHooks(): void {
  if (installed) return;
  installed = true;
  registerTsx();
  register(`data:text/javascript,${encodeURIComponent(resolveHook)}`, {
    data: { entry: entryUrl, root: cortadoRoot },
  });
}
