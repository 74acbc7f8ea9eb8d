// A small history router for `/app/...`: the current route as reactive state, `navigate()`, and
// same-origin `<a href="/app/...">` clicks handled in place, so views can use plain, accessible links.
import { shallowRef } from 'vue';

export type Route =
  | { view: 'home' }
  | { view: 'list'; slug: string; query: URLSearchParams }
  | { view: 'form'; slug: string; name: string | null; query: URLSearchParams }
  | { view: 'not-found'; path: string };

/** Parses a desk path: `/app`, `/app/<slug>`, `/app/<slug>/new`, `/app/<slug>/<name with slashes>`. */
export function parseRoute(pathname: string, search = ''): Route {
  const query = new URLSearchParams(search);
  const path = pathname.replace(/\/+$/, '');
  if (path === '/app' || path === '/app/home' || path === '') return { view: 'home' };
  if (!path.startsWith('/app/')) return { view: 'not-found', path };
  const rest = path.slice('/app/'.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return { view: 'list', slug: rest, query };
  const slug = rest.slice(0, slash);
  const raw = rest.slice(slash + 1);
  if (raw === 'new' || /^new-[\w-]+-\d+$/.test(raw)) return { view: 'form', slug, name: null, query };
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = raw;
  }
  return { view: 'form', slug, name, query };
}

/** The current route. */
export const route = shallowRef<Route>(parseRoute(location.pathname, location.search));

type Guard = () => boolean;
const guards = new Set<Guard>();

/** Registers a check run before leaving the current view (e.g. unsaved changes); false stays. */
export function beforeLeave(guard: Guard): () => void {
  guards.add(guard);
  return () => guards.delete(guard);
}

function mayLeave(): boolean {
  for (const guard of guards) if (!guard()) return false;
  return true;
}

/** Goes to a desk path (pushes history unless `replace`). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = new URL(path, location.origin);
  if (url.pathname + url.search === location.pathname + location.search && !options.replace) return;
  if (!mayLeave()) return;
  if (options.replace) history.replaceState(null, '', url.pathname + url.search + url.hash);
  else history.pushState(null, '', url.pathname + url.search + url.hash);
  route.value = parseRoute(url.pathname, url.search);
  window.scrollTo(0, 0);
}

/** Starts listening to back/forward and to link clicks. */
export function startRouter(): void {
  window.addEventListener('popstate', () => {
    route.value = parseRoute(location.pathname, location.search);
  });
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a[href]');
    if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href);
    if (url.origin !== location.origin || !/^\/app(\/|$)/.test(url.pathname)) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}
