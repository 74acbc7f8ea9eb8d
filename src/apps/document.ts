// The base class of an app's DocType controllers (Frappe's `Document`): `export default class Article extends
// Document { validate() { ... } }`. An instance wraps the engine's plain document object; field accessors
// (`this.status`) read and write that object, so what a hook changes is what the engine writes.
import type { DocContext } from '../model/context.ts';
import type { DocAction, DocEvent, HookArgs } from '../model/controllers/events.ts';
import type { Doc } from '../model/document/doc.ts';
import { saveDoc } from '../model/document/save.ts';
import type { Meta } from '../model/meta/meta.ts';
import { childFields, standardFields } from '../model/meta/standard-fields.ts';
import type { AppContext } from './app-context.ts';
import { appContextOf } from './app-context-of.ts';

/** What an instance is bound to: the document object, its context, and the operation running it. */
interface Binding {
  doc: Doc;
  dctx: DocContext;
  meta: Meta;
  action: DocAction | undefined;
  before: Doc | undefined;
  flags: Record<string, unknown>;
  app?: AppContext | undefined;
}

let bindingOf: (document: Document) => Binding;
let bindTo: (document: Document, binding: Binding) => void;

/**
 * A document as its controller sees it. Fields of the DocType are properties (`this.article_name`); type them
 * by merging the interface `cortado types` writes: `export default interface Article extends ArticleDoc {}`
 * next to the class. Do not declare fields as class properties: they would hide the accessors.
 * Lifecycle methods are Frappe's, by their names (`before_insert`, `validate`, `on_submit`, ...); document
 * methods callable through `run_doc_method` are listed in `static whitelisted`.
 *
 * @example export default class Article extends Document { validate() { if (!this.isbn) throw new ValidationError('ISBN is required'); } }
 */
export class Document {
  /** A field of the DocType (typed by the merged interface). */
  [field: string]: unknown;

  /** Methods `run_doc_method` may call, each given the call's arguments as one object. */
  static whitelisted: readonly string[] = [];

  #binding!: Binding;

  // Frappe's lifecycle methods, by their names: a subclass defines those it needs.

  before_insert?(): unknown;
  before_naming?(): unknown;
  autoname?(): unknown;
  before_validate?(): unknown;
  validate?(): unknown;
  before_save?(): unknown;
  before_submit?(): unknown;
  before_cancel?(): unknown;
  before_update_after_submit?(): unknown;
  after_insert?(): unknown;
  on_update?(): unknown;
  on_submit?(): unknown;
  on_cancel?(): unknown;
  on_update_after_submit?(): unknown;
  on_change?(): unknown;
  on_trash?(): unknown;
  after_delete?(): unknown;
  before_rename?(oldName: string, newName: string, merge: boolean): unknown;
  after_rename?(oldName: string, newName: string, merge: boolean): unknown;

  static {
    bindingOf = (document) => document.#binding;
    bindTo = (document, binding) => {
      document.#binding = binding;
    };
  }

  /** The app API bound to this operation's site, user and transaction. */
  get ctx(): AppContext {
    const binding = this.#binding;
    binding.app ??= appContextOf(binding.dctx);
    return binding.app;
  }

  /** The DocType's meta. */
  get meta(): Meta {
    return this.#binding.meta;
  }

  /** What the running operation does (`insert`, `save`, `submit`, `cancel`, ...); undefined in a document method. */
  get action(): DocAction | undefined {
    return this.#binding.action;
  }

  /** Per-operation flags (`force` on delete, `old`/`new`/`merge` on rename); hooks may add their own. */
  get flags(): Record<string, unknown> {
    return this.#binding.flags;
  }

  /** The document as stored before this operation (Frappe's `get_doc_before_save`); undefined for an insert. */
  getDocBeforeSave(): Doc | undefined {
    return this.#binding.before;
  }

  /** Whether the document is being inserted (not yet stored before this operation). */
  isNew(): boolean {
    return this.#binding.action === 'insert';
  }

  /** A field's value by name (for names a property cannot take). */
  get(fieldname: string): unknown {
    return this.#binding.doc[fieldname];
  }

  /** Sets a field's value by name. */
  set(fieldname: string, value: unknown): void {
    this.#binding.doc[fieldname] = value;
  }

  /** The plain document object the engine reads and writes. */
  asDict(): Doc {
    return this.#binding.doc;
  }

  /** Saves the document as it is now (Frappe's `doc.save()`), as the context's user; for document methods. */
  async save(): Promise<this> {
    const binding = this.#binding;
    const saved = await saveDoc(binding.dctx, binding.doc);
    Object.assign(binding.doc, saved);
    return this;
  }
}

/** A controller class: a `Document` subclass made with no arguments. */
export type DocumentClass = (new () => Document) & { whitelisted?: readonly string[] };

// Field accessors are defined once per class and meta, on the class's prototype: each reads or writes the bound
// document object. Names the class (or Document) already uses stay methods; `get(name)` reaches such fields.
const accessorsDone = new WeakMap<DocumentClass, WeakSet<Meta>>();

function defineAccessors(Cls: DocumentClass, meta: Meta): void {
  let metas = accessorsDone.get(Cls);
  if (!metas) {
    metas = new WeakSet();
    accessorsDone.set(Cls, metas);
  }
  if (metas.has(meta)) return;
  const proto = Cls.prototype as object;
  const names = [...standardFields, ...childFields, 'doctype', ...meta.fields.map((f) => f.fieldname)];
  for (const name of names) {
    if (typeof name !== 'string' || name === '' || name in proto) continue;
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: false,
      get(this: Document) {
        return bindingOf(this).doc[name];
      },
      set(this: Document, value: unknown) {
        bindingOf(this).doc[name] = value;
      },
    });
  }
  metas.add(meta);
}

/**
 * An instance of `Cls` bound to `doc` (the same instance for every event of one operation on that object, so
 * state a method keeps on `this` reaches the later ones).
 */
export function documentFor(
  Cls: DocumentClass,
  doc: Doc,
  dctx: DocContext,
  meta: Meta,
  args: HookArgs | undefined,
  instances?: WeakMap<Doc, Document>,
): Document {
  defineAccessors(Cls, meta);
  const known = instances?.get(doc);
  if (known && known.constructor === Cls) {
    const binding = bindingOf(known);
    if (args && binding.action === args.action && binding.dctx === dctx) return known;
  }
  const instance = new Cls();
  bindTo(instance, {
    doc,
    dctx,
    meta,
    action: args?.action,
    before: args?.before,
    flags: { ...args?.flags },
  });
  instances?.set(doc, instance);
  return instance;
}

/** Calls the class's method for `event`, when it has one (rename methods get old name, new name, merge). */
export async function runLifecycleMethod(instance: Document, event: DocEvent): Promise<void> {
  const method = instance[event] as ((...args: unknown[]) => unknown) | undefined;
  if (typeof method !== 'function') return;
  if (event === 'before_rename' || event === 'after_rename') {
    const flags = instance.flags;
    await method.call(instance, flags.old, flags.new, Boolean(flags.merge));
  } else await method.call(instance);
}
