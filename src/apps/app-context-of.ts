// The app API of a document context: what controllers, doc_events and permission hooks hand to app code.
import type { JobContext } from '../jobs/context.ts';
import type { DocContext } from '../model/context.ts';
import { contextSlot } from '../model/context-memo.ts';
import type { AppContext } from './app-context.ts';
import { DocAppContext } from './app-context-impl.ts';

const appContext = contextSlot<AppContext>('app context');

/**
 * The AppContext over `dctx` (one per context object: the same unit of work gets the same AppContext).
 * `job` is the job the context runs, when it runs one.
 *
 * @example await appContextOf(docContextOf(ctx, model)).getList('Article', { filters: { status: 'Issued' } });
 */
export function appContextOf(dctx: DocContext, job?: JobContext): AppContext {
  return appContext(dctx, () => new DocAppContext(dctx, job));
}
