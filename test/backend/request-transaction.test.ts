import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RequestTransaction } from '../../src/backend/request-transaction.ts';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';

describe('the request transaction', () => {
  let dir: string;
  let db: Database;
  const hookErrors: unknown[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cortado-reqtx-'));
    db = openDatabase({ type: 'sqlite', file: join(dir, 'site.db') });
    await db.run('create table t (v text)');
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const values = async () => (await db.all<{ v: string }>('select v from t order by v')).map((r) => r.v);

  it('commits writes and then runs afterCommit hooks', async () => {
    const tx = new RequestTransaction(db, (e) => hookErrors.push(e));
    const ran: string[] = [];
    await tx.run('insert into t (v) values (?)', ['a']);
    tx.afterCommit(() => {
      ran.push('hook');
    });
    assert.deepEqual(await values(), [], 'not visible before the commit');
    await tx.end(true);
    assert.deepEqual(await values(), ['a']);
    assert.deepEqual(ran, ['hook']);
  });

  it('rolls back writes and drops hooks', async () => {
    const tx = new RequestTransaction(db, (e) => hookErrors.push(e));
    let ran = false;
    await tx.run('insert into t (v) values (?)', ['b']);
    tx.afterCommit(() => {
      ran = true;
    });
    await tx.end(false);
    assert.deepEqual(await values(), ['a']);
    assert.equal(ran, false);
  });

  it('opens nothing until queried, ends once, and refuses queries after the end', async () => {
    const idle = new RequestTransaction(db, (e) => hookErrors.push(e));
    assert.equal(idle.opened, false);
    await idle.end(true);
    const tx = new RequestTransaction(db, (e) => hookErrors.push(e));
    await tx.run('insert into t (v) values (?)', ['c']);
    await tx.end(false);
    await tx.end(true); // a second end (the onResponse safety net) changes nothing
    assert.deepEqual(await values(), ['a']);
    await assert.rejects(tx.all('select 1'), /already ended/);
    // The writer is free again: a later transaction is not blocked by the ended one.
    await db.transaction((t) => t.run('insert into t (v) values (?)', ['d']));
    assert.deepEqual(await values(), ['a', 'd']);
  });

  it('keeps a committed request successful when a hook throws', async () => {
    const tx = new RequestTransaction(db, (e) => hookErrors.push(e));
    await tx.run('insert into t (v) values (?)', ['e']);
    tx.afterCommit(() => {
      throw new Error('mail server down');
    });
    await tx.end(true);
    assert.deepEqual(await values(), ['a', 'd', 'e']);
    assert.equal(hookErrors.length, 1);
  });

  describe('reading outside (GET, HEAD)', () => {
    it('reads while another transaction holds the writer, without opening its own', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let writing!: () => void;
      const started = new Promise<void>((resolve) => {
        writing = resolve;
      });
      const writer = db.transaction(async (t) => {
        await t.run('insert into t (v) values (?)', ['uncommitted']);
        writing();
        await held;
      });
      await started;
      const tx = new RequestTransaction(db, (e) => hookErrors.push(e), { readsOutside: true });
      // Would wait for the writer (and this test would never end) if the read took the writer's lock.
      const read = await tx.all<{ v: string }>('select v from t order by v');
      assert.deepEqual(
        read.map((r) => r.v),
        ['a', 'd', 'e'],
        'committed data only',
      );
      assert.equal(tx.opened, false);
      await tx.end(false);
      release();
      await writer;
      await db.run('delete from t where v = ?', ['uncommitted']);
    });

    it('opens the transaction on the first write, then reads its own writes and rolls them back', async () => {
      const tx = new RequestTransaction(db, (e) => hookErrors.push(e), { readsOutside: true });
      assert.deepEqual(await tx.one('select count(*) as n from t'), { n: 3 });
      assert.equal(tx.opened, false);
      await tx.run('insert into t (v) values (?)', ['f']);
      assert.equal(tx.opened, true);
      assert.deepEqual(await tx.one('select count(*) as n from t'), { n: 4 }, 'sees its own write');
      await tx.end(false);
      assert.deepEqual(await values(), ['a', 'd', 'e']);
      await assert.rejects(tx.all('select 1'), /already ended/);
    });
  });
});
