// Tree views over the REST API (`frappe.desk.treeview.*`): nodes added under a parent, read one level at a
// time or all at once, only for users who may read the tree.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, type Json, users } from './support.ts';

const tree = 'Territory Node';
const parentField = 'parent_territory_node';

for (const kind of databases) {
  describe(`${kind}: tree views`, () => {
    let t: ApiSite;
    const method = (user: string, name: string, args: Json, http = 'POST') =>
      http === 'GET'
        ? t.call(user, 'GET', `/api/method/frappe.desk.treeview.${name}?${new URLSearchParams(args)}`)
        : t.call(user, http, `/api/method/frappe.desk.treeview.${name}`, args);

    before(async () => {
      t = await createApiSite(kind);
      const created = await t.call('Administrator', 'POST', '/api/resource/DocType', {
        name: tree,
        module: 'Custom',
        is_tree: 1,
        autoname: 'field:territory_name',
        title_field: 'territory_name',
        fields: [{ fieldname: 'territory_name', fieldtype: 'Data', label: 'Territory Name', reqd: 1 }],
        permissions: [{ role: 'Widget Clerk', read: 1, write: 1, create: 1 }],
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      // As the desk's tree view adds them: a root under the DocType's own name, then children.
      const nodes: Array<[string, string, 0 | 1]> = [
        ['World', tree, 1],
        ['Europe', 'World', 1],
        ['Asia', 'World', 1],
        ['France', 'Europe', 0],
        ['Japan', 'Asia', 0],
      ];
      for (const [name, parent, group] of nodes) {
        const added = await method(users.clerk, 'add_node', {
          doctype: tree,
          territory_name: name,
          parent,
          is_group: group,
          is_root: parent === tree ? 'true' : 'false',
        });
        assert.equal(added.status, 200, JSON.stringify(added.body));
      }
    });
    after(() => t.close());

    it('lists the nodes under a parent, roots under an empty parent, by name', async () => {
      const roots = await method(users.clerk, 'get_children', { doctype: tree, parent: '' }, 'GET');
      assert.deepEqual(roots.body.message, [{ value: 'World', title: 'World', expandable: 1 }]);
      const world = await method(users.clerk, 'get_children', { doctype: tree, parent: 'World' }, 'GET');
      assert.deepEqual(
        world.body.message.map((n: Json) => [n.value, n.expandable]),
        [
          ['Asia', 1],
          ['Europe', 1],
        ],
      );
      const stored = await t.call('Administrator', 'GET', `/api/resource/${encodeURIComponent(tree)}/France`);
      assert.equal(stored.body.data[parentField], 'Europe');
    });

    it('walks the whole tree from a node', async () => {
      const all = await method(users.clerk, 'get_all_nodes', {
        doctype: tree,
        label: 'World',
        parent: 'World',
        tree_method: 'frappe.desk.treeview.get_children',
      });
      assert.equal(all.status, 200, JSON.stringify(all.body));
      const byParent = Object.fromEntries(
        all.body.message.map((level: Json) => [level.parent, level.data.map((n: Json) => n.value)]),
      );
      assert.deepEqual(byParent, { World: ['Asia', 'Europe'], Europe: ['France'], Asia: ['Japan'] });
    });

    it('refuses users who may not read the tree, non-tree DocTypes and other tree methods', async () => {
      const denied = await method(users.nobody, 'get_children', { doctype: tree, parent: '' }, 'GET');
      assert.equal(denied.status, 403);
      const notTree = await method(users.clerk, 'get_children', { doctype: 'Widget', parent: '' }, 'GET');
      assert.equal(notTree.status, 417);
      assert.equal(notTree.body.exc_type, 'ValidationError');
      const other = await method(users.clerk, 'get_all_nodes', {
        doctype: tree,
        label: 'World',
        parent: 'World',
        tree_method: 'frappe.client.delete',
      });
      assert.equal(other.status, 417);
      const addDenied = await method(users.nobody, 'add_node', {
        doctype: tree,
        territory_name: 'Mars',
        parent: 'World',
      });
      assert.equal(addDenied.status, 403);
      const mars = await t.call('Administrator', 'GET', `/api/resource/${encodeURIComponent(tree)}/Mars`);
      assert.equal(mars.status, 404, 'nothing was added');
    });
  });
}
