import type { DocContext } from '../context.ts';
import type { Doc } from '../document/doc.ts';
import type { Meta } from '../meta/meta.ts';

/** The controller events of Frappe's document lifecycle, in the order they can fire. */
export type DocEvent =
  | 'before_insert'
  | 'autoname'
  | 'before_validate'
  | 'validate'
  | 'before_save'
  | 'before_submit'
  | 'before_cancel'
  | 'before_update_after_submit'
  | 'after_insert'
  | 'on_update'
  | 'on_submit'
  | 'on_cancel'
  | 'on_update_after_submit'
  | 'on_change'
  | 'on_trash'
  | 'after_delete'
  | 'before_rename'
  | 'after_rename';

/** What a write does to a document (Frappe's `_action`). */
export type DocAction = 'insert' | 'save' | 'submit' | 'cancel' | 'update_after_submit' | 'delete' | 'rename';

/** What a hook is told besides the document itself. */
export interface HookArgs {
  ctx: DocContext;
  meta: Meta;
  action: DocAction;
  /** The document as stored before this operation (undefined for an insert). */
  before: Doc | undefined;
  /** Options of the operation (`force` on delete, `old`/`new`/`merge` on rename). */
  flags: Readonly<Record<string, unknown>>;
}

/**
 * A controller hook: may change `doc` (before the write) or throw a catalogue error to stop the operation
 * (the transaction then rolls back).
 */
export type DocHook = (doc: Doc, args: HookArgs) => void | Promise<void>;

/** What a whitelisted document method receives besides the document. */
export interface DocMethodArgs {
  ctx: DocContext;
  meta: Meta;
  /** The call's arguments (request parameters other than the document's identity). */
  args: Readonly<Record<string, unknown>>;
}

/** A whitelisted document method (`run_doc_method`): its return value is the reply's `message`. */
export type DocMethod = (doc: Doc, call: DocMethodArgs) => unknown;
