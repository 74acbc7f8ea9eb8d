// PLACEHOLDER (controllers branch): the `api` branch implements the AppContext and replaces this file. It is
// here only so `Document#ctx` has its one source to call; on this branch, asking for it fails clearly.
import type { DocContext } from '../model/context.ts';
import type { AppContext } from './app-context.ts';

/** The AppContext of a document context (one per context object). */
export function appContextOf(_dctx: DocContext): AppContext {
  throw new Error('AppContext is not available on this branch (the api branch provides appContextOf)');
}
