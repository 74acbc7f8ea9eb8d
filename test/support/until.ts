/**
 * Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`.
 * Tests wait for outcomes this way instead of sleeping and hoping.
 *
 * @example const v = await until(async () => (await cache.get('k')) === undefined, 'key expired');
 */
export async function until<T>(
  check: () => T | Promise<T>,
  what: string,
  { timeoutMs = 5_000, everyMs = 20 } = {},
): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as Exclude<T, false | undefined>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
