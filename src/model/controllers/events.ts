import type { DocContext } from '../context.ts';
import type { Doc } from '../document/doc.ts';
import type { Meta } from '../meta/meta.ts';

/** The controller events of Frappe's document lifecycle, in the order they can fire. */
export type DocEvent =
  | 'before_insert'
  | 'before_naming'
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

/**
 * A DocType's controller object (Frappe's controller class; the apps layer adapts a `Document` subclass to it).
 * One per DocType acts at a time: a later registration overrides an earlier one where it applies.
 */
export interface DocController {
  /** Whether it acts in this context (an app's controller acts only on sites with the app); absent: always. */
  appliesTo?(ctx: DocContext): boolean;
  /** Runs its method for `event` on `doc`, if it has one (changes to `doc` are what the engine writes). */
  run(event: DocEvent, doc: Doc, args: HookArgs): void | Promise<void>;
  /** Its whitelisted method `name`, or undefined. */
  method(name: string): DocMethod | undefined;
}
