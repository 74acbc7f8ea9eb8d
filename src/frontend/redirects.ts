// frappe_docker's three `rewrite ... permanent` rules. Cortado answers with a relative Location so
// the internal port (:8080) never leaks to the browser behind a TLS proxy.

/**
 * The path a request should be 301-redirected to, or undefined. `path` is the raw request path
 * (the query string is kept by the caller).
 *
 * @example redirectTarget('/app/todo/') // '/app/todo'
 * @example redirectTarget('/about/index.html') // '/about'
 * @example redirectTarget('/about.html') // '/about'
 */
export function redirectTarget(path: string): string | undefined {
  const n = path.length;
  if (n > 1 && path.charCodeAt(n - 1) === 47 /* / */) return sameOrigin(path.slice(0, -1));
  if (n > 11 && path.endsWith('/index.html')) return sameOrigin(path.slice(0, -11));
  if (n > 5 && path.endsWith('.html')) return sameOrigin(path.slice(0, -5));
  return undefined;
}

// `//evil.example/` would otherwise become the protocol-relative `//evil.example`, and browsers
// read `/\` as `//`: an open redirect. A target always starts with exactly one slash.
function sameOrigin(target: string): string {
  let i = 0;
  while (i < target.length && (target[i] === '/' || target[i] === '\\')) i++;
  return i === 1 ? target : `/${target.slice(i)}`;
}
