// Server databases that cannot be reached, do not answer, or keep a statement or lock too long: every call fails
// within its timeout with a named error, and the pool is left usable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database, OpenOptions } from '../../src/db/index.ts';
import { DbTimeoutError, DbUnavailableError, openDatabase } from '../../src/db/index.ts';
import { freePort } from '../support/own-redis.ts';
import { startPausableProxy } from '../support/pausable-proxy.ts';
import { databases } from '../support/services.ts';
import { type SilentServer, startSilentServer } from '../support/silent-server.ts';
import { createTestDatabase, type TestDatabase } from './support.ts';

/** Correctness bound: each failure must come well before a proxy's 120 s timeout (the timeouts are 0.5–1 s). */
const boundMs = 5_000;

async function failsWith(
  work: () => Promise<unknown>,
  type: typeof DbUnavailableError | typeof DbTimeoutError,
): Promise<void> {
  const started = performance.now();
  await assert.rejects(work(), type);
  const ms = performance.now() - started;
  assert.ok(ms < boundMs, `failed only after ${Math.round(ms)} ms`);
}

function serverOptions(kind: 'postgres' | 'mariadb', port: number): OpenOptions {
  return {
    type: kind,
    host: '127.0.0.1',
    port,
    database: 'nowhere',
    user: 'nobody',
    password: 'x',
    timeouts: { connectMs: 500, statementMs: 1_000, lockMs: 500 },
  };
}

for (const kind of ['postgres', 'mariadb'] as const) {
  describe(`${kind}: a server that cannot be reached`, () => {
    let silent: SilentServer;
    before(async () => {
      silent = await startSilentServer();
    });
    after(() => silent.close());

    it('a server that accepts and never answers fails queries and transactions with DbUnavailableError', async () => {
      const db = openDatabase(serverOptions(kind, silent.port));
      try {
        await failsWith(() => db.all('SELECT 1'), DbUnavailableError);
        await failsWith(() => db.transaction((tx) => tx.all('SELECT 1')), DbUnavailableError);
        // Again: nothing of the first attempts is left holding the pool.
        await failsWith(() => db.one('SELECT 1'), DbUnavailableError);
      } finally {
        await db.close();
      }
    });

    it('a refused port fails with DbUnavailableError at once', async () => {
      const db = openDatabase(serverOptions(kind, await freePort()));
      try {
        await failsWith(() => db.all('SELECT 1'), DbUnavailableError);
        await failsWith(() => db.transaction((tx) => tx.run('SELECT 1')), DbUnavailableError);
      } finally {
        await db.close();
      }
    });
  });
}

for (const kind of databases.filter((k) => k !== 'sqlite')) {
  describe(`${kind}: statement and lock timeouts`, () => {
    let t: TestDatabase;
    let db: Database;
    before(async () => {
      t = await createTestDatabase(kind);
      db = openDatabase({
        ...t.options,
        poolSize: 2,
        timeouts: { connectMs: 2_000, statementMs: 1_000, lockMs: 500 },
      } as OpenOptions);
      await t.db.run('CREATE TABLE locked (id INTEGER PRIMARY KEY, n INTEGER)');
      await t.db.run('INSERT INTO locked (id, n) VALUES (1, 0)');
    });
    after(async () => {
      await db.close();
      await t.drop();
    });

    const sleep = kind === 'postgres' ? 'SELECT pg_sleep(30)' : 'SELECT SLEEP(30)';

    it('cancels a statement past its timeout, and the pool goes on serving (more timeouts than connections)', async () => {
      for (let i = 0; i < 3; i++) await failsWith(() => db.all(sleep), DbTimeoutError);
      await failsWith(() => db.transaction((tx) => tx.all(sleep)), DbTimeoutError);
      assert.deepEqual(await db.all('SELECT 1 AS one'), [{ one: 1 }]);
    });

    it('fails a lock wait past its timeout and rolls that transaction back; the holder commits', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = t.db.transaction(async (tx) => {
        await tx.run('UPDATE locked SET n = n + 1 WHERE id = 1');
        locked();
        await held;
      });
      await isLocked;
      try {
        await failsWith(
          () => db.transaction((tx) => tx.run('UPDATE locked SET n = n + 10 WHERE id = 1')),
          DbTimeoutError,
        );
      } finally {
        release();
        await holder;
      }
      assert.deepEqual(await db.all('SELECT n FROM locked WHERE id = 1'), [{ n: 1 }]);
    });
  });
}

for (const kind of databases.filter((k) => k !== 'sqlite')) {
  describe(`${kind}: a server that goes silent mid-conversation`, () => {
    it('gives up on the unanswered statement, destroys that connection and serves on fresh ones', async () => {
      const t = await createTestDatabase(kind);
      const server = t.options as Extract<OpenOptions, { type: 'postgres' | 'mariadb' }>;
      const proxy = await startPausableProxy(server.host, server.port);
      // A short statement timeout the server never gets to apply: the client's own (statement + 5 s) must.
      const db = openDatabase({
        ...server,
        port: proxy.port,
        poolSize: 1,
        timeouts: { connectMs: 2_000, statementMs: 200, lockMs: 200 },
      });
      try {
        assert.deepEqual(await db.all('SELECT 1 AS one'), [{ one: 1 }]);
        proxy.pause();
        const started = performance.now();
        await assert.rejects(
          db.transaction((tx) => tx.all('SELECT 1 AS one')),
          (error: unknown) => error instanceof DbTimeoutError || error instanceof DbUnavailableError,
        );
        assert.ok(performance.now() - started < 10_000, 'given up within the read timeout');
        proxy.resume();
        // The pool's only connection was the silent one: serving again proves it was released.
        assert.deepEqual(await db.all('SELECT 1 AS one'), [{ one: 1 }]);
      } finally {
        proxy.resume();
        await db.close();
        await proxy.close();
        await t.drop();
      }
    });
  });
}
