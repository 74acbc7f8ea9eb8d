import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { DoesNotExistError } from '../../errors/index.ts';
import { callMethod, type MethodRegistry } from '../methods.ts';
import { contextOf } from '../request-state.ts';
import { runInContext, v1Reply } from '../run-in-context.ts';

const routeMethods: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Whitelisted methods over HTTP: `ANY /api/method/<name>` and `/api/v1/method/<name>` reply
 * `{"message": result}`; `/api/v2/method/<name>` replies `{"data": result}`; the legacy `cmd=<name>`
 * sent to `/` runs the same registry (a plain GET of `/` redirects to the desk or the login page).
 */
export function registerMethodRoutes(app: FastifyInstance, registry: MethodRegistry): void {
  const run = async (request: FastifyRequest, name: string) => {
    const ctx = contextOf(request);
    return { ctx, result: await runInContext(ctx, () => callMethod(registry, ctx, name)) };
  };
  const nameOf = (request: FastifyRequest) =>
    ((request.params as { '*': string })['*'] ?? '').replace(/\/+$/, '');

  const v1 = async (request: FastifyRequest, reply: FastifyReply) => {
    const { ctx, result } = await run(request, nameOf(request));
    return reply.header('cache-control', 'no-store').send(v1Reply(result, ctx.response));
  };
  app.route({ method: routeMethods, url: '/api/method/*', handler: v1 });
  app.route({ method: routeMethods, url: '/api/v1/method/*', handler: v1 });
  app.route({
    method: routeMethods,
    url: '/api/v2/method/*',
    handler: async (request, reply) => {
      const { result } = await run(request, nameOf(request));
      return reply.header('cache-control', 'no-store').send({ data: result ?? null });
    },
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/',
    handler: async (request, reply) => {
      const ctx = contextOf(request);
      const cmd = ctx.args.cmd;
      delete ctx.args.cmd;
      if (typeof cmd === 'string' && cmd) {
        const { result } = await run(request, cmd);
        return reply.header('cache-control', 'no-store').send(v1Reply(result, ctx.response));
      }
      if (request.method !== 'GET')
        throw new DoesNotExistError('The resource you are looking for is not available');
      return reply.redirect(ctx.user === 'Guest' ? '/login' : '/app', 302);
    },
  });
}
