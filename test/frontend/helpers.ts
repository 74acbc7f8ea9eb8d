// Shared fixtures for the frontend router tests: a router on a free port over a temporary sites
// folder, tiny recording upstreams, and HTTP clients that can send what browsers would not.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../../src/config/log.ts';
import {
  type FrontendOptions,
  type FrontendServer,
  parseFrontendConfig,
  startFrontend,
} from '../../src/frontend/index.ts';

/** A temporary bench `sites` folder; `write('assets/app.css', '...')` creates files in it. */
export function tempSites(): {
  path: string;
  write(rel: string, content: string | Buffer): string;
  remove(): void;
} {
  const path = mkdtempSync(join(tmpdir(), 'cortado-frontend-'));
  return {
    path,
    write(rel, content) {
      const file = join(path, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** Starts a router listening on 127.0.0.1 with `env` over the defaults (any free port). */
export function startRouter(
  env: Record<string, string>,
  options: FrontendOptions = {},
): Promise<FrontendServer> {
  return startFrontend(
    parseFrontendConfig({ FRONTEND_PORT: '0', FRONTEND_HOST: '127.0.0.1', ...env }),
    options,
  );
}

/** A request as an upstream received it. */
export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** A recording HTTP upstream; `handler` answers (default: 200 JSON echo of the request). */
export interface Upstream {
  server: Server;
  port: number;
  /** `127.0.0.1:<port>` */
  address: string;
  requests: Recorded[];
  close(): Promise<void>;
}

export async function startUpstream(
  handler?: (req: Recorded, res: ServerResponse, raw: IncomingMessage) => void,
  host = '127.0.0.1',
  port = 0,
): Promise<Upstream> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: Recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      if (handler) handler(recorded, res, req);
      else {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ url: recorded.url }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    address: `${host}:${actual}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (right now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A response with its whole body. */
export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** Options of {@link fetchRaw}. */
export interface FetchOptions {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Send no Host header at all. */
  noHost?: boolean;
}

/**
 * One request over a fresh connection, body not decoded (so compression is visible). `Host`
 * defaults to `site1.test:<port>`.
 */
export function fetchRaw(port: number, path: string, opts: FetchOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {
      ...(opts.noHost ? {} : { Host: `site1.test:${port}` }),
      ...opts.headers,
    };
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers, agent: false, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Writes `text` on a raw TCP connection and resolves with everything read until the server closes
 * (or, with `firstData`, with the first bytes read, closing the connection then).
 */
export function rawExchange(
  port: number,
  text: string | Buffer,
  opts: { firstData?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    // Not half-closed: Node servers treat a client FIN as an abort.
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      if (opts.firstData) socket.destroy();
    });
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The router may close as soon as it has answered; what was read is the answer.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE')
        resolve(Buffer.concat(chunks).toString('latin1'));
      else reject(err);
    });
  });
}

/** The security headers every response must carry. */
export const SECURITY_HEADERS = {
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin, strict-origin-when-cross-origin',
};

/** A pino logger writing into an array, to assert on log lines. */
export function memoryLogger(level = 'debug'): {
  logger: Logger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      cb();
    },
  });
  return { logger: pino<never>({ level }, stream), lines };
}

/** Polls `check` until it holds (no fixed sleeps), failing after `timeoutMs`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
