// `frappe.desk.search` (Frappe's `frappe/desk/search.py`): Link field autocomplete.
import { PermissionError, ValidationError } from '../../errors/index.ts';
import { clip } from '../../model/query/errors.ts';
import { docContextOf } from '../api/doc-context.ts';
import { buildForAutosuggest, searchWidget } from '../api/link-search.ts';
import type { ModelServices } from '../api/model-services.ts';
import { callMethod, type MethodRegistry } from '../methods.ts';
import type { RequestContext } from '../request-context.ts';
import { anyParam, doctypeParam, flagArg } from './method-args.ts';

const searchParams = {
  doctype: doctypeParam,
  txt: { type: 'string' },
  query: { type: 'string' },
  searchfield: { type: 'string' },
  start: { type: 'int' },
  page_length: { type: 'int' },
  filters: anyParam,
  as_dict: anyParam,
  reference_doctype: { type: 'string' },
} as const;

const searchMethods = new Set(['frappe.desk.search.search_link', 'frappe.desk.search.search_widget']);

/** Most rows one search may ask for. */
export const maxSearchPageLength = 500;

/**
 * Registers `frappe.desk.search.search_link` (`[{value, description, label?}]`) and `search_widget` (rows).
 * A `query` names another whitelisted method that does the search (Frappe's custom link queries); it is
 * called through the registry, so it must be whitelisted and allowed for the user.
 */
export function registerSearchMethods(registry: MethodRegistry, model: ModelServices): void {
  const search = async (
    ctx: RequestContext,
    args: {
      doctype: string;
      txt?: string;
      query?: string;
      searchfield?: string;
      start?: number;
      page_length?: number;
      filters?: unknown;
      as_dict?: unknown;
    },
    asDict: boolean,
  ): Promise<unknown[]> => {
    if (args.searchfield !== undefined && !/^[A-Za-z0-9_]{1,64}$/.test(args.searchfield))
      throw new PermissionError('Invalid search field');
    const pageLength = Math.min(Math.max(args.page_length ?? 10, 1), maxSearchPageLength);
    if (args.query) {
      if (searchMethods.has(args.query.trim()))
        throw new ValidationError(`A search query cannot be ${clip(args.query, 80)} itself`);
      // The custom query sees the search arguments as its own, but not the query (as in Frappe), so a
      // query method that searches again cannot recurse.
      Object.assign(ctx.args, { page_len: pageLength, start: args.start ?? 0, txt: args.txt ?? '' });
      delete ctx.args.query;
      const rows = await callMethod(registry, ctx, args.query);
      return Array.isArray(rows) ? rows : [];
    }
    return searchWidget(docContextOf(ctx, model), {
      doctype: args.doctype,
      txt: args.txt ?? '',
      searchfield: args.searchfield,
      start: args.start,
      pageLength,
      filters: args.filters,
      asDict,
    });
  };

  registry.whitelist('frappe.desk.search.search_link', { params: searchParams }, async (ctx, args) => {
    const rows = await search(ctx, args, false);
    const dctx = docContextOf(ctx, model);
    return buildForAutosuggest(rows, await dctx.metas.get(dctx.db, args.doctype));
  });

  registry.whitelist('frappe.desk.search.search_widget', { params: searchParams }, (ctx, args) =>
    search(ctx, args, flagArg(args.as_dict, false)),
  );
}
