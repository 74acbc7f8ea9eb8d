import type { DocContext } from '../context.ts';
import type { Doc } from '../document/doc.ts';
import { PermissionHooks } from '../permissions/permission-hooks.ts';
import type { DocController, DocEvent, DocHook, DocMethod, HookArgs } from './events.ts';

/** Registering a hook for this DocType name runs it for every DocType (Frappe's `doc_events["*"]`). */
export const anyDocType = '*';

/**
 * Per-DocType controller code: a controller object per DocType (an app's `Document` class, adapted by the apps
 * layer), lifecycle hooks (`validate`, `before_insert`, ... `on_trash`, `after_delete`), whitelisted document
 * methods (what `run_doc_method` may call) and permission hooks. Core and app code register here at start-up;
 * the engine runs the DocType's controller method first, then its own hooks, then the `*` hooks, in registration
 * order (Frappe runs the controller method, then `doc_events`).
 *
 * @example registry.on('ToDo', 'validate', (doc) => { if (doc.status === 'Closed' && !doc.date) doc.date = today; });
 */
export class ControllerRegistry {
  readonly #hooks = new Map<string, Map<DocEvent, DocHook[]>>();
  readonly #methods = new Map<string, Map<string, DocMethod>>();
  readonly #controllers = new Map<string, DocController[]>();
  /** `permission_query_conditions` and `has_permission` (applied by the permission evaluator and read scopes). */
  readonly permissions = new PermissionHooks();

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

  /**
   * Sets the controller of `doctype`. A later one replaces an earlier one (Frappe's `override_doctype_class`)
   * wherever it applies (`appliesTo`); where it does not, the earlier one still acts.
   */
  setController(doctype: string, controller: DocController): this {
    const list = this.#controllers.get(doctype) ?? [];
    list.push(controller);
    this.#controllers.set(doctype, list);
    return this;
  }

  /** The controller acting for `doctype` in `ctx`: the latest registered that applies there. */
  controller(doctype: string, ctx: DocContext): DocController | undefined {
    const list = this.#controllers.get(doctype);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const controller = list[i]!;
      if (!controller.appliesTo || controller.appliesTo(ctx)) return controller;
    }
    return undefined;
  }

  /** The function hooks for `event` on `doctype`: its own, then the `*` ones (the controller's method aside). */
  hooks(doctype: string, event: DocEvent): readonly DocHook[] {
    const own = this.#hooks.get(doctype)?.get(event) ?? [];
    const any = doctype === anyDocType ? [] : (this.#hooks.get(anyDocType)?.get(event) ?? []);
    return own.length === 0 ? any : any.length === 0 ? own : [...own, ...any];
  }

  /** A whitelisted method of `doctype`: the controller's (in `ctx`), else one registered with `whitelist`. */
  method(doctype: string, name: string, ctx?: DocContext): DocMethod | undefined {
    const own = ctx ? this.controller(doctype, ctx)?.method(name) : undefined;
    return own ?? this.#methods.get(doctype)?.get(name);
  }

  /** Runs the controller's method for `event`, then the hooks, one after another. */
  async run(event: DocEvent, doc: Doc, args: HookArgs): Promise<void> {
    const controller = this.controller(doc.doctype, args.ctx);
    if (controller) await controller.run(event, doc, args);
    for (const hook of this.hooks(doc.doctype, event)) await hook(doc, args);
  }
}
