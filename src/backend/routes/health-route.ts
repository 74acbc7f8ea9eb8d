import type { FastifyInstance } from 'fastify';

/** `GET /health` → 200 `{"status":"ok"}`: no site, no database, for orchestrators' probes. */
export function registerHealthRoute(app: FastifyInstance): void {
  app.get('/health', { config: { site: false } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
}
