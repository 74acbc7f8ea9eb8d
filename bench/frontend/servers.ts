// The processes the benchmark measures, one role per child process so that no two share an event
// loop: `backend <port>`, `cortado <port> <backendPort>`, `http-proxy <port> <backendPort>`,
// `fastify-proxy <port> <backendPort>`. Each prints `ready <port>` once listening.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [role, portArg = '0', backendArg = '0'] = process.argv.slice(2);
const port = Number(portArg);
const backend = `127.0.0.1:${backendArg}`;

// ~1 KB of JSON, the size of a typical small Frappe API answer.
const BODY = Buffer.from(
  JSON.stringify({
    message: Array.from({ length: 12 }, (_, i) => ({
      name: `TODO-${1000 + i}`,
      status: 'Open',
      owner: 'admin@example.com',
    })),
  }),
);

// Exit cleanly on SIGTERM/SIGINT so that `--cpu-prof` can write its profile.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));

function ready(server: Server): void {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
}

async function main(): Promise<void> {
  switch (role) {
    case 'backend': {
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': BODY.length });
        res.end(BODY);
      });
      server.keepAliveTimeout = 65_000;
      server.listen(port, '127.0.0.1', () => ready(server));
      return;
    }
    case 'cortado': {
      const { parseFrontendConfig, startFrontend } = await import('../../src/frontend/index.ts');
      const sites = mkdtempSync(join(tmpdir(), 'cortado-bench-sites-'));
      process.once('exit', () => rmSync(sites, { recursive: true, force: true }));
      const fe = await startFrontend(
        parseFrontendConfig({
          BACKEND: backend,
          SOCKETIO: '127.0.0.1:9',
          FRONTEND_PORT: String(port),
          FRONTEND_HOST: '127.0.0.1',
          SITES_PATH: sites,
        }),
      );
      ready(fe.server);
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
