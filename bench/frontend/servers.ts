// The processes the benchmark measures, one role per child process so that no two share an event
// loop: `backend <port>`, `cortado <port> <backendPort> <sitesPath>`, `embedded <port> 0 <sitesPath>`
// (a backend and the router started as `cortado start` starts it, in one process),
// `http-proxy <port> <backendPort>`, `fastify-proxy <port> <backendPort>`. Each prints
// `ready <port>` once listening.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [role, portArg = '0', backendArg = '0', sitesArg] = process.argv.slice(2);
const port = Number(portArg);
const backend = `127.0.0.1:${backendArg}`;

// What Frappe answers to `/api/method/ping`, and a list of 20 rows of a few fields (~2.4 KB) for
// `/api/resource/...`.
const PING = Buffer.from('{"message":"pong"}');
const LIST_20 = Buffer.from(
  JSON.stringify({
    data: Array.from({ length: 20 }, (_, i) => ({
      name: `TODO-${1000 + i}`,
      status: 'Open',
      priority: 'Medium',
      owner: 'admin@example.com',
      modified: '2024-05-01 10:00:00.000000',
    })),
  }),
);

function answer(req: IncomingMessage, res: ServerResponse): void {
  const body = req.url?.startsWith('/api/resource/') ? LIST_20 : PING;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

function listenBackend(onPort: number): Promise<Server> {
  const server = createServer(answer);
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) => server.listen(onPort, '127.0.0.1', () => resolve(server)));
}

function sitesPath(): string {
  if (sitesArg) return sitesArg;
  const sites = mkdtempSync(join(tmpdir(), 'cortado-bench-sites-'));
  process.once('exit', () => rmSync(sites, { recursive: true, force: true }));
  return sites;
}

// Exit cleanly on SIGTERM/SIGINT so that `--cpu-prof` can write its profile.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));

function ready(server: Server): void {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
}

async function main(): Promise<void> {
  switch (role) {
    case 'backend': {
      ready(await listenBackend(port));
      return;
    }
    case 'cortado': {
      const { parseFrontendConfig, startFrontend } = await import('../../src/frontend/index.ts');
      const fe = await startFrontend(
        parseFrontendConfig({
          BACKEND: backend,
          SOCKETIO: '127.0.0.1:9',
          FRONTEND_PORT: String(port),
          FRONTEND_HOST: '127.0.0.1',
          SITES_PATH: sitesPath(),
        }),
      );
      ready(fe.server);
      return;
    }
    case 'embedded': {
      // What `cortado start` does with its router (CORTADO_ROUTER_THREAD=1: on its own thread), beside
      // a backend in the same process.
      const { runFrontend } = await import('../../src/cli/services.ts');
      const inner = await listenBackend(0);
      const fe = await runFrontend(
        {
          BACKEND: `127.0.0.1:${(inner.address() as AddressInfo).port}`,
          SOCKETIO: '127.0.0.1:9',
          FRONTEND_PORT: String(port),
          FRONTEND_HOST: '127.0.0.1',
          SITES_PATH: sitesPath(),
        },
        { ownThread: process.env.CORTADO_ROUTER_THREAD === '1' },
      );
      process.stdout.write(`ready ${fe.port}\n`);
      return;
    }
    case 'bare-undici': {
      // The floor: node:http + undici streaming with no routing, headers or checks at all.
      const { Pool } = await import('undici');
      const pool = new Pool(`http://${backend}`, { connections: 1024 });
      const server = createServer((req, res) => {
        pool
          .stream(
            { path: req.url ?? '/', method: 'GET', headers: req.headers as Record<string, string> },
            ({ statusCode, headers }) => {
              res.writeHead(statusCode, headers as Record<string, string>);
              return res;
            },
          )
          .catch(() => res.destroy());
      });
      server.listen(port, '127.0.0.1', () => ready(server));
      return;
    }
    case 'http-proxy': {
      const { default: httpProxy } = await import('http-proxy');
      const proxy = httpProxy.createProxyServer({
        target: `http://${backend}`,
        agent: new Agent({ keepAlive: true, maxSockets: 256 }),
      });
      // The same headers the router and nginx send.
      proxy.on('proxyReq', (proxyReq, req) => {
        proxyReq.setHeader('X-Frappe-Site-Name', (req.headers.host ?? '').split(':')[0] ?? '');
        proxyReq.setHeader('X-Forwarded-For', req.socket.remoteAddress ?? '');
        proxyReq.setHeader('X-Forwarded-Proto', 'http');
        proxyReq.setHeader('X-Use-X-Accel-Redirect', 'True');
      });
      proxy.on('error', (_err, _req, res) => {
        if ('writeHead' in res && !res.headersSent) res.writeHead(502);
        res.end();
      });
      const server = createServer((req, res) => proxy.web(req, res));
      server.listen(port, '127.0.0.1', () => ready(server));
      return;
    }
    case 'fastify-proxy': {
      const { default: Fastify } = await import('fastify');
      const { default: proxy } = await import('@fastify/http-proxy');
      const app = Fastify({ logger: false });
      await app.register(proxy, {
        upstream: `http://${backend}`,
        replyOptions: {
          rewriteRequestHeaders: (req, headers) => ({
            ...headers,
            'x-frappe-site-name': (req.headers.host ?? '').split(':')[0] ?? '',
            'x-forwarded-for': req.socket.remoteAddress ?? '',
            'x-forwarded-proto': 'http',
            'x-use-x-accel-redirect': 'True',
          }),
        },
      });
      await app.listen({ port, host: '127.0.0.1' });
      ready(app.server);
      return;
    }
    default:
      throw new Error(`unknown role ${role}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
