// Virtual DocTypes (Frappe's `is_virtual`): DocTypes with no table, whose records a controller keeps elsewhere
// (the job queue for `RQ Job`, an app's own store). The engine turns to this registry, reached from the
// DocContext, wherever it would read or write a table: loading, inserting, updating and deleting documents, and
// the API's lists and counts. So the API, jobs, the CLI and realtime see the same records.
import { ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import type { Doc } from '../document/doc.ts';
import type { Meta } from '../meta/meta.ts';
import type { ListQueryInput } from '../query/types.ts';

/**
 * What a virtual DocType's controller does (Frappe's `load_from_db`, `get_list`, `get_count`, `db_insert`,
 * `db_update`, `delete`). Documents go through the engine's lifecycle (hooks, validation, permissions) around
 * these calls, unless `ownsAccess`.
 */
export interface VirtualDocType {
  /**
   * The controller decides who may do what and runs no hooks (as `RQ Job`): the engine then reads no meta and
   * checks nothing, and calls it directly (so a request reaching it opens no database transaction).
   */
  ownsAccess?: boolean | undefined;
  /** One record, or undefined when there is none (`ownsAccess` controllers may throw DoesNotExistError). */
  get(ctx: DocContext, name: string): Promise<Doc | undefined>;
  list(ctx: DocContext, input: ListQueryInput): Promise<Doc[]>;
  count(ctx: DocContext, input: ListQueryInput): Promise<number>;
  /** Stores a new, validated and named document; without it, records cannot be created. */
  insert?(ctx: DocContext, doc: Doc): Promise<void>;
  /** Stores a changed document; without it, records cannot be changed. */
  update?(ctx: DocContext, doc: Doc): Promise<void>;
  /** Removes a record; without it, records cannot be deleted. */
  delete?(ctx: DocContext, name: string): Promise<void>;
}

interface Entry {
  controller: VirtualDocType;
  appliesTo: ((ctx: DocContext) => boolean) | undefined;
}

/**
 * The virtual DocTypes of a process, by name. A later registration for a name replaces an earlier one where it
 * applies (`appliesTo`: an app's DocType exists only on sites with the app).
 *
 * @example virtualDocTypes.register('RQ Job', rqJobDocType(jobs));
 */
export class VirtualDocTypes {
  readonly #entries = new Map<string, Entry[]>();

  register(doctype: string, controller: VirtualDocType, appliesTo?: (ctx: DocContext) => boolean): this {
    this.#entries.set(doctype, [...(this.#entries.get(doctype) ?? []), { controller, appliesTo }]);
    return this;
  }

  /** The controller of `doctype` acting in `ctx`, or undefined. */
  find(ctx: DocContext, doctype: string): VirtualDocType | undefined {
    const entries = this.#entries.get(doctype);
    if (!entries) return undefined;
    for (let i = entries.length - 1; i >= 0; i--) {
      const { controller, appliesTo } = entries[i]!;
      if (!appliesTo || appliesTo(ctx)) return controller;
    }
    return undefined;
  }
}

/** The controller of `doctype` when it is a virtual DocType served in `ctx` (looked up by name: no meta read). */
export function virtualDocType(ctx: DocContext, doctype: string): VirtualDocType | undefined {
  return ctx.virtualDocTypes?.find(ctx, doctype);
}

/** A controller that decides access itself (`ownsAccess`), to be called directly; else undefined. */
export function selfServedDocType(ctx: DocContext, doctype: unknown): VirtualDocType | undefined {
  if (typeof doctype !== 'string' || !ctx.virtualDocTypes) return undefined;
  const controller = ctx.virtualDocTypes.find(ctx, doctype);
  return controller?.ownsAccess ? controller : undefined;
}

/** The controller of a virtual DocType; ValidationError when none serves it here. */
export function virtualController(ctx: DocContext, meta: Meta): VirtualDocType {
  const controller = virtualDocType(ctx, meta.name);
  if (!controller) throw new ValidationError(`${meta.name} is a virtual DocType and stores nothing`);
  return controller;
}

/** The controller's `op`; ValidationError naming what the DocType does not allow. */
export function virtualOperation<K extends 'insert' | 'update' | 'delete'>(
  ctx: DocContext,
  meta: Meta,
  op: K,
): NonNullable<VirtualDocType[K]> {
  const controller = virtualController(ctx, meta);
  const fn = controller[op];
  const verb = { insert: 'created', update: 'changed', delete: 'deleted' }[op];
  if (!fn) throw new ValidationError(`${meta.name} records cannot be ${verb}`);
  return fn.bind(controller) as NonNullable<VirtualDocType[K]>;
}
