// The permission matrix: every route that reads data, asked by every kind of principal, answers what that
// principal may see and nothing more — rows, the permlevel-1 column, aggregates and filters over it, single
// documents, tree nodes, search results, realtime rooms, private files, Comments and Sessions.
// Routes and principals are data: adding a route is one entry in `routes` (or `commentRoutes`/`sessionRoutes`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import {
  aggregateRule,
  allowedRule,
  countRule,
  describeCell,
  docRule,
  listRule,
  noServerError,
  oracleRule,
  type Reply,
  replyOf,
  secretRule,
} from './expectations.ts';
import {
  allDocs,
  badges,
  commentSecret,
  createMatrixSite,
  type DocKey,
  docs,
  fileSecret,
  type Json,
  type MatrixSite,
  type Principal,
  people,
  principals,
  privateFileUrl,
  type Req,
  salaries,
} from './fixture.ts';

const j = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const get = (url: string): Req => ({ method: 'GET', url });
const call = (method: string, body: Json): Req => ({ method: 'POST', url: `/api/method/${method}`, body });
const enc = encodeURIComponent;
const v1 = '/api/resource/Ledger';
const v2 = '/api/v2/document/Ledger';
const nameAndSalary = ['name', 'salary'];

/** A route of the matrix and the rule its replies follow. */
type Route =
  | { kind: 'list'; name: string; req: Req; salary?: boolean }
  | { kind: 'aggregate'; name: string; req: Req; shows: 'max' | 'each' }
  | { kind: 'count'; name: string; req: Req; read: (body: Json) => unknown }
  | { kind: 'doc'; name: string; req: (doc: string) => Req; salary?: boolean }
  | { kind: 'subscribe-doc'; name: string; req: (doc: string) => Req }
  | { kind: 'subscribe-doctype'; name: string; req: Req }
  | { kind: 'file'; name: string; req: Req }
  /** Two probes differing in a salary (or the sort on it): only a permlevel-1 reader may tell them apart. */
  | { kind: 'oracle'; name: string; probes: [Req, Req] };

const routes: Route[] = [
  // REST v1
  { kind: 'list', name: 'v1 list, default fields', req: get(v1) },
  {
    kind: 'list',
    name: 'v1 list, name and salary',
    req: get(`${v1}?fields=${j(nameAndSalary)}`),
    salary: true,
  },
  { kind: 'list', name: 'v1 list, fields *', req: get(`${v1}?fields=${j(['*'])}`), salary: true },
  {
    kind: 'list',
    name: 'v1 list, `tabLedger`.`salary`',
    req: get(`${v1}?fields=${j(['name', '`tabLedger`.`salary`'])}`),
    salary: true,
  },
  {
    kind: 'list',
    name: 'v1 list, filter on a level-0 field',
    req: get(`${v1}?fields=${j(['name'])}&filters=${j([['notes', 'is', 'not set']])}`),
  },
  {
    kind: 'aggregate',
    name: 'v1 list, max(salary)',
    req: get(`${v1}?fields=${j(['max(salary) as top'])}`),
    shows: 'max',
  },
  {
    kind: 'aggregate',
    name: 'v1 list, group_by salary',
    req: get(`${v1}?fields=${j(['salary', 'count(name) as n'])}&group_by=salary`),
    shows: 'each',
  },
  {
    kind: 'oracle',
    name: 'v1 list, filter on salary',
    probes: [
      get(`${v1}?filters=${j([['salary', '=', salaries.bravo]])}`),
      get(`${v1}?filters=${j([['salary', '=', 1]])}`),
    ],
  },
  {
    kind: 'oracle',
    name: 'v1 list, order_by salary',
    probes: [get(`${v1}?order_by=${enc('salary asc')}`), get(`${v1}?order_by=${enc('salary desc')}`)],
  },
  { kind: 'doc', name: 'v1 get', req: (doc) => get(`${v1}/${enc(doc)}`), salary: true },
  // REST v2
  {
    kind: 'list',
    name: 'v2 list, name and salary',
    req: get(`${v2}?fields=${j(nameAndSalary)}`),
    salary: true,
  },
  { kind: 'list', name: 'v2 list, fields *', req: get(`${v2}?fields=${j(['*'])}`), salary: true },
  { kind: 'count', name: 'v2 count', req: get('/api/v2/doctype/Ledger/count'), read: (b) => b.data },
  {
    kind: 'oracle',
    name: 'v2 count, filter on salary',
    probes: [
      get(`/api/v2/doctype/Ledger/count?filters=${j([['salary', '>', salaries.charlie]])}`),
      get(`/api/v2/doctype/Ledger/count?filters=${j([['salary', '>', 10_000_000]])}`),
    ],
  },
  { kind: 'doc', name: 'v2 get', req: (doc) => get(`${v2}/${enc(doc)}`), salary: true },
  // frappe.client
  {
    kind: 'list',
    name: 'frappe.client.get_list, name and salary',
    req: call('frappe.client.get_list', { doctype: 'Ledger', fields: nameAndSalary }),
    salary: true,
  },
  {
    kind: 'aggregate',
    name: 'frappe.client.get_list, max(salary)',
    req: call('frappe.client.get_list', { doctype: 'Ledger', fields: ['max(salary) as top'] }),
    shows: 'max',
  },
  {
    kind: 'doc',
    name: 'frappe.client.get_value, title and salary',
    req: (doc) =>
      call('frappe.client.get_value', { doctype: 'Ledger', fieldname: ['title', 'salary'], filters: doc }),
    salary: true,
  },
  {
    kind: 'oracle',
    name: 'frappe.client.get_value, filter on salary',
    probes: [
      call('frappe.client.get_value', {
        doctype: 'Ledger',
        fieldname: 'title',
        filters: { salary: salaries.bravo },
      }),
      call('frappe.client.get_value', { doctype: 'Ledger', fieldname: 'title', filters: { salary: 1 } }),
    ],
  },
  {
    kind: 'count',
    name: 'frappe.client.get_count',
    req: call('frappe.client.get_count', { doctype: 'Ledger' }),
    read: (b) => b.message,
  },
  {
    kind: 'oracle',
    name: 'frappe.client.get_count, filter on salary',
    probes: [
      call('frappe.client.get_count', { doctype: 'Ledger', filters: [['salary', '>=', salaries.bravo]] }),
      call('frappe.client.get_count', { doctype: 'Ledger', filters: [['salary', '>=', 10_000_000]] }),
    ],
  },
  {
    kind: 'doc',
    name: 'frappe.client.get',
    req: (doc) => call('frappe.client.get', { doctype: 'Ledger', name: doc }),
    salary: true,
  },
  // frappe.desk.reportview
  {
    kind: 'list',
    name: 'reportview.get, name and salary',
    req: call('frappe.desk.reportview.get', {
      doctype: 'Ledger',
      fields: ['`tabLedger`.`name`', '`tabLedger`.`salary`'],
    }),
    salary: true,
  },
  {
    kind: 'list',
    name: 'reportview.get_list, name and salary',
    req: call('frappe.desk.reportview.get_list', { doctype: 'Ledger', fields: nameAndSalary }),
    salary: true,
  },
  {
    kind: 'aggregate',
    name: 'reportview.get, group_by salary',
    req: call('frappe.desk.reportview.get', {
      doctype: 'Ledger',
      fields: ['`tabLedger`.`salary`', 'count(*) as n'],
      group_by: '`tabLedger`.`salary`',
    }),
    shows: 'each',
  },
  {
    kind: 'count',
    name: 'reportview.get_count',
    req: call('frappe.desk.reportview.get_count', { doctype: 'Ledger' }),
    read: (b) => b.message,
  },
  {
    kind: 'oracle',
    name: 'reportview.get_list, order_by salary',
    probes: [
      call('frappe.desk.reportview.get_list', { doctype: 'Ledger', order_by: 'salary asc' }),
      call('frappe.desk.reportview.get_list', { doctype: 'Ledger', order_by: 'salary desc' }),
    ],
  },
  // Search (Ledger's search fields include the salary: the search must not show it)
  {
    kind: 'list',
    name: 'search_link',
    req: call('frappe.desk.search.search_link', { doctype: 'Ledger', txt: 'Ledger' }),
  },
  {
    kind: 'list',
    name: 'search_widget',
    req: call('frappe.desk.search.search_widget', { doctype: 'Ledger', txt: 'Ledger', as_dict: 1 }),
  },
  {
    kind: 'oracle',
    name: 'search_link, text of a permlevel-1 badge',
    probes: [
      call('frappe.desk.search.search_link', { doctype: 'Ledger', txt: badges.bravo }),
      call('frappe.desk.search.search_link', { doctype: 'Ledger', txt: 'badgenone' }),
    ],
  },
  {
    kind: 'oracle',
    name: 'search_widget, text of a permlevel-1 badge',
    probes: [
      call('frappe.desk.search.search_widget', { doctype: 'Ledger', txt: badges.bravo }),
      call('frappe.desk.search.search_widget', { doctype: 'Ledger', txt: 'badgenone' }),
    ],
  },
  // Tree view, realtime rooms, private files
  {
    kind: 'list',
    name: 'treeview.get_children (roots)',
    req: get('/api/method/frappe.desk.treeview.get_children?doctype=Ledger&parent='),
  },
  {
    kind: 'subscribe-doc',
    name: 'realtime.can_subscribe_doc',
    req: (doc) => call('frappe.realtime.can_subscribe_doc', { doctype: 'Ledger', docname: doc }),
  },
  {
    kind: 'subscribe-doctype',
    name: 'realtime.can_subscribe_doctype',
    req: call('frappe.realtime.can_subscribe_doctype', { doctype: 'Ledger' }),
  },
  { kind: 'file', name: 'private file attached to Ledger Charlie', req: get(privateFileUrl) },
];

/** Routes over Comment: its text only to those who may read the document it is on (Ledger Charlie). */
const commentRoutes: Array<[name: string, req: Req]> = [
  ['v1 list Comment, fields *', get(`/api/resource/Comment?fields=${j(['*'])}`)],
  ['v2 list Comment, fields *', get(`/api/v2/document/Comment?fields=${j(['*'])}`)],
  [
    'frappe.client.get_list Comment',
    call('frappe.client.get_list', { doctype: 'Comment', fields: ['content', 'reference_name'] }),
  ],
  [
    'reportview.get_list Comment',
    call('frappe.desk.reportview.get_list', { doctype: 'Comment', fields: ['*'] }),
  ],
  [
    'frappe.client.get_value Comment',
    call('frappe.client.get_value', {
      doctype: 'Comment',
      fieldname: 'content',
      filters: { reference_name: docs.charlie },
    }),
  ],
  [
    'search_widget Comment',
    call('frappe.desk.search.search_widget', {
      doctype: 'Comment',
      txt: '',
      searchfield: 'content',
      as_dict: 1,
    }),
  ],
];

/**
 * Routes over Sessions, internal to the framework: every one refuses every principal, Administrator included,
 * and none shows anyone a live session id or CSRF token.
 */
const sessionRoutes: Array<[name: string, req: Req]> = [
  ['v1 list Sessions', get('/api/resource/Sessions')],
  ['v1 list Sessions, fields *', get(`/api/resource/Sessions?fields=${j(['*'])}`)],
  ['v2 list Sessions, fields *', get(`/api/v2/document/Sessions?fields=${j(['*'])}`)],
  [
    'frappe.client.get_list Sessions',
    call('frappe.client.get_list', { doctype: 'Sessions', fields: ['sid', 'sessiondata'] }),
  ],
  [
    'frappe.client.get_value Sessions',
    call('frappe.client.get_value', {
      doctype: 'Sessions',
      fieldname: ['sid', 'sessiondata'],
      filters: { user: 'Administrator' },
    }),
  ],
  ['reportview.get Sessions', call('frappe.desk.reportview.get', { doctype: 'Sessions', fields: ['*'] })],
  ['search_link Sessions', call('frappe.desk.search.search_link', { doctype: 'Sessions', txt: '' })],
  [
    'search_widget Sessions',
    call('frappe.desk.search.search_widget', { doctype: 'Sessions', txt: '', as_dict: 1 }),
  ],
  [
    'reportview.get Sessions grouped by user',
    call('frappe.desk.reportview.get', {
      doctype: 'Sessions',
      fields: ['user', 'count(*) as n'],
      group_by: 'user',
    }),
  ],
  ['v2 count Sessions', get('/api/v2/doctype/Sessions/count')],
  ['frappe.client.get_count Sessions', call('frappe.client.get_count', { doctype: 'Sessions' })],
];

/** Probes asking for a live sid and for a made-up one: nobody may tell them apart. */
const sessionOracles: Array<[name: string, probe: (sid: string) => Req]> = [
  ['v1 get Sessions by sid', (sid) => get(`/api/resource/Sessions/${sid}`)],
  ['v2 get Sessions by sid', (sid) => get(`/api/v2/document/Sessions/${sid}`)],
  [
    'frappe.client.get Sessions by sid',
    (sid) => call('frappe.client.get', { doctype: 'Sessions', name: sid }),
  ],
  [
    'frappe.client.get_count Sessions by sid',
    (sid) => call('frappe.client.get_count', { doctype: 'Sessions', filters: { sid } }),
  ],
  [
    'v1 list Sessions by sid prefix',
    (sid) =>
      get(`/api/resource/Sessions?fields=["user"]&filters=${j([['sid', 'like', `${sid.slice(0, 6)}%`]])}`),
  ],
  [
    'reportview.get_count Sessions by sid',
    (sid) => call('frappe.desk.reportview.get_count', { doctype: 'Sessions', filters: [['sid', '=', sid]] }),
  ],
];

for (const kind of databases) {
  describe(`${kind}: permission matrix`, () => {
    let t: MatrixSite;
    before(async () => {
      t = await createMatrixSite(kind);
    });
    after(() => t?.close());

    const ask = async (user: string, req: Req): Promise<Reply> => replyOf(await t.as(user, req));

    /** Runs `cell` for every principal and fails once with every cell that broke its rule. */
    const everyPrincipal = async (
      cell: (p: Principal) => Promise<Array<{ req: Req; reply: Reply; problems: string[] }>>,
    ) => {
      const failures: string[] = [];
      for (const p of principals)
        for (const { req, reply, problems } of await cell(p)) {
          const all = [...noServerError(reply), ...problems];
          if (all.length) failures.push(describeCell(p.label, req, reply, all));
        }
      assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
    };

    const perDoc = async (
      p: Principal,
      req: (doc: string) => Req,
      rule: (key: DocKey, reply: Reply) => string[],
    ) => {
      const cells = [];
      for (const key of allDocs) {
        const r = req(docs[key]);
        const reply = await ask(p.user, r);
        cells.push({ req: r, reply, problems: rule(key, reply) });
      }
      return cells;
    };

    for (const route of routes)
      it(`${route.kind}: ${route.name}`, () =>
        everyPrincipal(async (p) => {
          switch (route.kind) {
            case 'list': {
              const reply = await ask(p.user, route.req);
              return [{ req: route.req, reply, problems: listRule(p, reply, route.salary ?? false) }];
            }
            case 'aggregate': {
              const reply = await ask(p.user, route.req);
              return [{ req: route.req, reply, problems: aggregateRule(p, reply, route.shows) }];
            }
            case 'count': {
              const reply = await ask(p.user, route.req);
              return [{ req: route.req, reply, problems: countRule(p, reply, route.read) }];
            }
            case 'doc':
              return perDoc(p, route.req, (key, reply) => docRule(p, key, reply, route.salary ?? false));
            case 'subscribe-doc':
              return perDoc(p, route.req, (key, reply) => allowedRule(p.sees.includes(key), reply));
            case 'subscribe-doctype': {
              const reply = await ask(p.user, route.req);
              return [{ req: route.req, reply, problems: allowedRule(p.doctype, reply) }];
            }
            case 'file': {
              const reply = await ask(p.user, route.req);
              const allowed = p.sees.includes('charlie');
              return [{ req: route.req, reply, problems: secretRule(allowed, reply, [fileSecret]) }];
            }
            case 'oracle': {
              const [a, b] = [await ask(p.user, route.probes[0]), await ask(p.user, route.probes[1])];
              const cell = { req: route.probes[0], problems: oracleRule(p.salary, a, b) };
              return [
                { ...cell, reply: a },
                { req: route.probes[1], reply: b, problems: [] },
              ];
            }
          }
        }));

    it('does not tell Guest whether a document exists (realtime rooms)', async () => {
      const probe = (docname: string) =>
        call('frappe.realtime.can_subscribe_doc', { doctype: 'Ledger', docname });
      const [existing, missing] = [
        await ask('Guest', probe(docs.bravo)),
        await ask('Guest', probe('No Such Ledger')),
      ];
      assert.deepEqual(oracleRule(false, existing, missing), [], 'existing vs missing document');
    });

    for (const [name, req] of commentRoutes)
      it(`comment: ${name}`, () =>
        everyPrincipal(async (p) => {
          const reply = await ask(p.user, req);
          // At most: a reader of the document may be shown its comment, or refused Comment as a DocType.
          const problems = p.sees.includes('charlie') ? [] : secretRule(false, reply, [commentSecret]);
          return [{ req, reply, problems }];
        }));

    /** Every live session id and stored CSRF token: what a reply must never give anyone to replay. */
    const sessionSecrets = async () => {
      const rows = await t.db.all<{ sessiondata: string }>(
        `select sessiondata from ${t.db.dialect.quote('tabSessions')}`,
      );
      const csrf = rows.map((r) => (JSON.parse(r.sessiondata) as Json)?.csrf_token);
      return [...new Set([...t.sids(), ...csrf.filter((c) => typeof c === 'string')])];
    };

    for (const [name, req] of sessionRoutes)
      it(`sessions: ${name}`, async () => {
        const secrets = await sessionSecrets();
        assert.ok(secrets.length >= principals.length - 1, 'every principal but Guest has a live session');
        await everyPrincipal(async (p) => {
          const reply = await ask(p.user, req);
          return [
            { req, reply, problems: [...allowedRule(false, reply), ...secretRule(false, reply, secrets)] },
          ];
        });
      });

    for (const [name, probe] of sessionOracles)
      it(`sessions: ${name} (an oracle on a live sid)`, () =>
        everyPrincipal(async (p) => {
          const sid = t.sids()[0]!;
          const [a, b] = [probe(sid), probe('f'.repeat(sid.length))];
          const [ra, rb] = [await ask(p.user, a), await ask(p.user, b)];
          return [{ req: a, reply: ra, problems: [...allowedRule(false, ra), ...oracleRule(false, ra, rb)] }];
        }));

    it('sessions: deleting a user with live sessions works and prints no session id', async () => {
      const user = people.shared;
      const sids = t.sids();
      const deleted = await ask('Administrator', {
        method: 'DELETE',
        url: `/api/resource/User/${enc(user)}`,
      });
      assert.equal(deleted.status, 202, deleted.body);
      for (const sid of sids) assert.ok(!deleted.body.includes(sid), 'no session id in the reply');
    });
  });
}
