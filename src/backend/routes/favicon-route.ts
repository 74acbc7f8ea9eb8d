import type { FastifyInstance } from 'fastify';

// Cortado's mark: a small SVG (browsers take any image type at /favicon.ico, by its Content-Type).
const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#6f4e37"/><path d="M21.5 11.5a7 7 0 1 0 0 9" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round"/></svg>`;

/**
 * `GET /favicon.ico`: the icon browsers ask every site for (Frappe's sites answer it too), so it is never a
 * 404 in the console. No site, no database; cached a day.
 */
export function registerFaviconRoute(app: FastifyInstance): void {
  app.get('/favicon.ico', { config: { site: false } }, async (_request, reply) =>
    reply
      .type('image/svg+xml')
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .send(icon),
  );
}
