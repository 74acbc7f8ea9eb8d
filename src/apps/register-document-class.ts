// A `Document` subclass as the DocType's controller in the model's ControllerRegistry (a DocType's JSON beside
// its `.ts` controller, and `override_doctype_class`: a later class replaces the earlier one where it applies).
import type { DocContext } from '../model/context.ts';
import type { DocController, DocMethod } from '../model/controllers/events.ts';
import type { ControllerRegistry } from '../model/controllers/registry.ts';
import type { Doc } from '../model/document/doc.ts';
import { Document, type DocumentClass, documentFor, runLifecycleMethod } from './document.ts';

/** Options of `registerDocumentClass`. */
export interface DocumentClassOptions {
  /** Where the class acts (an app's: sites with the app installed); elsewhere an earlier class still does. */
  appliesTo?: ((ctx: DocContext) => boolean) | undefined;
}

/**
 * Makes `Cls` the controller of `doctype`: its lifecycle methods run before the DocType's function hooks, and
 * the methods named in `Cls.whitelisted` answer `run_doc_method`. Registering another class for the same
 * DocType overrides this one (Frappe's `override_doctype_class`). Error when `Cls` is not a `Document`
 * subclass or whitelists a name that is not one of its methods.
 *
 * @example registerDocumentClass(registry, 'Article', Article);
 */
export function registerDocumentClass(
  registry: ControllerRegistry,
  doctype: string,
  Cls: DocumentClass,
  options: DocumentClassOptions = {},
): void {
  registry.setController(doctype, documentController(doctype, Cls, options));
}

function documentController(
  doctype: string,
  Cls: DocumentClass,
  options: DocumentClassOptions,
): DocController {
  if (typeof Cls !== 'function' || !(Cls.prototype instanceof Document))
    throw new Error(`The controller of ${doctype} must be a class extending Document`);
  const whitelisted = new Set(Cls.whitelisted ?? []);
  for (const name of whitelisted) {
    if (typeof (Cls.prototype as Record<string, unknown>)[name] !== 'function')
      throw new Error(`${Cls.name} whitelists ${name}, which is not one of its methods`);
  }
  const proto = Cls.prototype as unknown as Record<string, unknown>;
  // One instance per document object and operation: what a method keeps on `this` reaches the later events.
  const instances = new WeakMap<Doc, Document>();
  const methods = new Map<string, DocMethod>();
  for (const name of whitelisted) {
    methods.set(name, (doc, call) => {
      const instance = documentFor(Cls, doc, call.ctx, call.meta, undefined);
      return (instance[name] as (args: Readonly<Record<string, unknown>>) => unknown)(call.args);
    });
  }
  return {
    appliesTo: options.appliesTo,
    run: (event, doc, args) => {
      if (typeof proto[event] !== 'function') return;
      return runLifecycleMethod(documentFor(Cls, doc, args.ctx, args.meta, args, instances), event);
    },
    method: (name) => methods.get(name),
  };
}
