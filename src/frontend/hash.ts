/**
 * 32-bit FNV-1a of a string, continuing from `seed`: a fast, well-spread hash for picking upstreams
 * (not for security).
 *
 * @example fnv1a('10.0.0.3:9000') // 2838423416
 */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
