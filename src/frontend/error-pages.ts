// The router's own error responses: an HTML page for browsers, Frappe's JSON error envelope under
// /api/ (so frappe-js-sdk and desk code show a proper message instead of failing to parse HTML).
import type { ServerResponse } from 'node:http';
import { pushSecurityHeaders, securityHeaderLines } from './security-headers.ts';

interface ErrorKind {
  title: string;
  excType: string;
  message: string;
}

const KINDS: Record<number, ErrorKind> = {
  400: { title: 'Bad Request', excType: 'BadRequest', message: 'The request could not be understood.' },
  404: { title: 'Not Found', excType: 'DoesNotExistError', message: 'The requested resource was not found.' },
  405: {
    title: 'Method Not Allowed',
    excType: 'MethodNotAllowed',
    message: 'This method is not allowed here.',
  },
  408: {
    title: 'Request Timeout',
    excType: 'RequestTimeout',
    message: 'The request took too long to arrive.',
  },
  413: {
    title: 'Payload Too Large',
    excType: 'RequestEntityTooLarge',
    message: 'The request body is larger than this server accepts.',
  },
  431: {
    title: 'Request Header Fields Too Large',
    excType: 'RequestHeaderFieldsTooLarge',
    message: 'The request headers are too large.',
  },
  500: { title: 'Internal Server Error', excType: 'InternalServerError', message: 'The router failed.' },
  502: {
    title: 'Bad Gateway',
    excType: 'BadGateway',
    message: 'The application server is not reachable. It may be starting or restarting; try again shortly.',
  },
  503: {
    title: 'Service Unavailable',
    excType: 'ServiceUnavailable',
    message: 'No application server is available yet. Try again shortly.',
  },
  504: {
    title: 'Gateway Timeout',
    excType: 'GatewayTimeout',
    message: 'The application server took too long to respond.',
  },
};

function kindOf(status: number): ErrorKind {
  return KINDS[status] ?? KINDS[500]!;
}

/** Whether a path gets JSON errors (Frappe's REST API) rather than an HTML page. */
export function wantsJson(path: string): boolean {
  return path.startsWith('/api/') || path === '/api';
}

/**
 * Frappe's error envelope: `exc` is a JSON string of a list of strings, `_server_messages` a JSON
 * string of a list of JSON strings of `{message, title, indicator}`.
 */
export function frappeErrorBody(status: number, message?: string): string {
  const kind = kindOf(status);
  const text = message ?? kind.message;
  const exception = `cortado.frontend.${kind.excType}: ${text}`;
  return JSON.stringify({
    exc_type: kind.excType,
    exception,
    exc: JSON.stringify([exception]),
    _server_messages: JSON.stringify([
      JSON.stringify({ message: text, title: kind.title, indicator: 'red' }),
    ]),
  });
}

/** A small self-contained HTML error page (no external resources: the backend may be down). */
export function htmlErrorBody(status: number, message?: string): string {
  const kind = kindOf(status);
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${status} ${kind.title}</title>` +
    '<style>body{font-family:system-ui,sans-serif;margin:15vh auto;max-width:34rem;padding:0 1rem;color:#1f272e}' +
    'h1{font-size:1.4rem}p{color:#525f6b}</style></head>' +
    `<body><h1>${status} ${kind.title}</h1><p>${escapeHtml(message ?? kind.message)}</p></body></html>\n`
  );
}

/**
 * Answers with the router's error page (JSON under /api/, HTML elsewhere), security headers
 * included. Does nothing if the response has already started: the caller then destroys it.
 *
 * @example sendError(res, 502, { path: '/api/method/ping', https: false, head: false });
 */
export function sendError(
  res: ServerResponse,
  status: number,
  opts: { path: string; https: boolean; head: boolean; close?: boolean; message?: string; extra?: string[] },
): void {
  if (res.headersSent) return;
  const json = wantsJson(opts.path);
  const body = json ? frappeErrorBody(status, opts.message) : htmlErrorBody(status, opts.message);
  const headers: string[] = [];
  pushSecurityHeaders(headers, opts.https);
  headers.push(
    'Content-Type',
    json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'Content-Length',
    String(Buffer.byteLength(body)),
    'Cache-Control',
    'no-store',
  );
  if (opts.close) headers.push('Connection', 'close');
  if (opts.extra) headers.push(...opts.extra);
  res.writeHead(status, headers);
  res.end(opts.head ? undefined : body);
}

/**
 * A complete raw HTTP/1.1 error response (connection closing), for sockets without a
 * ServerResponse. With `body: false` it has none: for a request that could not be parsed, whose
 * method (perhaps HEAD, whose answer must never have a body) is unknown.
 */
export function rawErrorResponse(status: number, opts: { body: boolean } = { body: true }): string {
  const kind = kindOf(status);
  const body = opts.body ? htmlErrorBody(status) : '';
  return (
    `HTTP/1.1 ${status} ${kind.title}\r\n` +
    securityHeaderLines(false) +
    (opts.body ? 'Content-Type: text/html; charset=utf-8\r\n' : '') +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Cache-Control: no-store\r\nConnection: close\r\n\r\n' +
    body
  );
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
