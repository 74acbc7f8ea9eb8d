// The routes the fuzzer calls, each as an arbitrary request: the route's path and its arguments, every
// argument optional and hostile, sent in the query string (GET) or as a JSON or form body (POST).
import fc from 'fast-check';
import type { Req } from '../permissions/fixture.ts';
import {
  anyJson,
  docBody,
  docName,
  doctype,
  fields,
  filters,
  limit,
  orderBy,
  plausible,
} from './arbitraries.ts';

/** A request the fuzzer sends (a string body goes form-encoded). */
export type FuzzReq = Req;

type Args = Record<string, unknown>;

/** Query-string text of `args`: strings as they are, anything else as JSON. */
function query(args: Args): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(args))
    if (value !== undefined) params.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A path segment; a lone surrogate (no UTF-8 form) goes as the invalid UTF-8 bytes of one. */
const seg = (value: unknown) =>
  String(value)
    .split(/(\p{Cs})/u)
    .map((part, i) => (i % 2 ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

/** Optional arguments: each key present or not, but for those in `required`. */
const some = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T, required: readonly string[] = []) =>
  fc.record(model, {
    requiredKeys: Object.keys(model).filter((key) => required.includes(key)),
  }) as fc.Arbitrary<Args>;

/** The arbitraries a route's arguments are drawn from: hostile ones, or plausible ones. */
export interface ArgKit {
  doctype: fc.Arbitrary<string>;
  docName: fc.Arbitrary<string>;
  fields: fc.Arbitrary<unknown>;
  filters: fc.Arbitrary<unknown>;
  orderBy: fc.Arbitrary<unknown>;
  limit: fc.Arbitrary<unknown>;
  groupBy: fc.Arbitrary<unknown>;
  /** A flag, a text or anything else a route takes. */
  other: fc.Arbitrary<unknown>;
  /** Whether lists also get every rarer argument (offsets, aliases, flags), not only the common ones. */
  allArgs: boolean;
  /** Arguments always sent (the plausible kit always names its DocType and document). */
  required: readonly string[];
}

const get = (path: fc.Arbitrary<string>, args: fc.Arbitrary<Args>): fc.Arbitrary<FuzzReq> =>
  fc.tuple(path, args).map(([p, a]) => ({ method: 'GET', url: `${p}${query(a)}` }));

const method = (name: string, args: fc.Arbitrary<Args>): fc.Arbitrary<FuzzReq> =>
  fc.tuple(args, fc.boolean()).map(([a, form]) => ({
    method: 'POST',
    url: `/api/method/${name}`,
    body: form ? query(a).slice(1) : a,
  }));

/** Every route that reads data, with every argument it takes, drawn from `k`. */
export function readRoutesFrom(k: ArgKit): fc.Arbitrary<FuzzReq> {
  const { doctype, docName, fields, filters, limit, other } = k;
  const commonArgs = { fields, filters, order_by: k.orderBy, group_by: k.groupBy, limit_page_length: limit };
  const rareArgs = {
    or_filters: filters,
    limit_start: limit,
    limit,
    start: limit,
    page_length: limit,
    as_dict: other,
    distinct: other,
    parent: fc.oneof(fc.constantFrom('Ledger', ''), other),
  };
  const listArgs = k.allArgs ? { ...commonArgs, ...rareArgs } : commonArgs;
  const searchArgs = { doctype, txt: other, searchfield: fields, filters, page_length: limit, start: limit };
  return fc.oneof(
    get(
      doctype.map((dt) => `/api/resource/${seg(dt)}`),
      some(listArgs, k.required),
    ),
    get(
      fc.tuple(doctype, docName).map(([dt, n]) => `/api/resource/${seg(dt)}/${seg(n)}`),
      some({ fields }, k.required),
    ),
    get(
      doctype.map((dt) => `/api/v2/document/${seg(dt)}`),
      some(listArgs, k.required),
    ),
    get(
      fc.tuple(doctype, docName).map(([dt, n]) => `/api/v2/document/${seg(dt)}/${seg(n)}`),
      some({ fields }, k.required),
    ),
    get(
      doctype.map((dt) => `/api/v2/doctype/${seg(dt)}/count`),
      some({ filters, or_filters: filters }, k.required),
    ),
    method('frappe.client.get_list', some({ doctype, ...listArgs }, k.required)),
    method(
      'frappe.client.get_count',
      some({ doctype, filters, or_filters: filters, distinct: other }, k.required),
    ),
    method(
      'frappe.client.get_value',
      some({ doctype, fieldname: fields, filters, as_dict: other, parent: other }, k.required),
    ),
    method('frappe.client.get', some({ doctype, name: docName, filters, parent: other }, k.required)),
    method(
      'frappe.desk.reportview.get',
      some({ doctype, ...listArgs, with_comment_count: other }, k.required),
    ),
    method('frappe.desk.reportview.get_list', some({ doctype, ...listArgs }, k.required)),
    method(
      'frappe.desk.reportview.get_count',
      some({ doctype, filters, or_filters: filters, distinct: other, limit }, k.required),
    ),
    method(
      'frappe.desk.search.search_link',
      some(
        {
          ...searchArgs,
          reference_doctype: doctype,
          // `query` names another whitelisted method that does the search: itself included.
          query: fc.constantFrom(
            'frappe.desk.search.search_link',
            'frappe.client.get_list',
            'no.such',
            '__proto__',
          ),
        },
        k.required,
      ),
    ),
    method('frappe.desk.search.search_widget', some({ ...searchArgs, as_dict: other }, k.required)),
    get(
      fc.constant('/api/method/frappe.desk.treeview.get_children'),
      some(
        { doctype, parent: fc.oneof(docName, other), is_root: other, include_disabled: other },
        k.required,
      ),
    ),
    method(
      'frappe.desk.treeview.get_all_nodes',
      some(
        {
          doctype,
          label: docName,
          parent: docName,
          tree_method: fc.constantFrom('frappe.desk.treeview.get_children', 'frappe.client.delete'),
        },
        k.required,
      ),
    ),
    method('frappe.realtime.can_subscribe_doc', some({ doctype, docname: docName }, k.required)),
    method('frappe.realtime.can_subscribe_doctype', some({ doctype }, k.required)),
    method('frappe.client.has_permission', some({ doctype, docname: docName, perm_type: other }, k.required)),
    get(
      docName.map((n) => `/private/files/${seg(n)}`),
      fc.constant({}),
    ),
  );
}

/** Every read route with hostile arguments. */
export const readRoutes = readRoutesFrom({
  doctype,
  docName,
  fields,
  filters,
  orderBy,
  limit,
  groupBy: fc.oneof(fc.constantFrom('name', 'salary', 'region', '`tabLedger`.`salary`'), anyJson),
  other: anyJson,
  allArgs: true,
  required: [],
});

/** Every read route with well-formed arguments: requests that get past validation to the rows. */
export const plausibleReadRoutes = readRoutesFrom(plausible);

/**
 * DocTypes the write fuzzer aims at: none of them writable by the principals that send the writes (Comment,
 * ToDo, File and the user's own User record are left out: a Desk User may write those).
 */
const writeDoctype = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('Ledger', 'Region', 'Sessions', 'User Permission', 'DocShare') },
  { weight: 1, arbitrary: fc.constantFrom('DocType', 'Role', 'Has Role', 'DocPerm', 'No Such', '__proto__') },
);

/** Every route that writes, with hostile bodies (the principals sending them may write nothing). */
export const writeRoutes: fc.Arbitrary<FuzzReq> = fc.oneof(
  fc
    .tuple(writeDoctype, docBody)
    .map(([dt, body]): FuzzReq => ({ method: 'POST', url: `/api/resource/${seg(dt)}`, body })),
  fc
    .tuple(writeDoctype, docName, docBody)
    .map(([dt, n, body]): FuzzReq => ({ method: 'PUT', url: `/api/resource/${seg(dt)}/${seg(n)}`, body })),
  fc
    .tuple(writeDoctype, docName)
    .map(([dt, n]): FuzzReq => ({ method: 'DELETE', url: `/api/resource/${seg(dt)}/${seg(n)}` })),
  fc
    .tuple(writeDoctype, docBody)
    .map(([dt, body]): FuzzReq => ({ method: 'POST', url: `/api/v2/document/${seg(dt)}`, body })),
  fc
    .tuple(writeDoctype, docName, docBody)
    .map(
      ([dt, n, body]): FuzzReq => ({ method: 'PATCH', url: `/api/v2/document/${seg(dt)}/${seg(n)}`, body }),
    ),
  fc
    .tuple(writeDoctype, docName)
    .map(([dt, n]): FuzzReq => ({ method: 'DELETE', url: `/api/v2/document/${seg(dt)}/${seg(n)}` })),
  method(
    'frappe.client.set_value',
    some({ doctype: writeDoctype, name: docName, fieldname: fields, value: anyJson }),
  ),
  method('frappe.client.insert', some({ doc: docBody.map((d) => ({ doctype: 'Ledger', ...d })) })),
  method(
    'frappe.client.insert_many',
    some({
      docs: fc.array(
        docBody.map((d) => ({ doctype: 'Ledger', ...d })),
        { maxLength: 3 },
      ),
    }),
  ),
  method('frappe.client.save', some({ doc: docBody })),
  method('frappe.client.delete', some({ doctype: writeDoctype, name: docName })),
  method(
    'frappe.client.rename_doc',
    some({ doctype: writeDoctype, old_name: docName, new_name: anyJson, merge: anyJson }),
  ),
  method(
    'frappe.desk.treeview.add_node',
    some({ doctype: writeDoctype, title: anyJson, parent: docName, is_group: anyJson }),
  ),
  method(
    'frappe.share.add',
    some({
      doctype: writeDoctype,
      name: docName,
      user: anyJson,
      read: anyJson,
      write: anyJson,
      share: anyJson,
    }),
  ),
  method('frappe.client.submit', some({ doc: docBody })),
);
