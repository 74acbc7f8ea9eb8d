// The baseline: the same four operations with the database driver and node:http, no framework, no
// permissions, no validation: what the hardware gives before Cortado adds anything.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { table } from './site.ts';

/** One database operation set: get one by name, list 20 by status, insert, update. */
interface Store {
  get(name: string): Promise<unknown>;
  list(status: string): Promise<unknown[]>;
  insert(doc: { title: string; qty: number; status: string }): Promise<unknown>;
  update(name: string, qty: number): Promise<unknown>;
  close(): Promise<void>;
}

const t = `"${table}"`;
const now = () => new Date().toISOString().replace('T', ' ').replace('Z', '000');

function sqliteStore(file: string): Store {
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  // The same durability as the Cortado site it is compared with (sqlite_synchronous, default full).
  db.pragma(`synchronous = ${process.env.BENCH_SQLITE_SYNC === 'normal' ? 'NORMAL' : 'FULL'}`);
  const get = db.prepare(`SELECT * FROM ${t} WHERE name = ?`);
  const list = db.prepare(
    `SELECT name, title, qty, status FROM ${t} WHERE status = ? ORDER BY modified DESC LIMIT 20`,
  );
  const insert = db.prepare(
    `INSERT INTO ${t} (name, creation, modified, modified_by, owner, docstatus, idx, title, qty, status) VALUES (?, ?, ?, 'bench', 'bench', 0, 0, ?, ?, ?)`,
  );
  const update = db.prepare(`UPDATE ${t} SET qty = ?, modified = ? WHERE name = ?`);
  return {
    get: async (name) => get.get(name),
    list: async (status) => list.all(status),
    insert: async (doc) => {
      const stamp = now();
      insert.run(doc.title, stamp, stamp, doc.title, doc.qty, doc.status);
      return get.get(doc.title);
    },
    update: async (name, qty) => {
      update.run(qty, now(), name);
      return get.get(name);
    },
    close: async () => {
      db.close();
    },
  };
}

function postgresStore(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const one = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows[0];
  return {
    get: (name) => one(`SELECT * FROM ${t} WHERE name = $1`, [name]),
    list: async (status) =>
      (
        await pool.query(
          `SELECT name, title, qty, status FROM ${t} WHERE status = $1 ORDER BY modified DESC LIMIT 20`,
          [status],
        )
      ).rows,
    insert: (doc) => {
      const stamp = now();
      return one(
        `INSERT INTO ${t} (name, creation, modified, modified_by, owner, docstatus, idx, title, qty, status) VALUES ($1, $2, $2, 'bench', 'bench', 0, 0, $1, $3, $4) RETURNING *`,
        [doc.title, stamp, doc.qty, doc.status],
      );
    },
    update: (name, qty) =>
      one(`UPDATE ${t} SET qty = $1, modified = $2 WHERE name = $3 RETURNING *`, [qty, now(), name]),
    close: () => pool.end(),
  };
}

/** A running baseline server. */
export interface RawServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the baseline on loopback: `GET /item/<name>`, `GET /list?status=`, `POST /item`, `PUT /item/<name>`,
 * each answering `{"data": ...}` as JSON.
 */
export async function startRawServer(db: { file?: string; url?: string }): Promise<RawServer> {
  const store = db.url ? postgresStore(db.url) : sqliteStore(db.file!);
  const server: Server = createServer((req, res) => {
    handle(store, req, res).catch((error: Error) => send(res, 500, { error: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

async function handle(store: Store, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://raw');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
  const name = decodeURIComponent(url.pathname.slice('/item/'.length));
  if (req.method === 'GET' && url.pathname === '/list')
    return send(res, 200, { data: await store.list(url.searchParams.get('status') ?? '') });
  if (req.method === 'GET' && url.pathname.startsWith('/item/'))
    return send(res, 200, { data: await store.get(name) });
  if (req.method === 'POST' && url.pathname === '/item')
    return send(res, 200, { data: await store.insert(body) });
  if (req.method === 'PUT' && url.pathname.startsWith('/item/'))
    return send(res, 200, { data: await store.update(name, body.qty) });
  send(res, 404, { error: 'not found' });
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
