// A backend site with the built-in app, and small helpers to call it as Administrator or another user.
import type { FastifyInstance } from 'fastify';
import { testSite } from '../support/backend-site.ts';

// biome-ignore lint/suspicious/noExplicitAny: replies are read key by key by the assertions
export type Json = any;

/** A request through the backend as the user whose session is `sid`; JSON in and out. */
export async function call(
  app: FastifyInstance,
  sid: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await app.inject({
    method,
    url,
    headers: { host: testSite, cookie: `sid=${sid}`, accept: 'application/json' },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
}

/** The first message of a Frappe error envelope. */
export function serverMessage(body: Json): string {
  const list = JSON.parse(body._server_messages ?? '[]') as string[];
  return list.length ? (JSON.parse(list[0]!) as { message: string }).message : '';
}

/** `run_doc_method` on the Customize Form copy `doc`, as Frappe's desk calls it (`frm.call`). */
export function runCustomizeForm(
  app: FastifyInstance,
  sid: string,
  method: string,
  doc: Json,
): Promise<{ status: number; body: Json }> {
  return call(app, sid, 'POST', '/api/method/run_doc_method', { docs: JSON.stringify(doc), method });
}
