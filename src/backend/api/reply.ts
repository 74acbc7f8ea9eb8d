// How the REST routes answer: Frappe's `frappe.response` with the handler's value under `data`.
import type { FastifyReply } from 'fastify';
import type { RequestContext } from '../request-context.ts';

/**
 * Sends `{"data": value}` plus the keys the request added to `ctx.response` (`_debug_messages`, `docs`,
 * `has_next_page`); `data` is left out when the value is null or undefined, as Frappe does. Documents are
 * per user: never cached.
 *
 * @example return sendData(reply, ctx, doc);
 */
export function sendData(
  reply: FastifyReply,
  ctx: RequestContext,
  value: unknown,
  status = 200,
): FastifyReply {
  const body = value === undefined || value === null ? { ...ctx.response } : { data: value, ...ctx.response };
  return reply.code(status).header('cache-control', 'no-store').send(body);
}
