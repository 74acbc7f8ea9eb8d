import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertDoc } from '../../src/model/index.ts';
import type { BackupRecord } from '../../src/site/backup/backup-format.ts';
import { readLines } from '../../src/site/backup/gzip-lines.ts';
import { backupSite } from '../../src/site/backup/index.ts';
import { databases } from '../support/services.ts';
import { type TestBench, testBench } from './support.ts';

const account = 'Backup Account';

/** Rows of one table in a backup file, as objects. */
async function backupRows(path: string, table: string): Promise<Array<Record<string, unknown>>> {
  let columns: string[] = [];
  const rows: Array<Record<string, unknown>> = [];
  for await (const value of readLines(path)) {
    const record = value as BackupRecord;
    if (record.kind === 'table' && record.table === table) columns = record.columns;
    if (record.kind === 'rows' && record.table === table)
      for (const r of record.rows) rows.push(Object.fromEntries(columns.map((c, i) => [c, r[i]])));
  }
  return rows;
}

for (const kind of databases) {
  describe(`${kind}: a backup taken while the site writes is one consistent moment`, () => {
    let t: TestBench;
    let site: string;
    const q = (name: string) => t.db(site).dialect.quote(name);

    /** Moves 1 from A to B in one transaction (on the test's own handle: another connection than the backup's). */
    const transfer = () =>
      t.db(site).transaction(async (tx) => {
        await tx.run(`UPDATE ${q(`tab${account}`)} SET balance = balance - 1 WHERE ${q('name')} = 'A'`);
        await tx.run(`UPDATE ${q(`tab${account}`)} SET balance = balance + 1 WHERE ${q('name')} = 'B'`);
      });

    before(async () => {
      t = testBench();
      site = await t.newSite(kind);
      await t.as(site, async (ctx) => {
        await insertDoc(ctx, {
          doctype: 'DocType',
          name: account,
          module: 'Custom',
          autoname: 'prompt',
          fields: [{ fieldname: 'balance', fieldtype: 'Int', label: 'Balance' }],
        });
      });
      await t.as(site, async (ctx) => {
        await insertDoc(ctx, { doctype: account, name: 'A', balance: 1000 });
        await insertDoc(ctx, { doctype: account, name: 'B', balance: 0 });
      });
    });
    after(() => t.close());

    test('writes committed mid-backup are not in it, and a transfer never shows half-done', async () => {
      let stop = false;
      let transfers = 0;
      // A steady stream of transfers for the whole backup.
      const writer = (async () => {
        while (!stop) {
          await transfer();
          transfers += 1;
          // SQLite runs synchronously: yield to the event loop so the backup's I/O gets its turn.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      let before: number | undefined;
      try {
        const backup = await backupSite(t.bench, site, {
          // After the first table is written (the snapshot is taken), commit a transfer and a new document,
          // and wait for them: the backup must not see either.
          onProgress: async (_table, done) => {
            if (done !== 1) return;
            before = transfers;
            await transfer();
            await t.as(site, (ctx) => insertDoc(ctx, { doctype: 'ToDo', description: 'after the snapshot' }));
          },
        });
        const rows = await backupRows(backup.database.path, `tab${account}`);
        const balances = Object.fromEntries(rows.map((r) => [r.name, Number(r.balance)]));
        assert.equal(balances.A! + balances.B!, 1000, 'the sum of balances is kept');
        const todos = await backupRows(backup.database.path, 'tabToDo');
        assert.equal(todos.filter((r) => r.description === 'after the snapshot').length, 0);
        // The mid-backup transfer moved A below what the backup holds.
        const now = await t
          .db(site)
          .one<{ balance: unknown }>(`SELECT balance FROM ${q(`tab${account}`)} WHERE ${q('name')} = 'A'`);
        assert.ok(Number(now?.balance) < balances.A!, 'the site moved on while the backup kept its moment');
      } finally {
        stop = true;
        await writer;
      }
      assert.ok(before !== undefined);
      const total = await t
        .db(site)
        .one<{ s: unknown }>(`SELECT sum(balance) AS s FROM ${q(`tab${account}`)}`);
      assert.equal(Number(total?.s), 1000);
    });
  });
}
