/**
 * A Redis URL without its credentials, for error messages and logs.
 *
 * @example redisWhere('redis://:secret@cache:6379/1') === 'redis://cache:6379/1'
 */
export function redisWhere(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'redis (unparseable URL)';
  }
}
