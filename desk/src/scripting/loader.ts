// Imports the app scripts the boot data lists (`desk_scripts`, only apps installed on this site), each URL
// once, when the first form or list of its DocType opens. A script that fails to load is reported and the
// view works without it.
import { boot } from '../boot.ts';
import { toast } from '../components/toasts.ts';

const loaded = new Map<string, Promise<void>>();

function importOnce(url: string): Promise<void> {
  let pending = loaded.get(url);
  if (!pending) {
    // Only same-origin asset URLs, as the server wrote them.
    pending = url.startsWith('/assets/')
      ? import(/* @vite-ignore */ url).then(
          () => undefined,
          (error: unknown) => {
            console.error(`Desk script ${url} failed to load`, error);
            toast(`A desk script of this page failed to load (${url})`, 'error');
          },
        )
      : Promise.resolve();
    loaded.set(url, pending);
  }
  return pending;
}

async function importAll(urls: readonly string[] | undefined): Promise<void> {
  for (const url of urls ?? []) await importOnce(url);
}

/** Every `app_include_js` script (at start). */
export function loadIncludeScripts(): Promise<void> {
  return importAll(boot.desk_scripts?.app_include_js);
}

/** The form scripts of `doctype` (`doctype_js`). */
export function loadFormScripts(doctype: string): Promise<void> {
  return importAll(boot.desk_scripts?.doctype_js[doctype]);
}

/** The list settings scripts of `doctype` (`doctype_list_js`). */
export function loadListScripts(doctype: string): Promise<void> {
  return importAll(boot.desk_scripts?.doctype_list_js[doctype]);
}
