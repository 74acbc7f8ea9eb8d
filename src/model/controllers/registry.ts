import type { Doc } from '../document/doc.ts';
import type { DocEvent, DocHook, DocMethod, HookArgs } from './events.ts';

/** Registering a hook for this DocType name runs it for every DocType (Frappe's `doc_events["*"]`). */
export const anyDocType = '*';

/**
 * Per-DocType controller code: lifecycle hooks (`validate`, `before_insert`, ... `on_trash`, `after_delete`)
 * and whitelisted document methods (what `run_doc_method` may call). Core and app code register here at
 * start-up; the engine runs a DocType's own hooks first, then the `*` hooks, in registration order.
 *
 * @example registry.on('ToDo', 'validate', (doc) => { if (doc.status === 'Closed' && !doc.date) doc.date = today; });
 */
export class ControllerRegistry {
  readonly #hooks = new Map<string, Map<DocEvent, DocHook[]>>();
  readonly #methods = new Map<string, Map<string, DocMethod>>();

  /** Adds a hook for `event` on `doctype` (or `*`). */
  on(doctype: string, event: DocEvent, hook: DocHook): this {
    let events = this.#hooks.get(doctype);
    if (!events) {
      events = new Map();
      this.#hooks.set(doctype, events);
    }
    const list = events.get(event) ?? [];
    list.push(hook);
    events.set(event, list);
    return this;
  }

  /** Whitelists `method` on documents of `doctype` (callable through `runDocMethod`). */
  whitelist(doctype: string, method: string, fn: DocMethod): this {
    let methods = this.#methods.get(doctype);
    if (!methods) {
      methods = new Map();
      this.#methods.set(doctype, methods);
    }
    methods.set(method, fn);
    return this;
  }

  /** The hooks for `event` on `doctype`: its own, then the `*` ones. */
  hooks(doctype: string, event: DocEvent): readonly DocHook[] {
    const own = this.#hooks.get(doctype)?.get(event) ?? [];
    const any = doctype === anyDocType ? [] : (this.#hooks.get(anyDocType)?.get(event) ?? []);
    return [...own, ...any];
  }

  /** A whitelisted method of `doctype`, or undefined. */
  method(doctype: string, name: string): DocMethod | undefined {
    return this.#methods.get(doctype)?.get(name);
  }

  /** Runs the hooks for `event`, one after another. */
  async run(event: DocEvent, doc: Doc, args: HookArgs): Promise<void> {
    for (const hook of this.hooks(doc.doctype, event)) await hook(doc, args);
  }
}
