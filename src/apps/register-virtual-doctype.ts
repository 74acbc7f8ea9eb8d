// An app's virtual DocType (`is_virtual: 1` in its JSON): its controller class keeps the records and answers
// Frappe's methods — static `get_list` / `get_count`, instance `load_from_db` / `db_insert` / `db_update` /
// `delete`. The document engine runs its lifecycle, validation and permissions around those calls.
import type { DocContext } from '../model/context.ts';
import type { ControllerRegistry } from '../model/controllers/registry.ts';
import type { Doc } from '../model/document/doc.ts';
import type { Meta } from '../model/meta/meta.ts';
import type { ListQueryInput } from '../model/query/types.ts';
import type { VirtualDocTypes } from '../model/virtual/virtual-doctypes.ts';
import type { AppContext } from './app-context.ts';
import { appContextOf } from './app-context-of.ts';
import { type Document, type DocumentClass, documentFor } from './document.ts';
import { type DocumentClassOptions, registerDocumentClass } from './register-document-class.ts';

/** The list arguments a virtual DocType's `get_list` / `get_count` receive (as the API got them). */
export type VirtualListArgs = ListQueryInput;

/** What a virtual DocType's controller class adds to a `Document` subclass. */
export interface VirtualDocumentClass extends DocumentClass {
  /** The records matching the list arguments (filters, fields, start, page length, order as sent). */
  get_list(args: VirtualListArgs, ctx: AppContext): Doc[] | Promise<Doc[]>;
  /** How many records match. */
  get_count(args: VirtualListArgs, ctx: AppContext): number | Promise<number>;
}

/** The instance methods of a virtual DocType's controller (`this.name` is set before `load_from_db`). */
interface VirtualDocument extends Document {
  load_from_db?(): Doc | undefined | Promise<Doc | undefined>;
  db_insert?(): unknown;
  db_update?(): unknown;
  delete?(): unknown;
}

/**
 * Makes `Cls` the controller of the virtual DocType `doctype`: its lifecycle methods through the controller
 * registry (as `registerDocumentClass`), its storage methods through the virtual DocType registry. A later
 * registration for the same DocType replaces this one where it applies. Error when a storage method is missing.
 *
 * @example registerVirtualDocType(virtualDocTypes, controllers, 'Weather Reading', WeatherReading);
 */
export function registerVirtualDocType(
  virtual: VirtualDocTypes,
  controllers: ControllerRegistry,
  doctype: string,
  Cls: VirtualDocumentClass,
  options: DocumentClassOptions = {},
): void {
  registerDocumentClass(controllers, doctype, Cls, options);
  const proto = Cls.prototype as VirtualDocument;
  for (const name of ['load_from_db'] as const) {
    if (typeof proto[name] !== 'function')
      throw new Error(`The controller of the virtual DocType ${doctype} must define ${name}()`);
  }
  for (const name of ['get_list', 'get_count'] as const) {
    if (typeof Cls[name] !== 'function')
      throw new Error(`The controller of the virtual DocType ${doctype} must define static ${name}()`);
  }
  const meta = (dctx: DocContext): Promise<Meta> => dctx.metas.get(dctx.db, doctype);
  const instance = async (dctx: DocContext, doc: Doc) =>
    documentFor(Cls, doc, dctx, await meta(dctx), undefined) as VirtualDocument;
  // The AppContext is made only for static methods that take it.
  const appOf = (dctx: DocContext, fn: (...args: never[]) => unknown) =>
    (fn.length > 1 ? appContextOf(dctx) : undefined) as AppContext;
  virtual.register(
    doctype,
    {
      get: async (dctx, name) => {
        const record = await (await instance(dctx, { doctype, name })).load_from_db!();
        return record ? { ...record, doctype, name: String(record.name ?? name) } : undefined;
      },
      list: async (dctx, input) => Cls.get_list(input, appOf(dctx, Cls.get_list)),
      count: async (dctx, input) => Number(await Cls.get_count(input, appOf(dctx, Cls.get_count))),
      insert: storage(proto.db_insert, async (dctx, doc) => (await instance(dctx, doc)).db_insert!()),
      update: storage(proto.db_update, async (dctx, doc) => (await instance(dctx, doc)).db_update!()),
      delete: storage(proto.delete, async (dctx, name) =>
        (await instance(dctx, { doctype, name })).delete!(),
      ),
    },
    options.appliesTo,
  );
}

// A storage operation the class defines (else the DocType does not allow it).
function storage<A>(
  method: unknown,
  call: (dctx: DocContext, arg: A) => Promise<unknown>,
): ((dctx: DocContext, arg: A) => Promise<void>) | undefined {
  if (typeof method !== 'function') return undefined;
  return async (dctx, arg) => {
    await call(dctx, arg);
  };
}
