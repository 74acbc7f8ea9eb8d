// Frappe's `delete_bulk`: deletes documents one by one, each through the document engine (delete permission,
// submitted documents refused, links checked, controllers); failures are collected, not fatal. When some went
// and some did not, the rest are tried again (one may have been kept only by a link from another in the batch).
// The outcome reaches the user as a realtime `msgprint`, progress as `progress` events, as Frappe's.
import { type AppContext, FrappeError } from 'cortado';

/** Deletes `items` of `doctype`; returns the names that could not be deleted. */
export async function deleteBulk(
  ctx: AppContext,
  doctype: string,
  items: readonly string[],
): Promise<string[]> {
  let pending = [...items];
  for (;;) {
    const failed: string[] = [];
    for (const [i, name] of pending.entries()) {
      try {
        await ctx.delete(doctype, name);
        if (pending.length >= 5)
          ctx.publishRealtime(
            'progress',
            { progress: [i + 1, pending.length], title: `Deleting ${doctype}`, description: name },
            { user: ctx.user },
          );
      } catch (error) {
        if (!(error instanceof FrappeError)) throw error;
        failed.push(name);
      }
    }
    if (failed.length && failed.length !== pending.length) {
      pending = failed;
      continue;
    }
    const message = failed.length
      ? {
          message: `Failed to delete ${failed.length} documents: ${failed.join(', ')}`,
          title: 'Bulk Operation Failed',
        }
      : { message: 'Deleted all documents successfully', title: 'Bulk Operation Successful' };
    ctx.publishRealtime('msgprint', message, { user: ctx.user });
    return failed;
  }
}
