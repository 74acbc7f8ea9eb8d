import type { RequestContext } from './request-context.ts';

/**
 * Runs a request's work under the commit rule: a successful POST/PUT/PATCH/DELETE commits (then its
 * realtime events go out), anything else rolls back. Every route that touches `ctx.db` goes through here.
 *
 * @example app.post('/api/thing', (request) => runInContext(request.ctx!, () => insertThing(request.ctx!)));
 */
export async function runInContext<T>(ctx: RequestContext, work: () => Promise<T> | T): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await ctx.finish(false);
    throw error;
  }
  const finishing = ctx.finish(true);
  if (finishing) await finishing;
  return result;
}

/** The v1 success body: `{"message": result}` (key omitted when null/undefined) plus keys set on `ctx.response`. */
export function v1Reply(result: unknown, extras: Record<string, unknown>): Record<string, unknown> {
  return result === undefined || result === null ? { ...extras } : { message: result, ...extras };
}
