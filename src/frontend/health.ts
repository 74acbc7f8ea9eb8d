// `GET /health` for orchestrators (compose healthcheck, Kubernetes probes): answered by the router
// itself, so it says "this router is up" without depending on the backend (which has its own).
import type { ServerResponse } from 'node:http';
import { pushSecurityHeaders } from './security-headers.ts';

const BODY = '{"status":"ok"}';

/** Whether a request is the health check (`GET`/`HEAD /health`, any query string). */
export function isHealthCheck(method: string | undefined, url: string | undefined): boolean {
  return (
    (method === 'GET' || method === 'HEAD') && (url === '/health' || url?.startsWith('/health?') === true)
  );
}

/**
 * Answers `200 {"status":"ok"}`.
 *
 * @example if (isHealthCheck(req.method, req.url)) return answerHealth(res, req.method === 'HEAD');
 */
export function answerHealth(res: ServerResponse, head: boolean): void {
  const headers: string[] = [];
  pushSecurityHeaders(headers, false);
  headers.push(
    'Content-Type',
    'application/json',
    'Content-Length',
    String(BODY.length),
    'Cache-Control',
    'no-store',
  );
  res.writeHead(200, headers);
  res.end(head ? undefined : BODY);
}
