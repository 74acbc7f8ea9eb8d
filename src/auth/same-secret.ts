/**
 * Compares a presented secret with the expected one in time that depends only on their lengths (no early exit
 * at the first differing character), without the Buffer copies `crypto.timingSafeEqual` would need on strings.
 *
 * @example sameSecret(presentedToken, session.data.csrfToken)
 */
export function sameSecret(presented: string, expected: string): boolean {
  if (presented.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= presented.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}
