import type { FastifyReply } from 'fastify';
import type { FrappeError } from '../errors/index.ts';
import { escapeHtml, htmlDocument } from './html.ts';

/** What the renderer needs to know about the request. */
export interface ErrorRequestInfo {
  path: string;
  accept: string | undefined;
  xRequestedWith: string | undefined;
}

/**
 * JSON or HTML, as Frappe decides: JSON when an Accept header asks for JSON (or the request is XHR),
 * or when the path is under `/api/` and Accept does not start with `text`.
 */
export function wantsJson({ path, accept = '', xRequestedWith }: ErrorRequestInfo): boolean {
  if (accept && (xRequestedWith === 'XMLHttpRequest' || accept.includes('application/json'))) return true;
  return path.startsWith('/api/') && !accept.startsWith('text');
}

/**
 * The v1 error body: `exc_type`, `exception`, `exc` (a JSON string of a list of strings) and
 * `_server_messages` (a JSON string of a list of JSON strings), plus keys the request set (`extras`),
 * e.g. `message` on a failed login. Never a stack trace.
 */
export function v1ErrorBody(
  error: FrappeError,
  extras: Record<string, unknown> = {},
): Record<string, unknown> {
  const serverMessage = {
    message: error.message,
    title: error.messageTitle,
    indicator: 'red',
    raise_exception: 1,
  };
  return {
    ...extras,
    exc_type: error.excType,
    exception: error.exceptionLine,
    exc: JSON.stringify([error.exceptionLine]),
    _server_messages: JSON.stringify([JSON.stringify(serverMessage)]),
  };
}

/** The v2 error body: `{"errors":[{type,message,title,indicator}],"messages":[]}`. */
export function v2ErrorBody(error: FrappeError): Record<string, unknown> {
  return {
    errors: [{ type: error.excType, message: error.message, title: error.messageTitle, indicator: 'red' }],
    messages: [],
  };
}

/** A small HTML error page (title, message, a way home). */
export function errorPage(error: FrappeError): string {
  const body = `<main>
<h1>${escapeHtml(error.title)}</h1>
<p>${escapeHtml(error.message)}</p>
<p><a href="/">Home</a></p>
</main>`;
  return htmlDocument(error.title, body);
}

/** Sends `error` in the one format the request calls for. The single place errors become responses. */
export function renderError(
  reply: FastifyReply,
  info: ErrorRequestInfo,
  error: FrappeError,
  extras?: Record<string, unknown>,
): FastifyReply {
  reply.code(error.status);
  if (!wantsJson(info)) return reply.type('text/html; charset=utf-8').send(errorPage(error));
  reply.type('application/json; charset=utf-8');
  const body = info.path.startsWith('/api/v2/') ? v2ErrorBody(error) : v1ErrorBody(error, extras);
  return reply.send(JSON.stringify(body));
}
